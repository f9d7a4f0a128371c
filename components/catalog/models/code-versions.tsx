import type { ModelDetail } from "@/lib/catalog/models/queries";
import { formatDateTime } from "@/components/ui/format";
import { CommitRef } from "@/components/catalog/git/commit-ref";

/** The model's code versions, newest first: each prefix holds the complete set of files a run uses. */
export function CodeVersions({ versions }: { versions: ModelDetail["codeVersions"] }) {
  if (versions.length === 0) return null;
  return (
    <details className="text-sm" open={versions.length <= 3}>
      <summary className="cursor-pointer font-medium">Code versions ({versions.length})</summary>
      <ul className="mt-2 space-y-1.5" aria-label="Code versions">
        {versions.map((v) => (
          <li key={v.id}>
            <span className="font-medium">v{v.version}</span> · <span className="font-mono text-xs">{v.s3Uri}</span> · {v.files.length} file{v.files.length === 1 ? "" : "s"} · {v.createdBy.name} ·{" "}
            {formatDateTime(v.createdAt)}
            {v.gitUrl && v.gitCommit && (
              <div className="text-xs text-slate-600">
                from Git: <span className="font-mono">{v.gitUrl}</span> at {v.gitRef} · commit <CommitRef url={v.gitUrl} sha={v.gitCommit} />
              </div>
            )}
            <div className="font-mono text-xs text-slate-500">{v.files.map((f) => f.name).join("  ")}</div>
          </li>
        ))}
      </ul>
    </details>
  );
}
