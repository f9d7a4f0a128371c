import { inputClass } from "@/components/ui/input-style";
import { VersionOptions } from "@/components/ui/choices";
import { SubmitButton } from "@/components/ui/buttons";

/** Two versions → the compare page (a plain GET form: the result is a shareable URL). */
export function CompareForm({ pipelineId, versions }: { pipelineId: string; versions: readonly number[] }) {
  const [newest = 1, previous = 1] = versions;
  const select = (name: string, label: string, selected: number) => (
    <label className="text-sm">
      {label}
      <select name={name} defaultValue={selected} className={inputClass}>
        <VersionOptions versions={versions} />
      </select>
    </label>
  );
  return (
    <form action={`/pipelines/${pipelineId}/compare`} method="get" aria-label="Compare versions" className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3">
      {select("from", "From version", previous)}
      {select("to", "To version", newest)}
      <SubmitButton tone="secondary">Compare</SubmitButton>
    </form>
  );
}
