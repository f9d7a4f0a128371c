import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLayer } from "./build-layer";
import { listContext } from "./context-files";
import { interpretDockerfile } from "./dockerfile";

let dir = "";

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "build-layer-"));
  await mkdir(path.join(dir, "context"));
  await writeFile(path.join(dir, "context", "predict.py"), "print(1)\n");
  await writeFile(path.join(dir, "context", "model.tar.gz"), "not really gzip");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function layerOf(dockerfile: string): Promise<void> {
  const context = path.join(dir, "context");
  await buildLayer(interpretDockerfile(dockerfile), context, await listContext(context), path.join(dir, "layer"));
}

describe("buildLayer", () => {
  it("copies what COPY names under the image's paths", async () => {
    await layerOf("FROM x\nWORKDIR /app\nCOPY predict.py .\n");
    expect(await readFile(path.join(dir, "layer", "app", "predict.py"), "utf8")).toBe("print(1)\n");
  });

  it("names the Dockerfile line of a missing source, a system folder and an archive ADD would unpack", async () => {
    await expect(layerOf("FROM x\n\nCOPY missing.py /app/\n")).rejects.toThrow("Dockerfile line 3: COPY missing.py: no such file in the build context");
    await expect(layerOf("FROM x\nCOPY predict.py /usr/lib/\n")).rejects.toThrow(/^Dockerfile line 2: the image places files in \/usr\/lib\//);
    await expect(layerOf("FROM x\nADD model.tar.gz /opt/model/\n")).rejects.toThrow(/^Dockerfile line 2: ADD model.tar.gz: Docker would unpack this archive/);
    // COPY takes an archive as it is, as Docker does.
    await layerOf("FROM x\nCOPY model.tar.gz /opt/model/\n");
    expect(await readFile(path.join(dir, "layer", "opt", "model", "model.tar.gz"), "utf8")).toBe("not really gzip");
  });
});
