import { Command, CommanderError, Option } from "commander";
import { contextOf } from "./context";
import { ApiError, EXIT, UsageError } from "./errors";
import { registerDeployments } from "./commands/deployments";
import { registerImages } from "./commands/images";
import { registerLogin } from "./commands/login";
import { registerModels } from "./commands/models";
import { registerPipelines } from "./commands/pipelines";
import { registerRuns } from "./commands/runs";

/**
 * `ferry`: Ferry's REST API (/api/v1) from a terminal or CI. Exit codes: 0 success, 1 failure (a refused change, a
 * failed run), 2 a run that succeeded with failed steps, 3 usage or authentication problems.
 */
export function ferryProgram(): Command {
  const program = new Command("ferry")
    .description("Drive Ferry from CI: import models, publish pipelines, request and approve deployments, start runs and wait for them")
    .option("--url <url>", "Ferry's base URL (default: FERRY_URL, then what `ferry login` stored)")
    .option("--token <token>", "a personal access token (default: FERRY_TOKEN, then what `ferry login` stored)")
    .addOption(new Option("-o, --output <format>", "text for people, json for scripts").choices(["text", "json"]).default("text"))
    .exitOverride()
    .showHelpAfterError();
  const context = contextOf(program);
  registerLogin(program, context);
  registerModels(program, context);
  registerImages(program, context);
  registerPipelines(program, context);
  registerDeployments(program, context);
  registerRuns(program, context);
  return program;
}

function codeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError) return EXIT.usage;
  return EXIT.failed;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await ferryProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (!(error instanceof CommanderError)) process.stderr.write(`ferry: ${error instanceof ApiError || error instanceof UsageError ? error.message : String(error)}\n`);
    return codeOf(error);
  }
}
