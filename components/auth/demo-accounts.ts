import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/users/demo";
import { ROLE_LABELS } from "@/lib/auth/permissions";

export type DemoAccount = { email: string; roles: string };

/** Embedded default only, where these accounts exist: what the sign-in page offers to fill in. */
export function demoAccounts(): { password: string; accounts: DemoAccount[] } {
  return {
    password: DEMO_PASSWORD,
    accounts: DEMO_USERS.map((u) => ({ email: u.email, roles: u.roles.map((r) => ROLE_LABELS[r]).join(", ") })),
  };
}
