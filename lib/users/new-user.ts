import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { Role } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";

/** The rows a password user needs: the user, their roles and better-auth's credential account. */
export async function newPasswordUser(user: {
  email: string;
  name: string;
  password: string;
  roles: readonly Role[];
}): Promise<Prisma.UserCreateInput> {
  const id = randomUUID();
  return {
    id,
    email: user.email,
    name: user.name,
    emailVerified: true,
    roles: { create: user.roles.map((role) => ({ role })) },
    // By better-auth's convention a credential account's accountId is the user's id.
    accounts: { create: { providerId: "credential", accountId: id, password: await hashPassword(user.password) } },
  };
}
