// Verify asks ECR's DescribeImages through the SDK; a small stand-in speaking ECR's JSON protocol plays AWS here
// (the embedded engine has no ECR), which also proves what Ferry sends.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { registerImage, verifyImage } from "@/lib/catalog/images/operations";
import { expectAppError, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

const DIGEST = `sha256:${"c0ffee".repeat(10)}abcd`;
let server: Server;
const requests: { target: string; body: Record<string, unknown> }[] = [];
let ds: Actor;

beforeAll(async () => {
  // An AWS environment signs with the SDK's default credential chain (never the engine's); the stand-in takes any.
  vi.stubEnv("AWS_ACCESS_KEY_ID", "stand-in");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "stand-in");
  await resetDatabase();
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      const body = JSON.parse(text) as { repositoryName: string; imageIds: { imageTag?: string }[] };
      requests.push({ target: String(req.headers["x-amz-target"]), body });
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (body.repositoryName === "missing") {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: "RepositoryNotFoundException", message: "The repository with name 'missing' does not exist" }));
        return;
      }
      res.end(JSON.stringify({ imageDetails: [{ repositoryName: body.repositoryName, imageDigest: DIGEST, imageTags: [body.imageIds[0]?.imageTag] }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await prisma.environment.create({ data: { name: "embedded", kind: "EMBEDDED", region: "us-east-1", bucket: "ferry-embedded", endpointOverride: "http://127.0.0.1:9" } });
  await prisma.environment.create({ data: { name: "prod-eu", kind: "AWS", region: "eu-west-1", accountId: "123456789012", bucket: "ferry-prod", endpointOverride: `http://127.0.0.1:${port}` } });
  ds = await makeUser(["DATA_SCIENTIST"]);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  server.close();
  await disconnectPrisma();
});

describe("verifying an image in ECR", () => {
  it("calls DescribeImages for the URI's registry, repository and tag, and records the digest", async () => {
    const image = await registerImage(prisma, ds, { uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/churn:2.1", kind: "CUSTOM" });
    await verifyImage(prisma, ds, { imageId: image.id });
    expect(requests.at(-1)).toEqual({
      target: "AmazonEC2ContainerRegistry_V20150921.DescribeImages",
      body: { registryId: "123456789012", repositoryName: "team/churn", imageIds: [{ imageTag: "2.1" }] },
    });
    const stored = await prisma.image.findUniqueOrThrow({ where: { id: image.id } });
    expect(stored.digest).toBe(DIGEST);
    expect(stored.verifiedAt).not.toBeNull();
  });

  it("says when ECR has no such image, changing nothing", async () => {
    const image = await registerImage(prisma, ds, { uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/missing:1", kind: "CUSTOM" });
    const error = await expectAppError(() => verifyImage(prisma, ds, { imageId: image.id }), "NOT_FOUND");
    expect(error.userMessage).toContain("ECR has no image");
    expect((await prisma.image.findUniqueOrThrow({ where: { id: image.id } })).digest).toBeNull();
  });

  it("needs an AWS environment in the image's region", async () => {
    const image = await registerImage(prisma, ds, { uri: "123456789012.dkr.ecr.ap-south-1.amazonaws.com/churn:1", kind: "CUSTOM" });
    const error = await expectAppError(() => verifyImage(prisma, ds, { imageId: image.id }), "CONFLICT");
    expect(error.userMessage).toContain("ap-south-1");
  });
});
