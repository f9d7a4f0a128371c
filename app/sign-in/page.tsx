import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { demoAccounts } from "@/components/auth/demo-accounts";
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
        <SignInForm oidc={oidcEnabled()} oidcProviderId={OIDC_PROVIDER_ID} demo={env().FERRY_MODE === "embedded" ? demoAccounts() : null} />
      </div>
    </main>
  );
}
