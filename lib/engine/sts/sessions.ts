import { randomBytes } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { CredentialStore, SigningSecret } from "../auth/credential-store";
import { isNotFound, readJson, writeJsonAtomic } from "../store/json-file";

/** Temporary credentials handed out by AssumeRole, and whose they are. */
export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  roleArn: string;
  roleSessionName: string;
  /** `<role id>:<session name>`, GetCallerIdentity's UserId for the session. */
  assumedRoleId: string;
  /** The ARN the session acts as: `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
}

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Shaped like AWS's temporary credentials: `ASIA` + 16 characters, a 40-character secret, a long opaque token. */
export function newSessionSecrets(): Pick<Session, "accessKeyId" | "secretAccessKey" | "sessionToken"> {
  const id = [...randomBytes(16)].map((byte) => KEY_ALPHABET[byte % 32]).join("");
  return { accessKeyId: `ASIA${id}`, secretAccessKey: randomBytes(30).toString("base64"), sessionToken: randomBytes(96).toString("base64") };
}

/**
 * The sessions STS issued, one file each under `<data-dir>/sts/sessions/` (owner-only: they hold secrets),
 * written before AssumeRole answers, so they outlive a restart as AWS's do. Expired ones are refused by the
 * signature check (ExpiredToken) and their files removed on the next start.
 */
export class SessionStore implements CredentialStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly dir: string) {}

  async load(now = Date.now()): Promise<void> {
    const names = await readdir(this.dir).catch((error: unknown) => {
      if (isNotFound(error)) return [];
      throw error;
    });
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      const file = path.join(this.dir, name);
      const session = await readJson<Session>(file);
      if (!session || session.expiresAt <= now) await rm(file, { force: true });
      else this.sessions.set(session.accessKeyId, session);
    }
  }

  secretFor(accessKeyId: string): SigningSecret | undefined {
    const session = this.sessions.get(accessKeyId);
    return session ? { secret: session.secretAccessKey, sessionToken: session.sessionToken, expiresAt: session.expiresAt } : undefined;
  }

  /** The session behind temporary credentials, expired or not; undefined for the engine's own key. */
  get(accessKeyId: string): Session | undefined {
    return this.sessions.get(accessKeyId);
  }

  async issue(session: Session): Promise<void> {
    await writeJsonAtomic(path.join(this.dir, `${session.accessKeyId}.json`), session, { mode: 0o600 });
    this.sessions.set(session.accessKeyId, session);
  }
}
