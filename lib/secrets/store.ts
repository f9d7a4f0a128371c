import { CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/lib/commands/command";
import { env, type Env } from "@/lib/config/env";
import { open, seal } from "./cipher";
import { resolveSecretsKey } from "./key";

/**
 * Credentials Ferry must use later but never show again (Git tokens, webhook secrets). Callers keep a reference
 * ("local:<uuid>" or "aws:<arn>"), never the value; values are never logged or returned to a browser.
 */
export type SecretRef = string;

export type SecretStore = {
  put: (db: PrismaClient | Tx, value: string, label: string) => Promise<SecretRef>;
  get: (db: PrismaClient | Tx, ref: SecretRef) => Promise<string>;
  remove: (db: PrismaClient | Tx, ref: SecretRef) => Promise<void>;
};

const LOCAL = "local:";
const AWS = "aws:";

function localStore(config: Env): SecretStore {
  const key = () => resolveSecretsKey(config);
  return {
    put: async (db, value) => {
      const id = crypto.randomUUID();
      await db.storedSecret.create({ data: { id, ciphertext: new Uint8Array(seal(key(), value, id)) } });
      return `${LOCAL}${id}`;
    },
    get: async (db, ref) => {
      const id = ref.slice(LOCAL.length);
      const row = await db.storedSecret.findUnique({ where: { id }, select: { ciphertext: true } });
      if (!row) throw new Error(`stored secret ${id} is missing`);
      return open(key(), row.ciphertext, id);
    },
    remove: async (db, ref) => {
      await db.storedSecret.deleteMany({ where: { id: ref.slice(LOCAL.length) } });
    },
  };
}

// In aws mode the SDK's default chain signs as for every AWS call (tests point it at the engine's Secrets Manager
// with AWS_ENDPOINT_URL_SECRETS_MANAGER: tests/git/secret-store.integration.test.ts).
function awsStore(config: Env): SecretStore {
  const client = () => new SecretsManagerClient({ region: config.AWS_REGION, maxAttempts: 3 });
  return {
    put: async (_db, value, label) => {
      const created = await client().send(new CreateSecretCommand({ Name: `ferry/${label}/${crypto.randomUUID()}`, SecretString: value }));
      if (!created.ARN) throw new Error("Secrets Manager returned no ARN");
      return `${AWS}${created.ARN}`;
    },
    get: async (_db, ref) => {
      const secret = await client().send(new GetSecretValueCommand({ SecretId: ref.slice(AWS.length) }));
      if (secret.SecretString === undefined) throw new Error("Secrets Manager returned no SecretString");
      return secret.SecretString;
    },
    remove: async (_db, ref) => {
      await client().send(new DeleteSecretCommand({ SecretId: ref.slice(AWS.length), RecoveryWindowInDays: 7 }));
    },
  };
}

/**
 * The one place that decides where secrets live: AWS Secrets Manager in aws mode, the encrypted table otherwise.
 * A reference names its store, so a secret written in one mode stays readable.
 */
export function secretStore(config: Env = env()): SecretStore {
  const local = localStore(config);
  const aws = awsStore(config);
  const of = (ref: SecretRef) => (ref.startsWith(AWS) ? aws : local);
  return {
    put: (db, value, label) => (config.FERRY_MODE === "aws" ? aws : local).put(db, value, label),
    get: (db, ref) => of(ref).get(db, ref),
    remove: (db, ref) => of(ref).remove(db, ref),
  };
}
