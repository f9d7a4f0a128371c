import { DockerfileParser, ModifiableInstruction, PropertyInstruction, type Instruction } from "dockerfile-ast";
import path from "node:path";
import { substitute } from "./substitute";

/** One COPY/ADD of files from the build context; `dest` is absolute inside the image. */
export interface CopyStep {
  sources: string[];
  dest: string;
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

export class DockerfileError extends Error {}

const DEFAULT_SHELL = ["/bin/sh", "-c"];

/**
 * Interprets a Dockerfile's final stage (following `FROM <earlier stage>` chains): FROM only names the base,
 * WORKDIR, ENV, ARG defaults, SHELL, COPY/ADD of local files, ENTRYPOINT and CMD (exec and shell forms) are
 * honoured, RUN is recorded as skipped (its packages must already be on the host), USER and the rest are
 * ignored. What cannot be reproduced without a build (COPY --from, ADD <url>) is refused with the reason.
 */
export function interpretDockerfile(text: string): ImageConfig {
  const stages = splitStages(DockerfileParser.parse(text).getInstructions());
  const final = stages.at(-1);
  if (!final) throw new DockerfileError("The Dockerfile has no FROM instruction.");
  return buildStage(final, stages);
}

interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === "FROM") {
      const [image = "", as, name] = instruction.getArguments().map((a) => a.getValue());
      stages.push({ from: image, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

function buildStage(stage: Stage, stages: Stage[]): ImageConfig {
  const parent = stages.find((s) => s !== stage && s.name !== undefined && s.name === stage.from);
  const config: ImageConfig = parent
    ? structuredClone(buildStage(parent, stages.slice(0, stages.indexOf(parent) + 1)))
    : { base: stage.from, workdir: "/", env: {}, entrypoint: [], cmd: [], copies: [], skipped: [] };
  const args: Record<string, string> = {};
  let shell = DEFAULT_SHELL;
  for (const instruction of stage.instructions) {
    const vars = { ...args, ...config.env };
    const keyword = instruction.getKeyword();
    switch (keyword) {
      case "ARG":
        for (const [name, value] of properties(instruction)) args[name] = substitute(value ?? "", vars);
        break;
      case "ENV":
        for (const [name, value] of properties(instruction)) config.env[name] = substitute(value ?? "", { ...args, ...config.env });
        break;
      case "WORKDIR":
        config.workdir = path.posix.resolve(config.workdir, substitute(instruction.getArgumentsContent() ?? "", vars));
        break;
      case "SHELL":
        shell = execForm(instruction) ?? DEFAULT_SHELL;
        break;
      case "COPY":
      case "ADD":
        config.copies.push(copyStep(instruction, config.workdir, vars));
        break;
      case "ENTRYPOINT":
        config.entrypoint = commandOf(instruction, shell);
        // Docker resets CMD when ENTRYPOINT is set.
        config.cmd = [];
        break;
      case "CMD":
        config.cmd = commandOf(instruction, shell);
        break;
      case "RUN":
        config.skipped.push(`RUN ${instruction.getArgumentsContent() ?? ""}`);
        break;
      default:
        break;
    }
  }
  return config;
}

function properties(instruction: Instruction): Array<[string, string | null]> {
  if (!(instruction instanceof PropertyInstruction)) return [];
  return instruction.getProperties().map((p) => [p.getName(), p.getValue()]);
}

function copyStep(instruction: Instruction, workdir: string, vars: Record<string, string>): CopyStep {
  const keyword = instruction.getKeyword();
  const flags = instruction instanceof ModifiableInstruction ? instruction.getFlags() : [];
  if (flags.some((f) => f.getName() === "from")) {
    throw new DockerfileError(`${keyword} --from copies from another image or stage, which the engine cannot build: ${instruction.getArgumentsContent()}`);
  }
  const words = (execForm(instruction) ?? instruction.getArguments().map((a) => a.getValue())).map((w) => substitute(w, vars));
  if (words.length < 2) throw new DockerfileError(`${keyword} needs a source and a destination: ${instruction.getArgumentsContent()}`);
  const sources = words.slice(0, -1);
  const remote = sources.find((s) => /^[a-z]+:\/\//i.test(s) || s.startsWith("git@"));
  if (remote) throw new DockerfileError(`${keyword} of a URL (${remote}) is not supported; add the file to the build context.`);
  const target = words.at(-1) ?? "";
  const dest = path.posix.resolve(workdir, target) + (target.endsWith("/") || target === "." ? "/" : "");
  return { sources, dest };
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
