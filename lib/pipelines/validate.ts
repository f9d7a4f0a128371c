import aslValidator from "asl-validator";

export type AslProblem = { code: string; message: string; location?: string };

/** asl-validator's verdict on a definition. It annotates its argument in place, so it gets a copy. */
export function aslProblems(definition: unknown): AslProblem[] {
  const result = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
  return result.errors.map((e) => ({ code: e["Error code"], message: e.Message, ...(e.Location ? { location: e.Location } : {}) }));
}
