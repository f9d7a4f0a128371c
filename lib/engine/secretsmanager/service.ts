import { randomInt, randomUUID } from "node:crypto";
import { z } from "zod";
import { AwsError, parseOrRefuse } from "../errors";
import type { JsonService } from "../http/json-protocol";
import { type SecretRecord, SecretStore, type SecretVersion } from "./store";

export interface SecretsManagerService extends JsonService {
  load(): Promise<void>;
}

const CURRENT = "AWSCURRENT";
const PREVIOUS = "AWSPREVIOUS";
const DAY_MS = 24 * 60 * 60_000;
const SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
// Secrets Manager's rule for names: letters, digits and /_+=.@-.
const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

const invalidParameter = (message: string) => new AwsError("InvalidParameterException", message);
const notFound = () => new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
const markedForDeletion = () => new AwsError("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");

/** The members the engine honours; anything else it cannot (replicas, KMS keys of its own) is refused rather than ignored. */
const Value = { SecretString: z.string().optional(), SecretBinary: z.string().optional(), ClientRequestToken: z.string().min(32).max(64).optional() };
const CreateSecret = z.strictObject({ Name: z.string(), Description: z.string().optional(), Tags: z.array(z.object({ Key: z.string().optional(), Value: z.string().optional() })).optional(), ...Value });
const PutSecretValue = z.strictObject({ SecretId: z.string(), ...Value });
const GetSecretValue = z.strictObject({ SecretId: z.string(), VersionId: z.string().optional(), VersionStage: z.string().optional() });
const SecretId = z.strictObject({ SecretId: z.string() });
const DeleteSecret = z.strictObject({ SecretId: z.string(), RecoveryWindowInDays: z.number().optional(), ForceDeleteWithoutRecovery: z.boolean().optional() });

const parse = <T>(schema: z.ZodType<T>, body: unknown, operation: string): T => parseOrRefuse(schema, body, operation, "InvalidParameterException");

const seconds = (ms: number) => ms / 1000;

function valueOf(input: { SecretString?: string; SecretBinary?: string }): Pick<SecretVersion, "secretString" | "secretBinary"> | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
  }
  if (input.SecretString !== undefined) return { secretString: input.SecretString };
  if (input.SecretBinary !== undefined) return { secretBinary: input.SecretBinary };
  return undefined;
}

const sameValue = (version: SecretVersion, value: Pick<SecretVersion, "secretString" | "secretBinary">) =>
  version.secretString === value.secretString && version.secretBinary === value.secretBinary;

/**
 * Secrets Manager (`X-Amz-Target: secretsmanager.<Operation>`), the part Ferry's secret store uses and a person
 * would reach for with the AWS CLI: create, put a new value (the old one becomes AWSPREVIOUS), get by name or
 * ARN (a stage or version), describe, delete after a recovery window (or at once) and restore. Values never
 * reach a log; on disk they are readable by the engine's user alone.
 */
