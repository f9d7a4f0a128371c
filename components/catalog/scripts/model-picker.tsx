import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";

/** Picks the model to upload into by its name (a GET form, so it works for any number of models). */
export function ModelPicker({ value, recent }: { value: string; recent: string[] }) {
  return (
    <form method="get" action="/scripts" className="flex items-end gap-2" aria-label="Choose a model">
      <label className="w-72 text-sm">
        Model
        <input name="model" list="recent-models" defaultValue={value} placeholder="model slug" className={`${inputClass} font-mono`} />
      </label>
      <datalist id="recent-models">
        {recent.map((slug) => (
          <option key={slug} value={slug} />
        ))}
      </datalist>
      <SubmitButton tone="secondary">Choose</SubmitButton>
    </form>
  );
}
