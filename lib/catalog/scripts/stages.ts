export const SCRIPT_STAGES = ["PREPROCESS", "INFERENCE", "POSTPROCESS", "SUPPORT"] as const;
export type ScriptStageValue = (typeof SCRIPT_STAGES)[number];
export const RUN_STAGES = ["PREPROCESS", "INFERENCE", "POSTPROCESS"] as const;

export const STAGE_LABELS: Record<ScriptStageValue, string> = {
  PREPROCESS: "Preprocess",
  INFERENCE: "Inference",
  POSTPROCESS: "Postprocess",
  SUPPORT: "Support file",
};

/** The stage a top-level file's name suggests (the article's preprocess.py / predict.py / postprocess.py). */
export function guessStage(name: string): ScriptStageValue {
  if (name.includes("/") || !name.toLowerCase().endsWith(".py")) return "SUPPORT";
  const base = name.toLowerCase();
  if (/^pre[-_]?process/.test(base)) return "PREPROCESS";
  if (/^(predict|inference|infer|score)/.test(base)) return "INFERENCE";
  if (/^post[-_]?process/.test(base)) return "POSTPROCESS";
  return "SUPPORT";
}