export function createSecretsManagerService(options: { dataDir: string; region: string; accountId: string }): SecretsManagerService {
  const store = new SecretStore(options.dataDir);
  const suffix = () => Array.from({ length: 6 }, () => SUFFIX_CHARS[randomInt(SUFFIX_CHARS.length)]).join("");

  /** A secret by name, full ARN or ARN without its random suffix; one whose deletion took effect is gone. */
  const find = async (id: string): Promise<SecretRecord | undefined> => {
    const secret = [...store.secrets.values()].find((s) => s.name === id || s.arn === id || s.arn.slice(0, -7) === id);
    if (secret?.deletion !== undefined && secret.deletion <= Date.now()) {
      await store.remove(secret.name);
      return undefined;
    }
    return secret;
  };
  const existing = async (id: string) => {
    const secret = await find(id);
    if (!secret) throw notFound();
    return secret;
  };
  const live = async (id: string) => {
    const secret = await existing(id);
    if (secret.deleted !== undefined) throw markedForDeletion();
    return secret;
  };

  /** A new current version; replaying the same token with the same value is the same call. */
  const addVersion = (secret: SecretRecord, value: Pick<SecretVersion, "secretString" | "secretBinary">, token: string | undefined): SecretVersion => {
    const earlier = token ? secret.versions.find((v) => v.versionId === token) : undefined;
    if (earlier) {
      if (!sameValue(earlier, value)) throw new AwsError("ResourceExistsException", `You can't modify an existing version, you can only create a new version. VersionId: ${token}`);
      return earlier;
    }
    for (const version of secret.versions) version.stages = version.stages.includes(CURRENT) ? [PREVIOUS] : version.stages.filter((s) => s !== PREVIOUS);
    const version: SecretVersion = { versionId: token ?? randomUUID(), ...value, stages: [CURRENT], created: Date.now() };
    // Versions without a stage are dropped, as Secrets Manager deprecates them.
    secret.versions = [...secret.versions.filter((v) => v.stages.length > 0), version];
    secret.lastChanged = version.created;
    return version;
  };

  const operations: Record<string, (body: unknown) => Promise<unknown>> = {
    CreateSecret: async (body) => {
      const input = parse(CreateSecret, body, "CreateSecret");
      if (!NAME.test(input.Name)) throw invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
      const value = valueOf(input);
      const taken = await find(input.Name);
      if (taken) {
        if (taken.deleted !== undefined) throw new AwsError("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
        const replay = input.ClientRequestToken && value ? taken.versions.find((v) => v.versionId === input.ClientRequestToken && sameValue(v, value)) : undefined;
        if (replay) return { ARN: taken.arn, Name: taken.name, VersionId: replay.versionId };
        throw new AwsError("ResourceExistsException", `The operation failed because the secret ${input.Name} already exists.`);
      }
      const now = Date.now();
      const secret: SecretRecord = { name: input.Name, arn: `arn:aws:secretsmanager:${options.region}:${options.accountId}:secret:${input.Name}-${suffix()}`, description: input.Description, tags: input.Tags, created: now, lastChanged: now, versions: [] };
      const version = value ? addVersion(secret, value, input.ClientRequestToken) : undefined;
      await store.save(secret);
      return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.versionId } : {}) };
    },
    PutSecretValue: async (body) => {
      const input = parse(PutSecretValue, body, "PutSecretValue");
      const value = valueOf(input);
      if (!value) throw invalidParameter("You must provide either SecretString or SecretBinary.");
      const secret = await live(input.SecretId);
      const version = addVersion(secret, value, input.ClientRequestToken);
      await store.save(secret);
      return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: version.stages };
    },
    GetSecretValue: async (body) => {
      const input = parse(GetSecretValue, body, "GetSecretValue");
      const secret = await live(input.SecretId);
      const stage = input.VersionStage ?? (input.VersionId ? undefined : CURRENT);
      const version = secret.versions.find((v) => (!input.VersionId || v.versionId === input.VersionId) && (!stage || v.stages.includes(stage)));
      if (!version) {
        throw new AwsError("ResourceNotFoundException", input.VersionId ? `Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId}` : `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        ...(version.secretString !== undefined ? { SecretString: version.secretString } : { SecretBinary: version.secretBinary }),
        VersionStages: version.stages,
        CreatedDate: seconds(version.created),
      };
    },
    DescribeSecret: async (body) => {
      const secret = await existing(parse(SecretId, body, "DescribeSecret").SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        ...(secret.description !== undefined ? { Description: secret.description } : {}),
        CreatedDate: seconds(secret.created),
        LastChangedDate: seconds(secret.lastChanged),
        ...(secret.deleted !== undefined ? { DeletedDate: seconds(secret.deleted) } : {}),
        VersionIdsToStages: Object.fromEntries(secret.versions.map((v) => [v.versionId, v.stages])),
        ...(secret.tags ? { Tags: secret.tags } : {}),
      };
    },
    DeleteSecret: async (body) => {
      const input = parse(DeleteSecret, body, "DeleteSecret");
      if (input.ForceDeleteWithoutRecovery && input.RecoveryWindowInDays !== undefined) {
        throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
      }
      const days = input.RecoveryWindowInDays ?? 30;
      if (!input.ForceDeleteWithoutRecovery && (days < 7 || days > 30)) throw invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
      const secret = await existing(input.SecretId);
      const now = Date.now();
      if (input.ForceDeleteWithoutRecovery) {
        await store.remove(secret.name);
        return { ARN: secret.arn, Name: secret.name, DeletionDate: seconds(now) };
      }
      if (secret.deleted === undefined) {
        Object.assign(secret, { deleted: now, deletion: now + days * DAY_MS, lastChanged: now });
        await store.save(secret);
      }
      return { ARN: secret.arn, Name: secret.name, DeletionDate: seconds(secret.deletion ?? now) };
    },
    RestoreSecret: async (body) => {
      const secret = await existing(parse(SecretId, body, "RestoreSecret").SecretId);
      if (secret.deleted !== undefined) {
        delete secret.deleted;
        delete secret.deletion;
        secret.lastChanged = Date.now();
        await store.save(secret);
      }
      return { ARN: secret.arn, Name: secret.name };
    },
  };

  return {
    load: () => store.load(),
    handle: async (operation, body) => {
      const handler = operations[operation];
      if (!handler) throw new AwsError("UnknownOperationException", `secretsmanager.${operation} is not supported by the embedded engine.`);
      return handler(body);
    },
  };
}
