import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { UsageError } from "./errors";

/** ~/.config/ferry/config.json (or $XDG_CONFIG_HOME/ferry/config.json), readable by its owner only. */
export function configFile(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "ferry", "config.json");
}

const Stored = z.object({ url: z.url(), token: z.string().startsWith("ferry_pat_") });
export type Connection = z.infer<typeof Stored>;

export async function saveConnection(connection: Connection): Promise<string> {
  const file = configFile();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
  // An existing file keeps its old mode on write: set it every time.
  await chmod(file, 0o600);
  return file;
}

async function stored(): Promise<Partial<Connection>> {
  try {
    const parsed = Stored.partial().safeParse(JSON.parse(await readFile(configFile(), "utf8")));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Flags first, then FERRY_URL / FERRY_TOKEN (CI), then what `ferry login` stored. */
export async function connection(flags: { url?: string; token?: string }): Promise<Connection> {
  const saved = await stored();
  const url = flags.url ?? process.env.FERRY_URL ?? saved.url;
  const token = flags.token ?? process.env.FERRY_TOKEN ?? saved.token;
  if (!url || !token) throw new UsageError("Not logged in: run `ferry login --url <Ferry's URL>` (or set FERRY_URL and FERRY_TOKEN).");
  return { url: url.replace(/\/$/, ""), token };
}
