import type { EngineCredentials } from "./credentials-file";

/** What a request signed with an access key must be verified against. */
export interface SigningSecret {
  secret: string;
  /** Temporary credentials (STS) also carry a token the request must present as X-Amz-Security-Token. */
  sessionToken?: string;
  /** Epoch milliseconds after which temporary credentials are refused (ExpiredToken). */
  expiresAt?: number;
}

/** Looks up the secret behind an access key id; undefined for a key the engine does not know. */
export interface CredentialStore {
  secretFor(accessKeyId: string): SigningSecret | undefined;
}

/** The engine's long-term key pair. */
export function staticCredentialStore(credentials: EngineCredentials): CredentialStore {
  return {
    secretFor: (accessKeyId) => (accessKeyId === credentials.accessKeyId ? { secret: credentials.secretAccessKey } : undefined),
  };
}

/** The first store that knows the key answers: the engine's own pair, then STS's temporary credentials. */
export function chainedCredentialStore(...stores: CredentialStore[]): CredentialStore {
  return {
    secretFor: (accessKeyId) => {
      for (const store of stores) {
        const secret = store.secretFor(accessKeyId);
        if (secret) return secret;
      }
      return undefined;
    },
  };
}
