// The embedded engine of the server under test answers only requests signed with its own credentials, which
// `npm start` keeps in its data directory; specs that stage data in it sign with them, as Ferry does.
import path from "node:path";
import { engineRouteFetch, type EngineImage } from "../lib/aws/engine-routes";
import { type EngineCredentials, readCredentialsFile } from "../lib/engine/auth/credentials-file";

export const ENGINE = `http://127.0.0.1:${process.env.FERRY_E2E_ENGINE_PORT ?? "4699"}`;
const REGION = "us-east-1";

async function engineCredentials(): Promise<EngineCredentials> {
  const dataDir = process.env.FERRY_E2E_DATA_DIR;
  if (!dataDir) throw new Error("FERRY_E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  const credentials = await readCredentialsFile(path.join(dataDir, "engine", "credentials"));
  if (!credentials) throw new Error(`no engine credentials under ${dataDir}: is the server under test running?`);
  return credentials;
}

/** SDK settings for the engine under test. */
export async function engineClientConfig(): Promise<{ endpoint: string; region: string; credentials: EngineCredentials }> {
  return { endpoint: ENGINE, region: REGION, credentials: await engineCredentials() };
}

/** `PUT /_ferry/images`, signed. */
export async function registerEngineImage(image: EngineImage): Promise<Response> {
  return engineRouteFetch(new URL("/_ferry/images", ENGINE), { method: "PUT", region: REGION, json: image, credentials: await engineCredentials() });
}
