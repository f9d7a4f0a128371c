import type { Command } from "commander";
import { apiClient, type Client } from "./client";
import { connection } from "./config";
import { printer, type OutputFormat, type Printer } from "./output";

export type GlobalOptions = { url?: string; token?: string; output: OutputFormat };

/** What every command needs, read from the global options when the command runs. */
export type Context = { client: () => Promise<Client>; out: () => Printer; options: () => GlobalOptions };

export function contextOf(program: Command): Context {
  const options = () => program.opts<GlobalOptions>();
  return {
    options,
    client: async () => apiClient(await connection(options())),
    out: () => printer(options().output),
  };
}
