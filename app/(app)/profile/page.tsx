import type { Metadata } from "next";
import Link from "next/link";
import { ROLE_LABELS, can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { listOwnTokens } from "@/lib/tokens/queries";
import { TokenForm } from "@/components/profile/token-form";
import { TokenTable } from "@/components/profile/token-table";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage() {
  const actor = await requireActor();
  const tokens = await listOwnTokens(prisma, actor.id);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{actor.name}</h1>
        <p className="mt-1 text-slate-600">
          {actor.email} · {actor.roles.map((r) => ROLE_LABELS[r]).join(", ") || "no role yet"}
        </p>
      </div>
      <section aria-labelledby="tokens" className="space-y-3">
        <h2 id="tokens" className="text-lg font-semibold">
          Personal access tokens
        </h2>
        <p className="text-slate-600">
          For CI and the <code>ferry</code> CLI (<code>npx ferry login</code>) through the <Link href="/api-docs" className="text-brand-700 underline">REST API</Link>. A token acts as you, with
          at most the roles you have when it is used (read-only tokens only read), until it expires or you revoke it. Every change made with it is audited under your name and the token.
        </p>
        {can(actor, "tokens:manage") ? <TokenForm /> : <p className="text-slate-600">You need a role before you can make a token; ask an admin.</p>}
        <TokenTable tokens={tokens.map((t) => ({ ...t, roles: t.roles.map((r) => ROLE_LABELS[r]) }))} />
      </section>
    </div>
  );
}
