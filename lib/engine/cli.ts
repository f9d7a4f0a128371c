import path from "node:path";
import { parseArgs } from "node:util";
import { ENGINE_PROFILE } from "./auth/credentials-file";
import { startEngine } from "./index";

/**
 * `npm run engine -- --port N --data-dir DIR [--host H] [--region R]`: the engine on its own, outside the app
 * (region: the credential scope it accepts, default $AWS_REGION or us-east-1, as the app's). It prints
 * its credentials so the AWS CLI and boto3 can sign requests (or point AWS_SHARED_CREDENTIALS_FILE at the
 * file with AWS_PROFILE=ferry).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "data-dir": { type: "string" },
      host: { type: "string" },
      region: { type: "string" },
    },
  });
  // An empty variable means "not set", as in the app's own configuration.
  const port = Number(values.port ?? (process.env.FERRY_ENGINE_PORT || 4599));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${values.port}`);
  const dataDir = path.resolve(
    values["data-dir"] ?? path.join(process.env.FERRY_DATA_DIR || ".ferry", "engine"),
  );
  const region = values.region ?? (process.env.AWS_REGION || "us-east-1");
  const engine = await startEngine({ port, dataDir, host: values.host, region });
  // Handlers before the ready lines: whoever reads them may signal at once, and until a handler is set a
  // SIGTERM kills the process without closing the engine.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Ferry engine stopping (${signal})`);
    engine.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  console.log(`Ferry engine ready on ${engine.endpoint} (data: ${dataDir})`);
  console.log(`Credentials (profile ${ENGINE_PROFILE}): ${engine.credentialsFile}`);
  console.log(`AWS_ACCESS_KEY_ID=${engine.credentials.accessKeyId}`);
  console.log(`AWS_SECRET_ACCESS_KEY=${engine.credentials.secretAccessKey}`);
  console.log(`AWS_DEFAULT_REGION=${engine.region}`);
}

main().catch((error: unknown) => {
  console.error("Ferry engine failed to start:", error);
  process.exit(1);
});
