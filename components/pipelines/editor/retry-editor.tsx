"use client";

import type { RetryPolicy } from "@/lib/pipelines/spec";
import { LinesField } from "@/components/ui/lines-field";
import { NumberField } from "@/components/ui/number-field";

const DEFAULT_RETRY: RetryPolicy = { errors: ["SageMaker.AmazonSageMakerException", "States.Timeout"], intervalSeconds: 10, backoffRate: 2, maxAttempts: 3 };

/** The step's Retry: which errors, how long to wait first, how the wait grows, how many attempts. */
export function RetryEditor({ path, retry, onChange }: { path: string; retry: RetryPolicy | null; onChange: (retry: RetryPolicy | null) => void }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">Retry policy</legend>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={retry !== null} onChange={(event) => onChange(event.target.checked ? DEFAULT_RETRY : null)} className="accent-brand-600" />
        Retry failed jobs
      </label>
      {retry && (
        <div className="grid grid-cols-3 gap-2">
          <LinesField
            label="Errors to retry (one per line)"
            path={`${path}.errors`}
            values={retry.errors}
            onChange={(errors) => onChange({ ...retry, errors })}
            placeholder="States.Timeout"
            className="col-span-3"
          />
          <NumberField label="Interval (seconds)" path={`${path}.intervalSeconds`} value={retry.intervalSeconds} onChange={(intervalSeconds) => onChange({ ...retry, intervalSeconds })} />
          <NumberField label="Backoff rate" path={`${path}.backoffRate`} value={retry.backoffRate} step={0.5} onChange={(backoffRate) => onChange({ ...retry, backoffRate })} />
          <NumberField label="Max attempts" path={`${path}.maxAttempts`} value={retry.maxAttempts} onChange={(maxAttempts) => onChange({ ...retry, maxAttempts })} />
        </div>
      )}
    </fieldset>
  );
}
