"use client";

import Link from "next/link";
import { useAction } from "@/components/ui/use-action";
import { removeScriptFilesAction, setScriptStageAction } from "@/app/(app)/scripts/actions";
import { SCRIPT_STAGES, STAGE_LABELS, type ScriptStageValue } from "@/lib/catalog/scripts/stages";
import type { ModelDetail } from "@/lib/catalog/models/queries";
import { compactInputClass } from "@/components/ui/input-style";

/** The model's files with the stage each plays; changing a stage is audited on the model. */
export function ModelScripts({ modelId, scripts, canWrite }: { modelId: string; scripts: ModelDetail["scripts"]; canWrite: boolean }) {
  const { run, pending } = useAction(setScriptStageAction);
  const remove = useAction(removeScriptFilesAction);
  if (scripts.length === 0) return <p className="text-slate-600">No scripts yet. Drop the model&apos;s preprocess, inference and postprocess scripts and its requirements.txt below.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-slate-600">
          <tr>
            <th className="py-1 font-medium">File</th>
            <th className="py-1 font-medium">Stage</th>
            <th className="py-1 font-medium">Latest</th>
            <th className="py-1 font-medium">Warnings</th>
            {canWrite && <th className="py-1 font-medium" />}
          </tr>
        </thead>
        <tbody>
          {scripts.map((s) => (
            <tr key={s.id} className="border-t border-slate-100">
              <td className="py-1.5 font-mono text-xs">
                <Link href={`/scripts/${s.id}`} className="text-brand-700 underline">
                  {s.name}
                </Link>
              </td>
              <td className="py-1.5">
                {canWrite ? (
                  <select
                    aria-label={`Stage of ${s.name}`}
                    defaultValue={s.stage}
                    disabled={pending}
                    onChange={(e) => run({ scriptId: s.id, stage: e.target.value as ScriptStageValue }, `${s.name}: ${STAGE_LABELS[e.target.value as ScriptStageValue]}`)}
                    className={compactInputClass}
                  >
                    {SCRIPT_STAGES.map((stage) => (
                      <option key={stage} value={stage}>
                        {STAGE_LABELS[stage]}
                      </option>
                    ))}
                  </select>
                ) : (
                  STAGE_LABELS[s.stage]
                )}
              </td>
              <td className="py-1.5 text-slate-600">{s.latest ? `v${s.latest.version} · ${s.latest.sizeBytes} B · ${s.latest.sha256.slice(0, 12)}` : "—"}</td>
              <td className="py-1.5">{s.latest && s.latest.readiness.length > 0 ? <span className="text-amber-700">{s.latest.readiness.length}</span> : <span className="text-emerald-700">none</span>}</td>
              {canWrite && (
                <td className="py-1.5 text-right">
                  <button
                    type="button"
                    disabled={remove.pending || scripts.length === 1}
                    title={scripts.length === 1 ? "Upload the replacement first: a code version needs a file" : undefined}
                    onClick={() => {
                      if (window.confirm(`Remove ${s.name} from the next code version? Earlier versions keep it.`)) {
                        void remove.run({ modelId, names: [s.name] }, (r) => `Removed ${s.name}: code version ${r.codeVersion}`);
                      }
                    }}
                    className="rounded-md border border-slate-300 px-2 py-0.5 text-xs text-slate-700 disabled:opacity-50"
                  >
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
