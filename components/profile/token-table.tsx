"use client";

import { useAction } from "@/components/ui/use-action";
import { revokeTokenAction } from "@/app/(app)/profile/actions";

type TokenRow = {
  id: string;
  name: string;
  scope: "READ" | "ROLES";
  roles: string[];
  expiresAt: Date;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedAddress: string | null;
  revokedAt: Date | null;
};

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never");

function state(token: TokenRow): string {
  if (token.revokedAt) return `Revoked ${when(token.revokedAt)}`;
  return token.expiresAt.getTime() < Date.now() ? "Expired" : `Valid until ${when(token.expiresAt)}`;
}

export function TokenTable({ tokens }: { tokens: TokenRow[] }) {
  const { run, pending } = useAction(revokeTokenAction);
  if (tokens.length === 0) return <p className="text-slate-600">You have no tokens yet.</p>;
  return (
    <table className="w-full rounded-xl border border-slate-200 bg-white text-sm">
      <caption className="sr-only">Your tokens</caption>
      <thead className="text-left text-slate-600">
        <tr>
          <th className="p-2">Name</th>
          <th className="p-2">Scope</th>
          <th className="p-2">State</th>
          <th className="p-2">Last used</th>
          <th className="p-2">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id} className="border-t border-slate-100" data-testid={`token-${token.name}`}>
            <td className="p-2 font-medium">{token.name}</td>
            <td className="p-2">{token.scope === "READ" ? "Read only" : token.roles.join(", ")}</td>
            <td className="p-2">{state(token)}</td>
            <td className="p-2">
              {when(token.lastUsedAt)}
              {token.lastUsedAddress ? ` from ${token.lastUsedAddress}` : ""}
            </td>
            <td className="p-2 text-right">
              {!token.revokedAt && (
                <button type="button" disabled={pending} onClick={() => void run({ tokenId: token.id }, `Revoked ${token.name}`)} className="rounded-md border border-red-300 px-2 py-1 text-red-700 disabled:opacity-60">
                  Revoke<span className="sr-only"> {token.name}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
