import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import type { BuildSummary } from "@/lib/catalog/images/build/queries";
import { BuildStatus } from "./build-status";

/** The latest image builds: what was built, where, by whom, and how it ended. */
export function BuildList({ builds }: { builds: BuildSummary[] }) {
  if (builds.length === 0) return <p className="text-sm text-slate-600">No builds yet.</p>;
  return (
    <DataTable label="Image builds" columns={["Image", "Status", "Digest", "Environment", "Asked by"]}>
      {builds.map((build) => (
        <tr key={build.id} className="align-top">
          <td className="px-4 py-2">
            <Link href={`/images/builds/${build.id}`} className="break-all font-mono text-xs text-brand-700 underline">
              {build.imageUri}
            </Link>
            <div className="text-xs text-slate-500">{build.createdAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}</div>
          </td>
          <td className="px-4 py-2">
            <BuildStatus status={build.status} />
            {build.failedPhase && <div className="text-xs text-red-800">in {build.failedPhase}</div>}
          </td>
          <td className="px-4 py-2 font-mono text-xs">{build.digest ? `${build.digest.slice(0, 19)}… (v${build.imageVersion})` : "—"}</td>
          <td className="px-4 py-2">{build.environment.name}</td>
          <td className="px-4 py-2">{build.requestedBy.name}</td>
        </tr>
      ))}
    </DataTable>
  );
}
