import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cp, mkdir, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextDigest, listContext } from "@/lib/engine/images/context-files";
import { interpretDockerfile } from "@/lib/engine/images/dockerfile";
import { ImageRegistry } from "@/lib/engine/images/registry";
import { createProcessingService, type ProcessingService } from "@/lib/engine/sagemaker";
import { sampleRequest } from "./sample-request";
import { FsObjectStore } from "./fs-object-store";
import { makeTempDir } from "./harness";

/**
 * Custom images registered from a build context in the engine's S3 and run in the sandbox, as the article's
 * inference container; the registry's routes are served here without the engine's signature check (the
 * engine's own server adds it: tests/engine/engine-auth.test.ts).
 */

const REPO = "111111111111.dkr.ecr.us-east-1.amazonaws.com/legacycode";
const IMAGE = `${REPO}:1.0`;

const DOCKERFILE = `FROM python:3.9-slim
ENV MODEL_NAME=legacy-churn
WORKDIR /opt/ml/code
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY predict.py ./
COPY helpers/ /app/helpers/
ENTRYPOINT ["python3", "predict.py"]
`;

const PREDICT = `import json, os, sys
import pandas as pd
sys.path.insert(0, "/app/helpers")
from scoring import score
frame = pd.read_csv("/opt/ml/processing/input/data.csv")
frame["score"] = frame["x"].map(score)
os.makedirs("/opt/ml/processing/output", exist_ok=True)
frame.to_csv("/opt/ml/processing/output/predictions.csv", index=False)
try:
    open("/app/helpers/tampered.py", "w")
    image_writable = True
except OSError:
    image_writable = False
json.dump({"model": os.environ["MODEL_NAME"], "cwd": os.getcwd(), "image_writable": image_writable},
          open("/opt/ml/processing/output/meta.json", "w"))
`;

let root: string;
let objects: FsObjectStore;
let svc: ProcessingService;
let http: Server;
let base: string;
const savedInterpreters = process.env.FERRY_ENGINE_INTERPRETERS;

type Answer = { status: number; body: Record<string, unknown> };

async function put(body: unknown): Promise<Answer> {
  const response = await fetch(`${base}/_ferry/images`, { method: "PUT", body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function listed(): Promise<Array<{ imageUri: string; digest: string | null; dir?: string }>> {
  return ((await (await fetch(`${base}/_ferry/images`)).json()) as { images: Array<{ imageUri: string; digest: string | null; dir?: string }> }).images;
}

/** Writes a build context into the test's S3 (a folder standing in for the engine's store) and returns its URI. */
async function stageContext(prefix: string, files: Record<string, string>): Promise<string> {
  const uri = `s3://builds/${prefix}/`;
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(objects.pathOf(uri), name)), { recursive: true });
    await writeFile(path.join(objects.pathOf(uri), name), text);
  }
  return uri;
}

const CONTEXT = { Dockerfile: DOCKERFILE, "requirements.txt": "pandas\n", "predict.py": PREDICT, "helpers/scoring.py": "def score(x):\n    return x * 2\n" };

