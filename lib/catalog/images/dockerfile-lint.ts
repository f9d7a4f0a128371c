import { DockerfileParser, PropertyInstruction, type Instruction } from "dockerfile-ast";
import { z } from "zod";
import { isAwsFrameworkImage, parseImageUri } from "@/lib/aws/ecr-uri";

/**
 * Readiness of a Dockerfile for a SageMaker Processing job, before anything is built: findings with the line to
 * fix. Errors stop a build (it could not run, or would leak a secret into every copy of the image); warnings are
 * the data scientist's to weigh. The same rules hold on AWS and on the embedded engine.
 */
export const LintFinding = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  /** no-from, base-image, base-unpinned, no-command, processing-mount, shell-entrypoint, secret-in-env; and for a context, no-dockerfile, missing-requirement. */
  rule: z.string(),
  severity: z.enum(["error", "warning"]),
  message: z.string(),
});
export type LintFinding = z.infer<typeof LintFinding>;

export type LintContext = {
  /** Image URIs the catalog knows (a custom base built by Ferry is known). */
  knownImages?: readonly string[];
};

// Official Python images (Docker Hub or its ECR Public mirror): what legacy Python code runs on.
const PYTHON_BASE = /^(?:(?:docker\.io\/)?(?:library\/)?|public\.ecr\.aws\/docker\/library\/)python(?::|@|$)/;
// SageMaker's mounts: inputs and outputs land here, over whatever the image put there.
const PROCESSING_MOUNT = /^\/opt\/ml\/processing(\/|$)/;
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)(_|$)/i;
const SECRET_VALUE = /\b(AKIA|ASIA)[0-9A-Z]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bghp_[A-Za-z0-9]{36}\b|\bxox[abps]-[A-Za-z0-9-]{10,}/;

type Stage = { from: string; name?: string; line: number; instructions: Instruction[] };

const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const [image = "", as, name] = instruction.getArguments().map((a) => a.getValue());
      stages.push({ from: image, name: as?.toUpperCase() === "AS" ? name : undefined, line: lineOf(instruction), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The final stage and the earlier stages it builds on (`FROM <stage>`), base first: what ends up in the image. */
function finalChain(stages: Stage[]): Stage[] {
  const chain: Stage[] = [];
  for (let stage = stages.at(-1); stage; ) {
    chain.unshift(stage);
    const from = stage.from;
    const index = stages.indexOf(stage);
    stage = stages.slice(0, index).findLast((s) => s.name !== undefined && s.name === from);
  }
  return chain;
}

function baseFindings(stage: Stage, context: LintContext): LintFinding[] {
  const base = stage.from;
  const finding = (rule: string, severity: LintFinding["severity"], message: string): LintFinding => ({ file: "Dockerfile", line: stage.line, rule, severity, message });
  if (base === "scratch") return [finding("base-image", "error", "FROM scratch has no Python and no shell: the job's command could not run.")];
  const ecr = parseImageUri(base);
  const known = PYTHON_BASE.test(base) || (ecr !== null && isAwsFrameworkImage(ecr)) || (context.knownImages ?? []).includes(base);
  const findings: LintFinding[] = [];
  if (!known) {
    findings.push(finding("base-image", "warning", `The base image ${base} is not a known Python base (python:*, AWS's SageMaker images, or an image in the catalog): check it has the Python your code needs. The embedded engine runs the code on its own Python 3.`));
  }
  if (!/[:@]/.test(base.split("/").pop() ?? "") || base.endsWith(":latest")) {
    findings.push(finding("base-unpinned", "warning", `${base} names no fixed tag: the base moves under you and rebuilds are not reproducible. Pin a tag (python:3.11-slim) or a digest.`));
  }
  return findings;
}

function instructionFindings(instruction: Instruction): LintFinding[] {
  const line = lineOf(instruction);
  const keyword = instruction.getKeyword();
  const finding = (rule: string, severity: LintFinding["severity"], message: string): LintFinding => ({ file: "Dockerfile", line, rule, severity, message });
  const args = instruction.getArguments().map((a) => a.getValue());
  if ((keyword === "COPY" || keyword === "ADD" || keyword === "WORKDIR") && PROCESSING_MOUNT.test(args.at(-1) ?? "")) {
    return [finding("processing-mount", "error", `${keyword} into ${args.at(-1)}: SageMaker mounts the job's inputs and outputs under /opt/ml/processing, over what the image put there. Use /opt/ml/code or /opt/program.`)];
  }
  if (keyword === "ENTRYPOINT" && !(instruction.getArgumentsContent() ?? "").trim().startsWith("[")) {
    return [finding("shell-entrypoint", "warning", 'ENTRYPOINT in shell form runs under /bin/sh -c, which does not pass SageMaker\'s SIGTERM on: a stopped job is killed without cleaning up. Use the exec form, ["python3", "predict.py"].')];
  }
  if ((keyword === "ENV" || keyword === "ARG") && instruction instanceof PropertyInstruction) {
    return instruction.getProperties().flatMap((property) => {
      const name = property.getName();
      const value = property.getValue() ?? "";
      if (!(SECRET_VALUE.test(value) || (SECRET_NAME.test(name) && value !== ""))) return [];
      return [finding("secret-in-env", "error", `${keyword} ${name} puts a secret into the image, where anyone who can pull it reads it. Give it at run time (the step's environment) or use the job's role.`)];
    });
  }
  return [];
}

/** Findings for a Dockerfile's text, by line. */
export function lintDockerfile(text: string, context: LintContext = {}): LintFinding[] {
  const stages = stagesOf(text);
  if (stages.length === 0) return [{ file: "Dockerfile", line: 1, rule: "no-from", severity: "error", message: "The Dockerfile has no FROM line: it does not say which image it builds on." }];
  const chain = finalChain(stages);
  const first = chain[0] as Stage;
  const findings = [...baseFindings(first, context), ...chain.flatMap((stage) => stage.instructions.flatMap(instructionFindings))];
  const commands = chain.flatMap((stage) => stage.instructions).filter((i) => i.getKeyword() === "ENTRYPOINT" || i.getKeyword() === "CMD");
  if (commands.length === 0) {
    const last = chain.at(-1) as Stage;
    findings.push({
      file: "Dockerfile",
      line: last.line,
      rule: "no-command",
      severity: "error",
      message: "Neither ENTRYPOINT nor CMD: SageMaker Processing runs the image's own command (unless a step names one), so the job would have nothing to run.",
    });
  }
  return findings.sort((a, b) => a.line - b.line);
}
