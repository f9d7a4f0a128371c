// Verify asks ECR's DescribeImages through the SDK, of the environment in the image's region: here the engine's
// ECR, which knows the images built from contexts uploaded through Ferry and AWS's framework images by URI. The
// requests are recorded at the engine, checked against ECR's service model, which also proves what Ferry sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { observeRequests, type ObservedRequest } from "@/lib/engine/models";
import { registerImage, uploadBuildContext, verifyImage } from "@/lib/catalog/images/operations";
import { ensureBucket } from "@/lib/storage/objects";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

const BUCKET = "ferry-ecr-verify";
const FRAMEWORK = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
const b64 = (text: string) => Buffer.from(text).toString("base64");
const CONTEXT = [
  { name: "Dockerfile", base64: b64('FROM python:3.11-slim\nCOPY predict.py /opt/program/predict.py\nENTRYPOINT ["python3", "/opt/program/predict.py"]\n') },
  { name: "predict.py", base64: b64("print('scored')\n") },
];

let engine: TestEngine;
let ds: Actor;
const requests: ObservedRequest[] = [];
let stopObserving: () => void;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await ensureBucket(engine.s3, BUCKET);
  await prisma.environment.create({ data: { name: "embedded", kind: "EMBEDDED", region: "us-east-1", bucket: BUCKET, endpointOverride: engine.endpoint } });
  ds = await makeUser(["DATA_SCIENTIST"]);
  stopObserving = observeRequests((request) => requests.push(request));
});

afterAll(async () => {
  stopObserving();
  await engine?.close();
  await disconnectPrisma();
});

const describeImagesSent = () => requests.filter((r) => r.service === "ecr" && r.operation === "DescribeImages").map((r) => r.body);

describe("verifying an image in ECR", () => {
  it("records a custom image's digest from ECR once its build context is built, and verifying again asks for its tag", async () => {
    const image = await registerImage(prisma, ds, { uri: "000000000000.dkr.ecr.us-east-1.amazonaws.com/team/churn:2.1", kind: "CUSTOM" });
    await uploadBuildContext(prisma, ds, { imageId: image.id, files: CONTEXT });
    const built = await prisma.image.findUniqueOrThrow({ where: { id: image.id } });
    expect(built.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    await verifyImage(prisma, ds, { imageId: image.id });
    expect(describeImagesSent().at(-1)).toEqual({ registryId: "000000000000", repositoryName: "team/churn", imageIds: [{ imageTag: "2.1" }] });
    const stored = await prisma.image.findUniqueOrThrow({ where: { id: image.id } });
    expect(stored.digest).toBe(built.digest);
    expect(stored.verifiedAt).not.toBeNull();
  });

  it("knows AWS's framework images by URI", async () => {
    const image = await registerImage(prisma, ds, { uri: FRAMEWORK, kind: "FRAMEWORK" });
    const verified = await verifyImage(prisma, ds, { imageId: image.id });
    expect(verified.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(describeImagesSent().at(-1)).toEqual({ registryId: "683313688378", repositoryName: "sagemaker-scikit-learn", imageIds: [{ imageTag: "1.2-1-cpu-py3" }] });
  });

  it("says when ECR has no such image, changing nothing", async () => {
    const image = await registerImage(prisma, ds, { uri: "000000000000.dkr.ecr.us-east-1.amazonaws.com/missing:1", kind: "CUSTOM" });
    const error = await expectAppError(() => verifyImage(prisma, ds, { imageId: image.id }), "NOT_FOUND");
    expect(error.userMessage).toContain("ECR has no image");
    expect((await prisma.image.findUniqueOrThrow({ where: { id: image.id } })).digest).toBeNull();
  });

  it("needs an environment in the image's region", async () => {
    const image = await registerImage(prisma, ds, { uri: "123456789012.dkr.ecr.ap-south-1.amazonaws.com/churn:1", kind: "CUSTOM" });
    const error = await expectAppError(() => verifyImage(prisma, ds, { imageId: image.id }), "CONFLICT");
    expect(error.userMessage).toContain("ap-south-1");
  });

  it("is refused to someone who may not write the catalog, and nothing is asked of ECR", async () => {
    const image = await prisma.image.findFirstOrThrow({ where: { uri: FRAMEWORK } });
    const viewer = await makeUser([]);
    const asked = describeImagesSent().length;
    await expectRefusedWithoutChange(() => verifyImage(prisma, viewer, { imageId: image.id }), "FORBIDDEN");
    expect(describeImagesSent()).toHaveLength(asked);
  });
});
