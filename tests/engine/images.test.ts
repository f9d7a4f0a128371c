import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProcessingService, type ProcessingService } from "@/lib/engine/sagemaker";
import { sampleRequest } from "./sample-request";
import { FsObjectStore } from "./fs-object-store";
import { makeTempDir } from "./harness";

/** Custom images registered by build context and run in the sandbox, as the article's inference container. */

const IMAGE = "111111111111.dkr.ecr.us-east-1.amazonaws.com/legacycode:1.0";

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

async function put(body: unknown): Promise<Response> {
  return fetch(`${base}/_ferry/images`, { method: "PUT", body: JSON.stringify(body) });
}

beforeAll(async () => {
  root = await makeTempDir("images");
  objects = new FsObjectStore(path.join(root, "s3"));
  const context = path.join(root, "context");
  await mkdir(path.join(context, "helpers"), { recursive: true });
  await writeFile(path.join(context, "Dockerfile"), DOCKERFILE);
  await writeFile(path.join(context, "requirements.txt"), "pandas\n");
  await writeFile(path.join(context, "predict.py"), PREDICT);
  await writeFile(path.join(context, "helpers", "scoring.py"), "def score(x):\n    return x * 2\n");
  await mkdir(objects.pathOf("s3://data/in/"), { recursive: true });
  await writeFile(path.join(objects.pathOf("s3://data/in/"), "data.csv"), "x\n1\n2\n3\n");
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

describe("custom images", () => {
  it("registers a build context folder and runs the image's own command unchanged", async () => {
    const response = await put({ imageUri: IMAGE, kind: "custom", buildContextDir: path.join(root, "context") });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ imageUri: IMAGE, kind: "custom", config: { workdir: "/opt/ml/code", entrypoint: ["python3", "predict.py"] } });

    await svc.create(inferenceJob("inference-1"));
    const done = await svc.waitForTerminal("inference-1");
    expect(done.FailureReason).toBeUndefined();
    expect(done.ProcessingJobStatus).toBe("Completed");
    expect(await readFile(path.join(objects.pathOf("s3://data/inference-1/"), "predictions.csv"), "utf8")).toBe("x,score\n1,2\n2,4\n3,6\n");
    const meta = JSON.parse(await readFile(path.join(objects.pathOf("s3://data/inference-1/"), "meta.json"), "utf8")) as unknown;
    expect(meta).toEqual({ model: "legacy-churn", cwd: "/opt/ml/code", image_writable: false });
    const log = await (await fetch(`${base}/_ferry/jobs/inference-1/log`)).text();
    expect(log).toContain("skipped (not executed here; its packages must exist on the host): RUN pip install --no-cache-dir -r requirements.txt");
  });

  it("registers a build context from S3 and lists registrations", async () => {
    const prefix = objects.pathOf("s3://builds/legacy-v2/");
    await mkdir(path.join(prefix, "helpers"), { recursive: true });
    for (const file of ["Dockerfile", "requirements.txt", "predict.py", "helpers/scoring.py"]) {
      await writeFile(path.join(prefix, file), await readFile(path.join(root, "context", file)));
    }
    const uri = `${IMAGE.replace(":1.0", ":2.0")}`;
    expect((await put({ imageUri: uri, kind: "custom", buildContextUri: "s3://builds/legacy-v2/" })).status).toBe(200);
    const listed = (await (await fetch(`${base}/_ferry/images`)).json()) as { images: Array<{ imageUri: string; dir?: string }> };
    expect(listed.images.map((i) => i.imageUri)).toEqual(expect.arrayContaining([IMAGE, uri]));
    expect(listed.images.every((i) => i.dir === undefined)).toBe(true);
    await svc.create(inferenceJob("inference-2", uri));
    expect((await svc.waitForTerminal("inference-2")).ProcessingJobStatus).toBe("Completed");
  });

  it("refuses a Dockerfile it cannot reproduce, and malformed registrations", async () => {
    const context = path.join(root, "multistage");
    await mkdir(context, { recursive: true });
    await writeFile(path.join(context, "Dockerfile"), "FROM golang AS build\nRUN go build -o /app\nFROM debian\nCOPY --from=build /app /app\n");
    const refused = await put({ imageUri: "x/multi:1", kind: "custom", buildContextDir: context });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { message: string }).message).toContain("COPY --from");
    const noDockerfile = await put({ imageUri: "x/empty:1", kind: "custom", buildContextDir: path.join(root, "context", "helpers") });
    expect(noDockerfile.status).toBe(422);
    expect(((await noDockerfile.json()) as { message: string }).message).toContain("has no Dockerfile");
    expect((await put({ imageUri: "x/y:1", kind: "custom", buildContextDir: "relative/dir" })).status).toBe(400);
    expect((await put({ imageUri: "x/y:1", kind: "docker" })).status).toBe(400);
  });

  it("fails a job whose image is not mapped, with a clear reason", async () => {
    await svc.create(inferenceJob("unknown-image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/unregistered:latest"));
    const done = await svc.waitForTerminal("unknown-image");
    expect(done.ProcessingJobStatus).toBe("Failed");
    expect(done.FailureReason).toContain("is not known to the embedded engine");
    expect(done.FailureReason).toContain("PUT /_ferry/images");
  });

  it("runs a registered framework image's entrypoint on the given interpreter", async () => {
    expect((await put({ imageUri: "registry.local/sklearn:1", kind: "framework", python: "/usr/bin/python3" })).status).toBe(200);
    await svc.create({
      ...inferenceJob("framework-job", "registry.local/sklearn:1"),
      AppSpecification: { ImageUri: "registry.local/sklearn:1", ContainerEntrypoint: ["python", "-c", "import sklearn"] },
    });
    expect((await svc.waitForTerminal("framework-job")).ProcessingJobStatus).toBe("Completed");
  });

  it("fails a job whose interpreter is missing, naming the setting", async () => {
    expect((await put({ imageUri: "registry.local/broken:1", kind: "framework", python: "/nonexistent/python3" })).status).toBe(200);
    await svc.create({
      ...inferenceJob("no-python", "registry.local/broken:1"),
      AppSpecification: { ImageUri: "registry.local/broken:1", ContainerEntrypoint: ["python", "-c", "pass"] },
    });
    const done = await svc.waitForTerminal("no-python");
    expect(done.ProcessingJobStatus).toBe("Failed");
    expect(done.FailureReason).toContain("/nonexistent/python3");
    expect(done.FailureReason).toContain("FERRY_ENGINE_PYTHON");
  });
});
