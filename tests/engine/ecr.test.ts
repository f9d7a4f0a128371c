// ECR in the engine through the AWS SDK: a custom image registered from a build context is in the repository
// of its URI under its tag, with the digest of its manifest (as ECR computes it); AWS's framework images are known
// by URI; crafted lookups are refused with ECR's errors.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ImageNotFoundException,
  RepositoryNotFoundException,
} from "@aws-sdk/client-ecr";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineRouteFetch } from "@/lib/aws/engine-routes";
import { makeTempDir, startTestEngine, TEST_CREDENTIALS, TEST_REGION, type TestEngine, WRONG_CREDENTIALS } from "./harness";
import { CUSTOM_IMAGE, FIXTURES, FRAMEWORK_IMAGE, stageLegacyModel, uploadDir } from "./legacy-model";

const BUCKET = "ecr-bucket";
let dataDir: string;
let engine: TestEngine;
let ecr: ECRClient;

async function register(buildContextUri: string): Promise<string> {
  const response = await engineRouteFetch(new URL("/_ferry/images", engine.endpoint), { method: "PUT", region: TEST_REGION, credentials: TEST_CREDENTIALS, json: { imageUri: CUSTOM_IMAGE, kind: "custom", buildContextUri } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { digest: string }).digest;
}

async function contextBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(entries.filter((e) => e.isFile()).map((e) => stat(path.join(e.parentPath, e.name)).then((s) => s.size)));
  return sizes.reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  dataDir = await makeTempDir("ecr");
  engine = await startTestEngine({ dataDir });
  ecr = new ECRClient(engine.clientConfig());
  await stageLegacyModel(engine, BUCKET);
});

afterAll(async () => {
  ecr?.destroy();
  await engine?.close();
});

