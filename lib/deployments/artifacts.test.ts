import { describe, expect, it } from "vitest";
import { artifactChanges, fingerprintOf, type Artifacts } from "./artifacts";

const base: Artifacts = {
  pipeline: { versionId: "v", name: "churn", version: 1, contentHash: "a".repeat(64) },
  images: [{ uri: "img:1", digest: null, steps: ["infer"] }],
  scripts: [{ name: "preprocess.py", stage: "PREPROCESS", version: 1, sha256: "1".repeat(64) }],
  code: { version: 1, s3Uri: "s3://b/ferry/code/m/1/" },
  parameters: { roleArn: "arn:aws:iam::000000000000:role/r", outputUri: "s3://b/o/", scripts: { PREPROCESS: "preprocess.py" }, steps: {} },
};

describe("artifacts", () => {
  it("fingerprints content, not key order", () => {
    const reordered = { parameters: base.parameters, code: base.code, scripts: base.scripts, images: base.images, pipeline: base.pipeline };
    expect(fingerprintOf(reordered)).toBe(fingerprintOf(base));
    expect(fingerprintOf({ ...base, code: null })).not.toBe(fingerprintOf(base));
  });

  it("says in words what changed", () => {
    const after: Artifacts = {
      ...base,
      images: [{ uri: "img:1", digest: "sha256:abc", steps: ["infer"] }],
      scripts: [{ name: "preprocess.py", stage: "PREPROCESS", version: 2, sha256: "2".repeat(64) }, { name: "util.py", stage: "SUPPORT", version: 1, sha256: "3".repeat(64) }],
      code: { version: 2, s3Uri: "s3://b/ferry/code/m/2/" },
    };
    expect(artifactChanges(base, after)).toEqual([
      "image img:1 digest none → sha256:abc",
      "script preprocess.py changed: v1 (111111111111) → v2 (222222222222)",
      "script util.py was added (v1)",
      "code version 1 → 2",
    ]);
    expect(artifactChanges(base, base)).toEqual([]);
  });
});
