import type { RunDetail } from "@/lib/runs/detail";

/** What a value looks like after JSON (the monitor's API): dates become ISO strings. */
export type Jsonify<T> = T extends Date ? string : T extends (infer U)[] ? Jsonify<U>[] : T extends object ? { [K in keyof T]: Jsonify<T[K]> } : T;

export type RunView = Jsonify<RunDetail>;
export type StepView = RunView["steps"][number];

export function toView(run: RunDetail): RunView {
  return JSON.parse(JSON.stringify(run)) as RunView;
}
