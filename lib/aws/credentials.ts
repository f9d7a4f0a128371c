import { lstat } from "node:fs/promises";
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from "@smithy/core";
import type { AwsTarget } from "./targets";

type CredentialsProvider = ReturnType<typeof fromNodeProviderChain>;
type Credentials = Awaited<ReturnType<CredentialsProvider>>;

/** The profile the engine writes its credentials under (lib/engine/README.md, "Who may call"). */
export const ENGINE_PROFILE = "ferry";
/** A role session lasts an hour; the SDK's memo renews it five minutes before it ends. */
const ROLE_SESSION_SECONDS = 3600;

/**
 * The credentials a target signs with, read the AWS way: the engine's shared-credentials file (profile
 * `ferry`), the SDK's default chain, or AssumeRole with that chain (`fromTemporaryCredentials`, through the
 * target's own STS endpoint). Memoized and shared by every client of the target, and refreshed before they
 * expire, so one client set makes one AssumeRole per hour, not one per service.
 */
export function credentialsFor(target: AwsTarget): CredentialsProvider {
  const provider = source(target);
  const memoized = memoizeIdentityProvider(provider, isIdentityExpired, doesIdentityRequireRefresh);
  return memoized ? () => memoized() : provider;
}

function source(target: AwsTarget): CredentialsProvider {
  const credentials = target.credentials;
  switch (credentials.kind) {
    case "engine":
      return engineFile(credentials.file);
    case "assumed-role":
      return fromTemporaryCredentials({
        params: {
          RoleArn: credentials.roleArn,
          RoleSessionName: credentials.sessionName,
          DurationSeconds: ROLE_SESSION_SECONDS,
          ...(credentials.externalId ? { ExternalId: credentials.externalId } : {}),
        },
        masterCredentials: fromNodeProviderChain(),
        clientConfig: { region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}) },
      });
    default:
      return fromNodeProviderChain();
  }
}

/**
 * The engine's key pair from its credentials file, which is never read through a link someone else could have
 * planted; a missing file says how to get one.
 */
function engineFile(file: string): CredentialsProvider {
  // The same file as the config file too: it has no `[profile ferry]`, so a user's ~/.aws/config cannot add to it.
  const read = fromIni({ filepath: file, configFilepath: file, profile: ENGINE_PROFILE, ignoreCache: true });
  return async (): Promise<Credentials> => {
    const info = await lstat(file).catch(() => undefined);
    if (!info) throw new Error(`The embedded engine's credentials file ${file} does not exist: start the engine (npm start or npm run engine), or set FERRY_ENGINE_CREDENTIALS_FILE to its file.`);
    if (!info.isFile()) throw new Error(`The embedded engine's credentials file ${file} is not a regular file.`);
    return read();
  };
}
