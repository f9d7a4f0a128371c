import { describe, expect, it } from "vitest";
import { artifactChanges, definitionSha256, fingerprintOf, type ArtifactImage, type Artifacts } from "./artifacts";

const custom: ArtifactImage = { uri: "img:1", imageId: "i", kind: "CUSTOM", version: 1, digest: null, context: "s3://b/ferry/images/i/aaaa/", interpreter: null, steps: ["infer"] };
const base: Artifacts = {
  schema: 2,
  pipeline: { versionId: "v", name: "churn", version: 1, contentHash: "a".repeat(64), definitionSha256: definitionSha256({ StartAt: "pre" }) },
  images: [custom],
  scripts: [{ name: "preprocess.py", stage: "PREPROCESS", version: 1, sha256: "1".repeat(64) }],
  code: { version: 1, s3Uri: "s3://b/ferry/code/m/1/" },
  parameters: { roleArn: "arn:aws:iam::000000000000:role/r", outputUri: "s3://b/o/", scripts: { PREPROCESS: "preprocess.py" }, steps: {} },
};
const texts = (before: Artifacts, after: Artifacts) => artifactChanges(before, after).map((c) => c.text);

describe("artifacts", () => {
  it("fingerprints content, not key order", () => {
    const reordered = { parameters: base.parameters, code: base.code, scripts: base.scripts, images: base.images, pipeline: base.pipeline, schema: base.schema };
    expect(fingerprintOf(reordered)).toBe(fingerprintOf(base));
    expect(fingerprintOf({ ...base, code: null })).not.toBe(fingerprintOf(base));
  });

  it("says in words what changed, keyed by the artifact", () => {
    const after: Artifacts = {
      ...base,
      images: [{ ...custom, version: 2, digest: `sha256:${"b".repeat(64)}` }],
      scripts: [{ name: "preprocess.py", stage: "PREPROCESS", version: 2, sha256: "2".repeat(64) }, { name: "util.py", stage: "SUPPORT", version: 1, sha256: "3".repeat(64) }],
      code: { version: 2, s3Uri: "s3://b/ferry/code/m/2/" },
    };
    expect(artifactChanges(base, after)).toEqual([
      { key: "image:img:1", text: "image img:1 changed: v1 (context s3://b/ferry/images/i/aaaa/) → v2 (bbbbbbbbbbbb)" },
      { key: "script:preprocess.py", text: "script preprocess.py changed: v1 (111111111111) → v2 (222222222222)" },
      { key: "script:util.py", text: "script util.py was added (v1)" },
      { key: "code", text: "code version 1 → 2" },
    ]);
    expect(artifactChanges(base, base)).toEqual([]);
  });

  // Each artifact on its own voids the approval: nothing a run executes can change unnoticed.
  it.each<[string, Partial<Artifacts>]>([
    ["the build context", { images: [{ ...custom, context: "s3://b/ferry/images/i/bbbb/" }] }],
    ["the image digest", { images: [{ ...custom, digest: `sha256:${"c".repeat(64)}` }] }],
    ["the interpreter", { images: [{ ...custom, context: null, interpreter: "python3.11" }] }],
    ["the definition", { pipeline: { ...base.pipeline, definitionSha256: definitionSha256({ StartAt: "evil" }) } }],
    ["the pipeline content", { pipeline: { ...base.pipeline, contentHash: "f".repeat(64) } }],
    ["a script", { scripts: [{ ...base.scripts[0]!, sha256: "9".repeat(64) }] }],
    ["the code version", { code: { version: 3, s3Uri: "s3://b/ferry/code/m/3/" } }],
    ["the parameters", { parameters: { ...base.parameters, outputUri: "s3://b/elsewhere/" } }],
  ])("a change to %s changes the fingerprint and is named", (_label, change) => {
    const after = { ...base, ...change };
    expect(fingerprintOf(after)).not.toBe(fingerprintOf(base));
    expect(texts(base, after)).toHaveLength(1);
  });

  it("hashes the definition as the deploy sends it", () => {
    expect(definitionSha256({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(definitionSha256({ a: 1 })).not.toBe(definitionSha256({ a: 2 }));
  });

});
