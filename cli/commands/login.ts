import type { Command } from "commander";
import { apiClient } from "../client";
import { saveConnection } from "../config";
import { UsageError } from "../errors";
import type { Context } from "../context";

type Me = { email: string; roles: string[]; token: { readOnly: boolean } | null };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

export function registerLogin(program: Command, context: Context) {
  program
    .command("login")
    .description("Check a personal access token (Profile → Tokens) and store it with Ferry's URL in ~/.config/ferry/config.json (0600)")
    .option("--token-stdin", "read the token from standard input instead of --token or FERRY_TOKEN")
    .action(async (options: { tokenStdin?: boolean }) => {
      const global = context.options();
      const url = (global.url ?? process.env.FERRY_URL)?.replace(/\/$/, "");
      const token = options.tokenStdin ? await readStdin() : (global.token ?? process.env.FERRY_TOKEN);
      if (!url) throw new UsageError("Say where Ferry is: ferry --url https://ferry.example.com login (or FERRY_URL).");
      if (!token?.startsWith("ferry_pat_")) throw new UsageError("Give a personal access token (ferry_pat_…) with --token, --token-stdin or FERRY_TOKEN.");
      const me = await apiClient({ url, token }).get<Me>("/me");
      const file = await saveConnection({ url, token });
      context.out().result({ url, email: me.email, roles: me.roles, readOnly: me.token?.readOnly ?? false, config: file }, () => `Logged in to ${url} as ${me.email} (${me.roles.join(", ") || "no role"}${me.token?.readOnly ? ", read-only" : ""}); saved in ${file}`);
    });
}
