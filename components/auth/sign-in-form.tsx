"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth/auth-client";
import type { DemoAccount } from "./demo-accounts";
import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";

type Props = {
  oidc: { name: string } | null;
  oidcProviderId: string;
  demo: { password: string; accounts: DemoAccount[] } | null;
};

export function SignInForm({ oidc, oidcProviderId, demo }: Props) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.signIn.email({
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    setPending(false);
    if (failure) {
      // A 429 carries the server's own message: which limit, and how long to wait.
      setError(failure.status === 429 ? (failure.message ?? "Too many attempts. Wait a minute and try again.") : "Wrong email or password, or the account is disabled.");
      return;
    }
    router.replace("/");
    router.refresh();
  }

  function fill(email: string, password: string) {
    const fields = form.current?.elements;
    if (!fields) return;
    (fields.namedItem("email") as HTMLInputElement).value = email;
    (fields.namedItem("password") as HTMLInputElement).value = password;
  }

  return (
    <div className="space-y-6">
    <form ref={form} onSubmit={onSubmit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" aria-label="Sign in">
      <label className="block text-sm font-medium text-slate-700">
        Email
        <input name="email" type="email" required autoComplete="username" className={inputClass} />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Password
        <input name="password" type="password" required autoComplete="current-password" className={inputClass} />
      </label>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <SubmitButton pending={pending} busy="Signing in…" className="w-full">Sign in</SubmitButton>
      {oidc && (
        <button
          type="button"
          onClick={() => authClient.signIn.social({ provider: oidcProviderId, callbackURL: "/" })}
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-700 hover:bg-slate-50"
        >
          Continue with {oidc.name}
        </button>
      )}
    </form>
    {demo && (
      <section aria-label="Demo accounts" className="rounded-xl border border-dashed border-slate-300 bg-white/60 p-4 text-sm">
        <h2 className="font-medium text-slate-700">Demo accounts (embedded mode)</h2>
        <p className="mt-1 text-slate-600">
          Password for all: <code className="rounded bg-slate-100 px-1">{demo.password}</code> · click one to fill the form
        </p>
        <ul className="mt-2 space-y-1">
          {demo.accounts.map((account) => (
            <li key={account.email}>
              <button type="button" onClick={() => fill(account.email, demo.password)} className="flex w-full justify-between gap-4 rounded px-1 py-0.5 text-left hover:bg-slate-100">
                <code>{account.email}</code>
                <span className="text-slate-500">{account.roles}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    )}
    </div>
  );
}
