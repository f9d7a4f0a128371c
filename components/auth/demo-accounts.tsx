import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/users/demo";
import { ROLE_LABELS } from "@/lib/auth/permissions";

/** Shown on the embedded default only, where these accounts exist. */
export function DemoAccounts() {
  return (
    <section aria-label="Demo accounts" className="rounded-xl border border-dashed border-slate-300 bg-white/60 p-4 text-sm">
      <h2 className="font-medium text-slate-700">Demo accounts (embedded mode)</h2>
      <p className="mt-1 text-slate-600">
        Password for all: <code className="rounded bg-slate-100 px-1">{DEMO_PASSWORD}</code>
      </p>
      <ul className="mt-2 space-y-1">
        {DEMO_USERS.map((user) => (
          <li key={user.email} className="flex justify-between gap-4">
            <code>{user.email}</code>
            <span className="text-slate-500">{user.roles.map((r) => ROLE_LABELS[r]).join(", ")}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
