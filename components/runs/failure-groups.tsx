import Link from "next/link";
import type { FailureGroup } from "@/lib/runs/list";
import { filtersToSearch } from "@/lib/runs/filters";
import { FAILURE_STATUSES } from "@/lib/runs/status";
import { BulkRunBar } from "./bulk-run-bar";
import { formatDateTime } from "@/components/ui/format";

/**
 * Runs grouped by normalised failure reason (failed runs and caught step failures; never stopped runs): each
 * group links to its runs, and its failed runs are redriven in one click.
 */
export function FailureGroups({ groups, canStart }: { groups: FailureGroup[]; canStart: boolean }) {
  if (groups.length === 0) return <p className="text-sm text-slate-600">No failures. Failed runs and failed steps will be grouped here by reason across models.</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" data-testid="failure-groups">
      {groups.map((group) => {
        const query = filtersToSearch({ failureGroup: group.failureGroup });
        const caught = group.runs - group.failed;
        return (
          <li key={group.failureGroup} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div className="min-w-0 flex-1">
              <Link href={`/runs?${query}`} className="block truncate font-mono text-xs text-red-800 hover:underline" title={group.failureGroup}>
                {group.failureGroup}
              </Link>
              <p className="text-xs text-slate-600">
                {group.runs} runs{caught > 0 && ` (${caught} succeeded with this step failed)`} · {group.models} models · last {formatDateTime(group.lastSeen)}
              </p>
            </div>
            {canStart && group.failed > 0 && <BulkRunBar label="This group's failed runs" targets={{ redrive: filtersToSearch({ failureGroup: group.failureGroup, status: [...FAILURE_STATUSES] }) }} />}
          </li>
        );
      })}
    </ul>
  );
}
