import { parse } from "yaml";
import { z } from "zod";

const Phase = z.object({ commands: z.array(z.string()).default([]), "on-failure": z.enum(["ABORT", "CONTINUE"]).optional() }).loose();
const Buildspec = z
  .object({
    version: z.union([z.literal(0.2), z.literal("0.2")], { error: "version must be 0.2" }),
    env: z.object({ variables: z.record(z.string(), z.coerce.string()).optional(), "exported-variables": z.array(z.string()).optional() }).loose().optional(),
    phases: z.object({ install: Phase.optional(), pre_build: Phase.optional(), build: Phase.optional(), post_build: Phase.optional() }).loose().default({}),
  })
  .loose();

export const BUILDSPEC_PHASES = ["install", "pre_build", "build", "post_build"] as const;

/** A buildspec as the engine reads it: its variables, the variables to export, and each phase's commands. */
export interface ParsedBuildspec {
  variables: Record<string, string>;
  exported: string[];
  commands: Record<(typeof BUILDSPEC_PHASES)[number], string[]>;
}

export class BuildspecError extends Error {}

/** Parses a buildspec (YAML, version 0.2); a malformed one is CodeBuild's YAML_FILE_ERROR. */
export function parseBuildspec(text: string): ParsedBuildspec {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new BuildspecError(`YAML file does not parse: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  const parsed = Buildspec.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BuildspecError(`invalid buildspec${issue?.path.length ? ` at ${issue.path.join(".")}` : ""}: ${issue?.message ?? "malformed"}`);
  }
  const phases = parsed.data.phases;
  return {
    variables: parsed.data.env?.variables ?? {},
    exported: parsed.data.env?.["exported-variables"] ?? [],
    commands: { install: phases.install?.commands ?? [], pre_build: phases.pre_build?.commands ?? [], build: phases.build?.commands ?? [], post_build: phases.post_build?.commands ?? [] },
  };
}

/** Whether any command of the buildspec runs this Docker subcommand (`docker build …`, `docker push …`). */
export function runsDocker(buildspec: ParsedBuildspec, subcommand: "build" | "push"): boolean {
  const pattern = new RegExp(`(^|[\\s;&|(])docker\\s+(image\\s+)?${subcommand}\\b`);
  return BUILDSPEC_PHASES.some((phase) => buildspec.commands[phase].some((command) => pattern.test(command)));
}
