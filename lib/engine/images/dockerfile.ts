import { DockerfileParser, ModifiableInstruction, PropertyInstruction, type Instruction } from "dockerfile-ast";
import path from "node:path";
import { substitute } from "./substitute";

/** One COPY/ADD of files from the build context; `dest` is absolute inside the image. */
export interface CopyStep {
  sources: string[];
  dest: string;
  /** The instruction's line in the Dockerfile (1-based), for messages; absent in builds recorded before it was kept. */
  line?: number;
  /** ADD (which Docker would unpack local archives for), rather than COPY. */
  add?: boolean;
}

/** What the engine takes from a Dockerfile to run the image without Docker. */
export interface ImageConfig {
  base: string;
  workdir: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  copies: CopyStep[];
  /** Instructions that change the image but are not executed here (RUN): shown in each job's log. */
  skipped: string[];
}

/** What the engine did with one instruction of the final stage, for a build's log. */
export interface DockerfileStep {
  /** 1-based, as editors number lines. */
  line: number;
  instruction: string;
  effect: "honoured" | "skipped" | "ignored";
  reason?: string;
}

export class DockerfileError extends Error {}

const DEFAULT_SHELL = ["/bin/sh", "-c"];

/** Instructions that change nothing a processing job sees, and why. */
const IGNORED: Record<string, string> = {
  USER: "jobs run as an unprivileged user (uid 1000) in the sandbox, whatever the image says",
  EXPOSE: "a processing job takes no connections",
  VOLUME: "a job's storage is its /opt/ml volume",
  LABEL: "metadata only",
  MAINTAINER: "metadata only",
  HEALTHCHECK: "processing jobs have no health checks",
  STOPSIGNAL: "a stopped job gets SIGTERM, then SIGKILL",
  ONBUILD: "it applies to images built FROM this one",
};
const RUN_SKIPPED = "not executed here: its packages must already exist on the host's Python";

const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;
const textOf = (instruction: Instruction) => `${instruction.getKeyword()} ${instruction.getArgumentsContent() ?? ""}`.trim();

/** A refusal naming the Dockerfile line it comes from. */
export function dockerfileError(line: number | undefined, message: string): DockerfileError {
  return new DockerfileError(line === undefined ? message : `Dockerfile line ${line}: ${message}`);
}

/**
 * Interprets a Dockerfile's final stage (following `FROM <earlier stage>` chains): FROM only names the base,
 * WORKDIR, ENV, ARG defaults, SHELL, COPY/ADD of local files, ENTRYPOINT and CMD (exec and shell forms) are
 * honoured, RUN is recorded as skipped (its packages must already be on the host), USER and the others in
 * IGNORED change nothing a job sees. What cannot be reproduced without a build (COPY --from, ADD <url>, an
 * unknown instruction) is refused with its line. `report` hears what happened to each instruction of the final stage.
 */
export function interpretDockerfile(text: string, report: (step: DockerfileStep) => void = () => undefined): ImageConfig {
  const instructions = DockerfileParser.parse(text).getInstructions();
  if (!instructions.some((i) => i.getKeyword() === "FROM")) throw new DockerfileError("The Dockerfile has no FROM instruction.");
  const stages = splitStages(instructions);
  const final = stages.at(-1);
  if (!final) throw new DockerfileError("The Dockerfile has no FROM instruction.");
  return buildStage(final, stages, report);
}

interface Stage {
  from: string;
  name?: string;
  line: number;
  instructions: Instruction[];
}