beforeAll(async () => {
  root = await makeTempDir("images");
  objects = new FsObjectStore(path.join(root, "s3"));
  await mkdir(objects.pathOf("s3://data/in/"), { recursive: true });
  await writeFile(path.join(objects.pathOf("s3://data/in/"), "data.csv"), "x\n1\n2\n3\n");
  // The engine reads its allow-list from its own environment when it starts.
  process.env.FERRY_ENGINE_INTERPRETERS = "broken=/nonexistent/python3";
  svc = createProcessingService({ dataDir: path.join(root, "sm"), objects, maxConcurrentJobs: 2, killGraceMs: 1000 });
  http = createServer((req, res) => {
    void svc.handleHttp(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (savedInterpreters === undefined) delete process.env.FERRY_ENGINE_INTERPRETERS;
  else process.env.FERRY_ENGINE_INTERPRETERS = savedInterpreters;
  await new Promise((resolve) => http.close(resolve));
  await svc.close();
  await rm(root, { recursive: true, force: true });
});

function inferenceJob(name: string, imageUri = IMAGE) {
  return sampleRequest({
    ProcessingJobName: name,
    AppSpecification: { ImageUri: imageUri },
    ProcessingInputs: [{ InputName: "input_data", S3Input: { S3Uri: "s3://data/in/", LocalPath: "/opt/ml/processing/input", S3DataType: "S3Prefix", S3InputMode: "File" } }],
    ProcessingOutputConfig: { Outputs: [{ OutputName: "output_data", S3Output: { S3Uri: `s3://data/${name}/`, LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }] },
  });
}

async function output(job: string, file: string): Promise<string> {
  return readFile(path.join(objects.pathOf(`s3://data/${job}/`), file), "utf8");
}

describe("custom images", () => {
  it("registers a build context from S3, answers its digest, and runs the image's own command unchanged", async () => {
    const registered = await put({ imageUri: IMAGE, kind: "custom", buildContextUri: await stageContext("v1", CONTEXT) });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ imageUri: IMAGE, kind: "custom", python: "python3", config: { workdir: "/opt/ml/code", entrypoint: ["python3", "predict.py"] } });
    expect(registered.body.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    await svc.create(inferenceJob("inference-1"));
    const done = await svc.waitForTerminal("inference-1");
    expect(done.FailureReason).toBeUndefined();
    expect(done.ProcessingJobStatus).toBe("Completed");
    expect(await output("inference-1", "predictions.csv")).toBe("x,score\n1,2\n2,4\n3,6\n");
    expect(JSON.parse(await output("inference-1", "meta.json"))).toEqual({ model: "legacy-churn", cwd: "/opt/ml/code", image_writable: false });
    const log = await readFile(path.join(root, "sm", "jobs", "inference-1", "job.log"), "utf8");
    expect(log).toContain("skipped (not executed here; its packages must exist on the host): RUN pip install --no-cache-dir -r requirements.txt");
    const images = await listed();
    expect(images.map((i) => i.imageUri)).toContain(IMAGE);
    expect(images.every((i) => i.dir === undefined)).toBe(true);
  });

  it("keeps every build by digest: a moved tag runs the new build, a pinned digest the old one", async () => {
    const first = await put({ imageUri: `${REPO}:moving`, kind: "custom", buildContextUri: await stageContext("moving-1", CONTEXT) });
    // The same files uploaded again, later, under another prefix: the same content, the same digest.
    const again = await put({ imageUri: `${REPO}:moving`, kind: "custom", buildContextUri: await stageContext("moving-1-again", CONTEXT) });
    expect(again.body.digest).toBe(first.body.digest);
    const changed = await put({
      imageUri: `${REPO}:moving`,
      kind: "custom",
      buildContextUri: await stageContext("moving-2", { ...CONTEXT, "helpers/scoring.py": "def score(x):\n    return x * 10\n" }),
    });
    expect(changed.body.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(changed.body.digest).not.toBe(first.body.digest);

    await svc.create(inferenceJob("by-tag", `${REPO}:moving`));
    await svc.create(inferenceJob("by-digest", `${REPO}@${String(first.body.digest)}`));
    expect((await svc.waitForTerminal("by-tag")).ProcessingJobStatus).toBe("Completed");
    expect((await svc.waitForTerminal("by-digest")).ProcessingJobStatus).toBe("Completed");
    expect(await output("by-tag", "predictions.csv")).toBe("x,score\n1,10\n2,20\n3,30\n");
    expect(await output("by-digest", "predictions.csv")).toBe("x,score\n1,2\n2,4\n3,6\n");

    await svc.create(inferenceJob("unknown-digest", `${REPO}@sha256:${"0".repeat(64)}`));
    expect((await svc.waitForTerminal("unknown-digest")).FailureReason).toContain("is not known to the embedded engine");
  });

  it("computes a context's digest from its files alone: names and bytes, not timestamps", async () => {
    const dir = path.join(root, "digest");
    await mkdir(path.join(dir, "sub"), { recursive: true });
    await writeFile(path.join(dir, "Dockerfile"), "FROM x\n");
    await writeFile(path.join(dir, "sub", "a.txt"), "a");
    const before = await contextDigest(dir, await listContext(dir));
    await utimes(path.join(dir, "sub", "a.txt"), new Date(0), new Date(0));
    expect(await contextDigest(dir, await listContext(dir))).toBe(before);
    await writeFile(path.join(dir, "sub", "a.txt"), "b");
    expect(await contextDigest(dir, await listContext(dir))).not.toBe(before);
  });

  it("refuses a Dockerfile it cannot reproduce, and malformed registrations, registering nothing", async () => {
    const refused = await put({ imageUri: "x/multi:1", kind: "custom", buildContextUri: await stageContext("multistage", { Dockerfile: "FROM golang AS build\nRUN go build -o /app\nFROM debian\nCOPY --from=build /app /app\n" }) });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain("COPY --from");
    const noDockerfile = await put({ imageUri: "x/empty:1", kind: "custom", buildContextUri: await stageContext("no-dockerfile", { "predict.py": PREDICT }) });
    expect(noDockerfile.status).toBe(422);
    expect(noDockerfile.body.message).toContain("has no Dockerfile");
    expect((await put({ imageUri: "x/y:1", kind: "custom", buildContextUri: "relative/dir" })).status).toBe(400);
    expect((await put({ imageUri: "x/y:1", kind: "docker" })).status).toBe(400);
    const pinned = await put({ imageUri: `x/y@sha256:${"a".repeat(64)}`, kind: "custom", buildContextUri: await stageContext("pinned", CONTEXT) });
    expect(pinned.status).toBe(400);
    expect(pinned.body.message).toContain("by tag");
    expect((await listed()).map((i) => i.imageUri)).not.toEqual(expect.arrayContaining(["x/multi:1", "x/empty:1", "x/y:1"]));
  });

  it("takes no host paths: neither a build context folder nor an interpreter outside the allow-list", async () => {
    const hostContext = path.join(root, "host-context");
    await mkdir(hostContext, { recursive: true });
    await writeFile(path.join(hostContext, "Dockerfile"), DOCKERFILE);
    const byFolder = await put({ imageUri: "x/host:1", kind: "custom", buildContextDir: hostContext });
    expect(byFolder.status).toBe(400);
    expect(JSON.stringify(byFolder.body.issues)).toContain("buildContextDir");
    const both = await put({ imageUri: "x/host:1", kind: "custom", buildContextUri: await stageContext("both", CONTEXT), buildContextDir: hostContext });
    expect(both.status).toBe(400);
    for (const python of ["/etc", "/usr/bin", "/root/.pyenv/bin/python3", "../python3"]) {
      const answer = await put({ imageUri: "x/host-python:1", kind: "framework", python });
      expect(answer.status, python).toBe(400);
      expect(answer.body.message).toContain("allows: python3, broken");
    }
    expect((await listed()).map((i) => i.imageUri)).not.toEqual(expect.arrayContaining(["x/host:1", "x/host-python:1"]));
  });

  it("refuses a context holding a symbolic link, without reading what it points at", async () => {
    // The engine's S3 cannot hold a link; the folder-backed store of this test can, as a context copied from
    // somewhere else could. Both a linked file and a linked Dockerfile are refused whole.
    const uri = await stageContext("linked", CONTEXT);
    await symlink("/etc/shadow", path.join(objects.pathOf(uri), "helpers", "shadow.py"));
    const linked = await put({ imageUri: "x/linked:1", kind: "custom", buildContextUri: uri });
    expect(linked.status).toBe(422);
    expect(linked.body.message).toContain("'helpers/shadow.py', which is a symbolic link");

    const dockerfileLink = `s3://builds/linked-dockerfile/`;
    await mkdir(objects.pathOf(dockerfileLink), { recursive: true });
    await symlink("/etc/passwd", path.join(objects.pathOf(dockerfileLink), "Dockerfile"));
    const answer = await put({ imageUri: "x/linked:2", kind: "custom", buildContextUri: dockerfileLink });
    expect(answer.status).toBe(422);
    expect(answer.body.message).not.toContain("root:");
    expect((await listed()).map((i) => i.imageUri)).not.toEqual(expect.arrayContaining(["x/linked:1", "x/linked:2"]));
  });

  it("fails a job whose image is not mapped, with a clear reason", async () => {
    await svc.create(inferenceJob("unknown-image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/unregistered:latest"));
    const done = await svc.waitForTerminal("unknown-image");
    expect(done.ProcessingJobStatus).toBe("Failed");
    expect(done.FailureReason).toContain("is not known to the embedded engine");
    expect(done.FailureReason).toContain("PUT /_ferry/images");
  });
});

describe("framework images and interpreters", () => {
  it("lists the allow-listed interpreters by name only", async () => {
    const answer = (await (await fetch(`${base}/_ferry/interpreters`)).json()) as unknown;
    expect(answer).toEqual({ interpreters: ["python3", "broken"] });
  });

  it("runs a registered framework image's entrypoint on a named interpreter (or its configured path, as older callers send)", async () => {
    const byName = await put({ imageUri: "registry.local/sklearn:1", kind: "framework", python: "python3" });
    expect(byName).toMatchObject({ status: 200, body: { python: "python3", digest: null } });
    const byPath = await put({ imageUri: "registry.local/sklearn:2", kind: "framework", python: "/usr/bin/python3" });
    expect(byPath).toMatchObject({ status: 200, body: { python: "python3", digest: null } });
    await svc.create({
      ...inferenceJob("framework-job", "registry.local/sklearn:2"),
      AppSpecification: { ImageUri: "registry.local/sklearn:2", ContainerEntrypoint: ["python", "-c", "import sklearn"] },
    });
    expect((await svc.waitForTerminal("framework-job")).ProcessingJobStatus).toBe("Completed");
  });

  it("fails a job whose allowed interpreter is missing on the host, naming its path", async () => {
    expect((await put({ imageUri: "registry.local/broken:1", kind: "framework", python: "broken" })).status).toBe(200);
    await svc.create({
      ...inferenceJob("no-python", "registry.local/broken:1"),
      AppSpecification: { ImageUri: "registry.local/broken:1", ContainerEntrypoint: ["python", "-c", "pass"] },
    });
    const done = await svc.waitForTerminal("no-python");
    expect(done.ProcessingJobStatus).toBe("Failed");
    expect(done.FailureReason).toContain("/nonexistent/python3");
  });
});

describe("registry written by an earlier engine", () => {
  it("reads the first registry format: builds keep running, interpreter paths become names", async () => {
    const dataDir = path.join(root, "legacy");
    const dir = path.join(dataDir, "images", "abc-1");
    await mkdir(path.join(dir, "context"), { recursive: true });
    await writeFile(path.join(dir, "context", "Dockerfile"), 'FROM x\nCOPY run.py /app/\nENTRYPOINT ["python3", "/app/run.py"]\n');
    await writeFile(path.join(dir, "context", "run.py"), "print('hi')\n");
    await cp(path.join(dir, "context", "run.py"), path.join(dir, "layer", "app", "run.py"), { recursive: true });
    const config = interpretDockerfile(await readFile(path.join(dir, "context", "Dockerfile"), "utf8"));
    await writeFile(
      path.join(dataDir, "images", "registry.json"),
      JSON.stringify([
        { imageUri: "old/custom:1", kind: "custom", source: "s3://b/ctx/", dir, config, registeredAt: "2025-01-01T00:00:00.000Z" },
        { imageUri: "old/framework:1", kind: "framework", python: "/usr/bin/python3", registeredAt: "2025-01-01T00:00:00.000Z" },
      ]),
    );
    const registry = new ImageRegistry(dataDir, objects, new Map([["python3", "/usr/bin/python3"]]));
    await registry.load();
    const contextDigestOf = await contextDigest(path.join(dir, "context"), await listContext(path.join(dir, "context")));
    expect(registry.list()).toEqual([
      expect.objectContaining({ imageUri: "old/custom:1", contextDigest: contextDigestOf, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), python: "python3" }),
      expect.objectContaining({ imageUri: "old/framework:1", digest: null, python: "python3" }),
    ]);
    // A pin names the image's digest (its manifest's, as ECR shows it), not the context's.
    const imageDigest = registry.list().find((i) => i.kind === "custom")?.digest;
    expect(registry.resolve(`old/custom@${imageDigest}`)).toMatchObject({ layerDir: path.join(dir, "layer"), python: "/usr/bin/python3" });
    expect(registry.resolve("old/framework:1")).toMatchObject({ python: "/usr/bin/python3" });
  });
});
