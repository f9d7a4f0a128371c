import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { catalogStorage } from "@/lib/catalog/storage";
import { registerImage, uploadBuildContext } from "@/lib/catalog/images/operations";
import { saveModel } from "@/lib/catalog/models/upsert";
import { uploadScripts } from "@/lib/catalog/scripts/upload";
import { requestDeployment } from "@/lib/deployments/commands";
import { approveAndDeploy } from "@/lib/deployments/deploy";
import { EMBEDDED_ENVIRONMENT } from "@/lib/environments/embedded";
import { putObject } from "@/lib/storage/objects";

export const DEMO_MODEL = "churn-demo";
const ASSETS = path.resolve("prisma/demo/churn");
const FRAMEWORK_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
const INFERENCE_IMAGE = "000000000000.dkr.ecr.us-east-1.amazonaws.com/churn-legacy:1.0";

async function filesOf(dir: string) {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  return Promise.all(names.map(async (name) => ({ name, base64: (await readFile(path.join(dir, name))).toString("base64") })));
}

async function imageId(db: PrismaClient, actor: Actor, uri: string, kind: "FRAMEWORK" | "CUSTOM", description: string) {
  const existing = await db.image.findUnique({ where: { uri }, select: { id: true } });
  return existing?.id ?? (await registerImage(db, actor, { uri, kind, description })).id;
}

/**
 * The demo legacy model, lifted the way a team would: the data scientist registers the images, creates the
 * model and uploads its scripts; the MLOps engineer requests a deployment on the demo pipeline; the admin
 * approves it, which deploys it. Everything goes through Ferry's own operations, so it is all audited.
 */
export async function seedDemoModel(db: PrismaClient, people: { ds: Actor; mlops: Actor; admin: Actor }, pipelineVersionId: string) {
  const { ds, mlops, admin } = people;
  const framework = await imageId(db, ds, FRAMEWORK_IMAGE, "FRAMEWORK", "SageMaker scikit-learn (script mode)");
  const inference = await imageId(db, ds, INFERENCE_IMAGE, "CUSTOM", "The churn model's legacy inference container");
  await uploadBuildContext(db, ds, { imageId: inference, files: await filesOf(path.join(ASSETS, "inference-image")) });

  const storage = await catalogStorage(db);
  const input = { bucket: storage.bucket, key: `demo/${DEMO_MODEL}/input/customers.csv` };
  await putObject(storage.s3, input, await readFile(path.join(ASSETS, "data", "customers.csv")), "text/csv");
  const model = await executeCommand(db, saveModel, ds, {
    slug: DEMO_MODEL,
    displayName: "Customer churn (demo)",
    team: "retention",
    tags: ["demo", "churn", "weekly"],
    description: "A desktop churn model: preprocess the CRM export, score it in its own container, list the customers at risk.",
    inputUri: `s3://${storage.bucket}/demo/${DEMO_MODEL}/input/`,
    outputUri: `s3://${storage.bucket}/demo/${DEMO_MODEL}/output/`,
    instanceType: "ml.m5.xlarge",
    volumeSizeGb: 5,
    maxRuntimeSeconds: 300,
    status: "READY",
    imageId: inference,
    scriptImageId: framework,
  });
  await uploadScripts(db, ds, { modelId: model.id, files: await filesOf(ASSETS) });

  const environment = await db.environment.findUniqueOrThrow({ where: { name: EMBEDDED_ENVIRONMENT }, select: { id: true } });
  const request = await executeCommand(db, requestDeployment, mlops, { modelId: model.id, pipelineVersionId, environmentId: environment.id });
  return approveAndDeploy(db, admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint, comment: "Demo model, approved at set-up" });
}