function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === "FROM") {
      const [image = "", as, name] = instruction.getArguments().map((a) => a.getValue());
      stages.push({ from: image, name: as?.toUpperCase() === "AS" ? name : undefined, line: lineOf(instruction), instructions: [] });
    } else if (stages.length === 0 && instruction.getKeyword() !== "ARG") {
      throw dockerfileError(lineOf(instruction), `${instruction.getKeyword()} comes before the first FROM; only ARG may.`);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

function buildStage(stage: Stage, stages: Stage[], report: (step: DockerfileStep) => void): ImageConfig {
  const parent = stages.find((s) => s !== stage && s.name !== undefined && s.name === stage.from);
  const config: ImageConfig = parent
    ? structuredClone(buildStage(parent, stages.slice(0, stages.indexOf(parent) + 1), () => undefined))
    : { base: stage.from, workdir: "/", env: {}, entrypoint: [], cmd: [], copies: [], skipped: [] };
  report({ line: stage.line, instruction: `FROM ${stage.from}${stage.name ? ` AS ${stage.name}` : ""}`, effect: "honoured", reason: parent ? `continues stage ${stage.from}` : "names the base image" });
  const state = { args: {} as Record<string, string>, shell: DEFAULT_SHELL };
  for (const instruction of stage.instructions) report(apply(instruction, config, state));
  return config;
}

function apply(instruction: Instruction, config: ImageConfig, state: { args: Record<string, string>; shell: string[] }): DockerfileStep {
  const line = lineOf(instruction);
  const step = (effect: DockerfileStep["effect"], reason?: string): DockerfileStep => ({ line, instruction: textOf(instruction), effect, ...(reason ? { reason } : {}) });
  const vars = { ...state.args, ...config.env };
  const keyword = instruction.getKeyword();
  switch (keyword) {
    case "ARG":
      for (const [name, value] of properties(instruction)) state.args[name] = substitute(value ?? "", vars);
      return step("honoured");
    case "ENV":
      for (const [name, value] of properties(instruction)) config.env[name] = substitute(value ?? "", { ...state.args, ...config.env });
      return step("honoured");
    case "WORKDIR":
      config.workdir = path.posix.resolve(config.workdir, substitute(instruction.getArgumentsContent() ?? "", vars));
      return step("honoured");
    case "SHELL":
      state.shell = execForm(instruction) ?? DEFAULT_SHELL;
      return step("honoured");
    case "COPY":
    case "ADD":
      config.copies.push(copyStep(instruction, config.workdir, vars));
      return step("honoured");
    case "ENTRYPOINT":
      config.entrypoint = commandOf(instruction, state.shell);
      // Docker resets CMD when ENTRYPOINT is set.
      config.cmd = [];
      return step("honoured");
    case "CMD":
      config.cmd = commandOf(instruction, state.shell);
      return step("honoured");
    case "RUN":
      config.skipped.push(`${textOf(instruction)} (Dockerfile line ${line})`);
      return step("skipped", RUN_SKIPPED);
    default: {
      const reason = IGNORED[keyword];
      if (reason === undefined) throw dockerfileError(line, `unknown instruction ${keyword}.`);
      return step("ignored", reason);
    }
  }
}

function properties(instruction: Instruction): Array<[string, string | null]> {
  if (!(instruction instanceof PropertyInstruction)) return [];
  return instruction.getProperties().map((p) => [p.getName(), p.getValue()]);
}

function copyStep(instruction: Instruction, workdir: string, vars: Record<string, string>): CopyStep {
  const keyword = instruction.getKeyword();
  const line = lineOf(instruction);
  const flags = instruction instanceof ModifiableInstruction ? instruction.getFlags() : [];
  if (flags.some((f) => f.getName() === "from")) {
    throw dockerfileError(line, `${keyword} --from copies from another image or stage, which the engine cannot build: ${instruction.getArgumentsContent()}`);
  }
  const words = (execForm(instruction) ?? instruction.getArguments().map((a) => a.getValue())).map((w) => substitute(w, vars));
  if (words.length < 2) throw dockerfileError(line, `${keyword} needs a source and a destination: ${instruction.getArgumentsContent()}`);
  const sources = words.slice(0, -1);
  const remote = sources.find((s) => /^[a-z]+:\/\//i.test(s) || s.startsWith("git@"));
  if (remote) throw dockerfileError(line, `${keyword} of a URL (${remote}) is not supported; add the file to the build context.`);
  const target = words.at(-1) ?? "";
  const dest = path.posix.resolve(workdir, target) + (target.endsWith("/") || target === "." ? "/" : "");
  return { sources, dest, line, ...(keyword === "ADD" ? { add: true } : {}) };
}

/** The JSON array of an exec-form instruction, or undefined for the shell form (Docker's rule: not valid JSON means shell form). */
function execForm(instruction: Instruction): string[] | undefined {
  const content = (instruction.getArgumentsContent() ?? "").trim();
  if (!content.startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(content);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function commandOf(instruction: Instruction, shell: string[]): string[] {
  const exec = execForm(instruction);
  if (exec) return exec;
  const content = instruction.getArgumentsContent();
  return content ? [...shell, content] : [];
}