describe("ECR: the engine's registered images", () => {
  it("lists the custom image's repository, named by its URI", async () => {
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({}));
    expect(repositories).toEqual([
      expect.objectContaining({
        repositoryName: "legacy-model",
        registryId: "000000000000",
        repositoryUri: "000000000000.dkr.ecr.us-east-1.amazonaws.com/legacy-model",
        repositoryArn: "arn:aws:ecr:us-east-1:000000000000:repository/legacy-model",
      }),
    ]);
    await expect(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["nope"] }))).rejects.toBeInstanceOf(RepositoryNotFoundException);
  });

  it("describes the image by tag and by digest: the registration's digest, the context's size, when it was pushed", async () => {
    const digest = await register(`s3://${BUCKET}/images/legacy-model/`);
    const byTag = await ecr.send(new DescribeImagesCommand({ repositoryName: "legacy-model", imageIds: [{ imageTag: "1.0" }] }));
    expect(byTag.imageDetails).toEqual([
      expect.objectContaining({ registryId: "000000000000", repositoryName: "legacy-model", imageDigest: digest, imageTags: ["1.0"], imageSizeInBytes: await contextBytes(path.join(FIXTURES, "custom-image")), imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json" }),
    ]);
    expect(Math.abs((byTag.imageDetails?.[0]?.imagePushedAt?.getTime() ?? 0) - Date.now())).toBeLessThan(300_000);
    const byDigest = await ecr.send(new DescribeImagesCommand({ repositoryName: "legacy-model", imageIds: [{ imageDigest: digest }] }));
    expect(byDigest.imageDetails?.[0]?.imageTags).toEqual(["1.0"]);
  });

  it("serves the manifest, whose SHA-256 is the image digest, with the build context's digest as its layer", async () => {
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "legacy-model", imageIds: [{ imageTag: "1.0" }] }));
    const digest = imageDetails?.[0]?.imageDigest ?? "";
    const { images, failures } = await ecr.send(new BatchGetImageCommand({ repositoryName: "legacy-model", imageIds: [{ imageTag: "1.0" }, { imageTag: "missing" }] }));
    const manifest = images?.[0]?.imageManifest ?? "";
    expect(`sha256:${createHash("sha256").update(manifest).digest("hex")}`).toBe(digest);
    expect(images?.[0]).toMatchObject({ imageId: { imageDigest: digest, imageTag: "1.0" }, imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json" });
    expect(JSON.parse(manifest)).toMatchObject({ schemaVersion: 2, layers: [{ digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }] });
    expect(failures).toEqual([{ imageId: { imageTag: "missing" }, failureCode: "ImageNotFound", failureReason: "Requested image not found" }]);
  });

  it("keeps the old image when the tag moves to a new build: it is untagged, still found by digest", async () => {
    const before = (await ecr.send(new DescribeImagesCommand({ repositoryName: "legacy-model", imageIds: [{ imageTag: "1.0" }] }))).imageDetails?.[0]?.imageDigest;
    await uploadDir(engine.s3, path.join(FIXTURES, "custom-image"), BUCKET, "images/changed/");
    const dockerfile = await readFile(path.join(FIXTURES, "custom-image", "Dockerfile"), "utf8");
    await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "images/changed/Dockerfile", Body: `${dockerfile}\nENV CHANGED=1\n` }));
    const after = await register(`s3://${BUCKET}/images/changed/`);
    expect(after).not.toBe(before);
    const all = (await ecr.send(new DescribeImagesCommand({ repositoryName: "legacy-model" }))).imageDetails ?? [];
    expect(all.map((i) => [i.imageDigest, i.imageTags ?? []]).sort()).toEqual([[before, []], [after, ["1.0"]]].sort());
    const untagged = await ecr.send(new DescribeImagesCommand({ repositoryName: "legacy-model", filter: { tagStatus: "UNTAGGED" } }));
    expect(untagged.imageDetails?.map((i) => i.imageDigest)).toEqual([before]);
  });

  it("knows AWS's framework images by URI, with a digest that survives a restart", async () => {
    const [registry, rest] = FRAMEWORK_IMAGE.split(".dkr.ecr.us-east-1.amazonaws.com/") as [string, string];
    const [repositoryName, imageTag] = rest.split(":") as [string, string];
    const ask = () => ecr.send(new DescribeImagesCommand({ registryId: registry, repositoryName, imageIds: [{ imageTag }] }));
    const first = (await ask()).imageDetails?.[0];
    expect(first).toMatchObject({ registryId: registry, repositoryName, imageTags: [imageTag], imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    await engine.close();
    engine = await startTestEngine({ dataDir });
    ecr.destroy();
    ecr = new ECRClient(engine.clientConfig());
    expect((await ask()).imageDetails?.[0]?.imageDigest).toBe(first?.imageDigest);
    await expect(ecr.send(new DescribeImagesCommand({ registryId: registry, repositoryName: "not-a-framework", imageIds: [{ imageTag }] }))).rejects.toBeInstanceOf(RepositoryNotFoundException);
  });
});

describe("crafted ECR requests are refused", () => {
  it("answers ImageNotFoundException for a tag or digest the repository does not have", async () => {
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: "legacy-model", imageIds: [{ imageTag: "9.9" }] }))).rejects.toBeInstanceOf(ImageNotFoundException);
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: "legacy-model", imageIds: [{ imageDigest: `sha256:${"0".repeat(64)}` }] }))).rejects.toBeInstanceOf(ImageNotFoundException);
  });

  it("checks names and ids against the service model", async () => {
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: "../../etc" }))).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("'repositoryName'") });
    await expect(ecr.send(new DescribeImagesCommand({ registryId: "not-an-account", repositoryName: "legacy-model" }))).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("'registryId'") });
  });

  it("answers only signed requests with the engine's credentials", async () => {
    const stranger = new ECRClient(engine.clientConfig(WRONG_CREDENTIALS));
    await expect(stranger.send(new DescribeRepositoriesCommand({}))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    stranger.destroy();
  });
});
