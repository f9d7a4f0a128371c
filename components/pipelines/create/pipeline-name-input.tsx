import { inputClass } from "@/components/ui/input-style";

/** The pipeline's name, which becomes the state machine's name (so AWS's alphabet, checked by the server too). */
export function PipelineNameInput() {
  return (
    <label className="block text-sm">
      Pipeline name
      <input
        name="name"
        required
        maxLength={80}
        pattern="[A-Za-z0-9_\-]{1,80}"
        title="Letters, digits, - and _ (it becomes the state machine's name)"
        className={`${inputClass} font-mono`}
      />
      <span className="mt-1 block text-xs text-slate-500">Letters, digits, - and _; it becomes the state machine&apos;s name and cannot change later.</span>
    </label>
  );
}
