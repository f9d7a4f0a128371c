import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { DemoAccounts } from "@/components/auth/demo-accounts";
import { currentActor } from "@/lib/auth/session";
import { OIDC_PROVIDER_ID, oidcEnabled } from "@/lib/auth/auth";
import { env } from "@/lib/config/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await currentActor()) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center">
          <h1 className="text-3xl font-semibold tracking-tight text-brand-900">Ferry</h1>
          <p className="mt-1 text-sm text-slate-600">Legacy ML code into SageMaker, one pipeline at a time.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm oidc={oidcEnabled()} oidcProviderId={OIDC_PROVIDER_ID} />
        </div>
        {env().FERRY_MODE === "embedded" && <DemoAccounts />}
      </div>
    </main>
  );
}
