import type { EngineCredentials } from "./credentials-file";

/** What a request signed with an access key must be verified against. */
export interface SigningSecret {
  secret: string;
  /** Temporary credentials (STS) also carry a token the request must present as X-Amz-Security-Token. */
  sessionToken?: string;
}

/** Looks up the secret behind an access key id; undefined for a key the engine does not know. */
export interface CredentialStore {
  secretFor(accessKeyId: string): SigningSecret | undefined;
}

/** The engine's long-term key pair; temporary credentials (a later STS) will be another store. */
export function staticCredentialStore(credentials: EngineCredentials): CredentialStore {
  return {
    secretFor: (accessKeyId) => (accessKeyId === credentials.accessKeyId ? { secret: credentials.secretAccessKey } : undefined),
  };
}
