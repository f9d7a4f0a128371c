import Link from "next/link";
import type { FailureGroup } from "@/lib/runs/list";
import { BulkRunBar } from "./bulk-run-bar";
import { formatDateTime } from "@/components/ui/format";

/** Failed runs grouped by normalised reason: each group links to its runs and redrives them in one click. */
export function FailureGroups({ groups, canStart }: { groups: FailureGroup[]; canStart: boolean }) {
  if (groups.length === 0) return <p className="text-sm text-slate-600">No failed runs. Failures will be grouped here by reason across models.</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" data-testid="failure-groups">
      {groups.map((group) => {
        const query = new URLSearchParams({ failureGroup: group.failureGroup }).toString();
        return (
          <li key={group.failureGroup} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div className="min-w-0 flex-1">
              <Link href={`/runs?${query}`} className="block truncate font-mono text-xs text-red-800 hover:underline" title={group.failureGroup}>
                {group.failureGroup}
              </Link>
              <p className="text-xs text-slate-500">
                {group.runs} runs · {group.models} models · last {formatDateTime(group.lastSeen)}
              </p>
            </div>
            {canStart && <BulkRunBar filters={query} actions={["redrive"]} />}
          </li>
        );
      })}
    </ul>
  );
}
