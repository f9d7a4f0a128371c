import Link from "next/link";

/** Tabs of the deployments section; the approval queue only for those who decide. */
export function DeploymentsNav({ current, canDecide, canRequest, pending }: { current: "all" | "approvals"; canDecide: boolean; canRequest: boolean; pending?: number }) {
  const tab = (active: boolean) => `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-100"}`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <nav aria-label="Deployments" className="flex gap-2">
        <Link href="/deployments" className={tab(current === "all")} aria-current={current === "all" ? "page" : undefined}>
          All deployments
        </Link>
        {canDecide && (
          <Link href="/deployments/approvals" className={tab(current === "approvals")} aria-current={current === "approvals" ? "page" : undefined}>
            Approvals{pending ? ` (${pending})` : ""}
          </Link>
        )}
      </nav>
      {canRequest && (
        <Link href="/deployments/new" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Request a deployment
        </Link>
      )}
    </div>
  );
}
