import { randomBytes } from "node:crypto";
import { chmod, link, lstat, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** The engine's own key pair: every request must be signed with it (SigV4). */
export interface EngineCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The profile the credentials file holds, so `AWS_PROFILE=ferry` selects it in the AWS CLI and boto3. */
export const ENGINE_PROFILE = "ferry";

const ACCESS_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Shaped like AWS's own keys (20 upper-case characters, 40-character secret), from the system's CSPRNG. */
export function generateCredentials(): EngineCredentials {
  const id = [...randomBytes(16)].map((byte) => ACCESS_KEY_ALPHABET[byte % 32]).join("");
  return { accessKeyId: `FERR${id}`, secretAccessKey: randomBytes(30).toString("base64") };
}

/** The AWS shared-credentials-file format, one profile. */
export function formatCredentialsFile(credentials: EngineCredentials): string {
  return `[${ENGINE_PROFILE}]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\n`;
}

/** Reads the `ferry` profile of a shared-credentials file; undefined when the file does not exist. */
export async function readCredentialsFile(file: string): Promise<EngineCredentials | undefined> {
  const info = await lstat(file).catch((error: unknown) => {
    if (isCode(error, "ENOENT")) return undefined;
    throw error;
  });
  if (!info) return undefined;
  // The engine's secret is never read through a link someone else could have planted.
  if (!info.isFile()) throw new Error(`The engine's credentials file ${file} is not a regular file.`);
  const profile = parseProfile(await readFile(file, "utf8"), ENGINE_PROFILE);
  const accessKeyId = profile.get("aws_access_key_id");
  const secretAccessKey = profile.get("aws_secret_access_key");
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(`The engine's credentials file ${file} has no [${ENGINE_PROFILE}] profile with aws_access_key_id and aws_secret_access_key.`);
  }
  return { accessKeyId, secretAccessKey };
}

/**
 * The engine's credentials: read from `file` when it exists (a restart keeps them), else generated and
 * written there, readable by the owner only. The file appears whole (written aside, then linked into place,
 * which fails if it exists), so two engines starting on one data directory end up with the same credentials.
 */
export async function loadOrCreateCredentials(file: string): Promise<EngineCredentials> {
  const existing = await readCredentialsFile(file);
  if (existing) {
    await chmod(file, 0o600);
    return existing;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const fresh = generateCredentials();
  const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(aside, formatCredentialsFile(fresh), { mode: 0o600, flag: "wx" });
  try {
    await link(aside, file);
    return fresh;
  } catch (error) {
    if (!isCode(error, "EEXIST")) throw error;
    return loadOrCreateCredentials(file);
  } finally {
    await rm(aside, { force: true });
  }
}

function parseProfile(text: string, name: string): Map<string, string> {
  const values = new Map<string, string>();
  let current: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      current = section[1];
      continue;
    }
    const eq = line.indexOf("=");
    if (current === name && eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return values;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}
