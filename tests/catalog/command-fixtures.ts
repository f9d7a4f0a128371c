// What the all-commands suite (tests/commands/all-commands.integration.test.ts) needs for the catalog's commands:
// a model with one script, an unused framework image and a custom one, and a fixture per command.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/permissions";
import type { Command } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { createImage, deleteImage, recordImageRuntime, recordImageVerification, setImageStatus } from "@/lib/catalog/images/commands";
import { saveModel } from "@/lib/catalog/models/upsert";
import { transferModel } from "@/lib/catalog/models/ownership";
import { recordCodeVersion, removeScripts, setScriptStage } from "@/lib/catalog/scripts/code-versions";
import { recordGitImport } from "@/lib/catalog/git/import-command";
import { allowGitHost, disallowGitHost } from "@/lib/catalog/git/hosts";

export type CatalogFixtures = { modelId: string; modelSlug: string; scriptId: string; frameworkImageId: string; customImageId: string; heirEmail: string };

export async function makeCatalogFixtures(owner: Actor): Promise<CatalogFixtures> {
  const slug = `catalog-fixture-${randomBytes(3).toString("hex")}`;
  const model = await prisma.model.create({ data: { slug, displayName: slug, team: "risk", ownerId: owner.id } });
  const script = await prisma.script.create({ data: { modelId: model.id, name: "helpers.py" } });
  // Code version 1 holds helpers.py and notes.txt (scripts.remove takes notes.txt away).
  await prisma.codeVersion.create({
    data: {
      modelId: model.id,
      version: 1,
      s3Uri: `s3://ferry-embedded/ferry/code/${slug}/1/`,
      files: [{ name: "helpers.py", sha256: "1".repeat(64), sizeBytes: 3 }, { name: "notes.txt", sha256: "2".repeat(64), sizeBytes: 3 }],
      createdById: owner.id,
    },
  });
  const framework = await prisma.image.create({ data: { uri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", kind: "FRAMEWORK", ownerId: owner.id } });
  const custom = await prisma.image.create({ data: { uri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fixture-predict:1", kind: "CUSTOM", ownerId: owner.id } });
  // An allowed Git host for git.disallow_host to withdraw.
  await prisma.gitAllowedHost.create({ data: { host: FIXTURE_GIT_HOST, createdById: owner.id } });
  const heir = await prisma.user.create({ data: { email: `heir-${randomBytes(3).toString("hex")}@ferry.test`, name: "Heir", roles: { create: { role: "DATA_SCIENTIST" } } } });
  return { modelId: model.id, modelSlug: slug, scriptId: script.id, frameworkImageId: framework.id, customImageId: custom.id, heirEmail: heir.email };
}

type Input = Record<string, unknown>;
type World = { admin: Actor; catalog: CatalogFixtures };
type Bound = { command: object; execute: (actor: Actor | null, input: unknown) => Promise<unknown> };
type Bind = <Schema extends z.ZodType, Output>(command: Command<Schema, Output>) => Bound;
type Fixture = {
  bound: Bound;
  valid: (world: World) => Input;
  invalid: (world: World) => { label: string; input: Input; field: string }[];
  targetType: string;
  targetId: (world: World, output: unknown) => string;
  verify: (world: World, input: Input) => Promise<void>;
};

const SCRIPT = "<script>alert(1)</script>";
const FIXTURE_GIT_HOST = "fixture-git.internal";
const COMMIT = "cd".repeat(20);
const SHA = "ab".repeat(32);
const idOf = (output: unknown) => String((output as { id?: unknown }).id);

export function catalogCommandFixtures(bind: Bind): Record<string, Fixture> {
  return {
    "models.save": {
      bound: bind(saveModel),
      valid: () => ({ slug: "fixture-model", displayName: "Fixture model", team: "risk", tags: "churn, nightly", inputUri: "s3://ferry-embedded/in/", instanceType: "ml.m5.large" }),
      invalid: (world) => {
        const ok = { slug: "bad-model", displayName: "Bad", team: "risk" };
        return [
          { label: "slug with a path", input: { ...ok, slug: "../etc" }, field: "slug" },
          { label: "slug with spaces", input: { ...ok, slug: "my model" }, field: "slug" },
          { label: "script tag in the display name", input: { ...ok, displayName: SCRIPT }, field: "displayName" },
          { label: "tag with markup", input: { ...ok, tags: ["<b>"] }, field: "tags" },
          { label: "input URI over http", input: { ...ok, inputUri: "http://example.com/data" }, field: "inputUri" },
          { label: "instance type that is not ml.*", input: { ...ok, instanceType: "t2.micro" }, field: "instanceType" },
          { label: "volume of 0 GB", input: { ...ok, volumeSizeGb: 0 }, field: "volumeSizeGb" },
          { label: "max runtime over 5 days", input: { ...ok, maxRuntimeSeconds: 432001 }, field: "maxRuntimeSeconds" },
          { label: "unknown status", input: { ...ok, status: "DONE" }, field: "status" },
          { label: "image id that is not a UUID", input: { ...ok, imageId: "latest" }, field: "imageId" },
          { label: "owner email malformed", input: { ...ok, ownerEmail: "nobody" }, field: "ownerEmail" },
          { label: "model id that is not a UUID", input: { ...ok, id: world.catalog.modelSlug }, field: "id" },
        ];
      },
      targetType: "model",
      targetId: (_world, output) => idOf(output),
      verify: async (world) => {
        const model = await prisma.model.findUniqueOrThrow({ where: { slug: "fixture-model" } });
        expect(model).toMatchObject({ tags: ["churn", "nightly"], ownerId: world.admin.id, instanceType: "ml.m5.large", status: "INVENTORIED" });
      },
    },
    "models.transfer": {
      bound: bind(transferModel),
      valid: (world) => ({ modelId: world.catalog.modelId, ownerEmail: world.catalog.heirEmail }),
      invalid: (world) => [
        { label: "owner email malformed", input: { modelId: world.catalog.modelId, ownerEmail: "heir" }, field: "ownerEmail" },
        { label: "model by slug", input: { modelId: world.catalog.modelSlug, ownerEmail: world.catalog.heirEmail }, field: "modelId" },
      ],
      targetType: "model",
      targetId: (world) => world.catalog.modelId,
      verify: async (world) => {
        const model = await prisma.model.findUniqueOrThrow({ where: { id: world.catalog.modelId }, select: { owner: { select: { email: true } } } });
        expect(model.owner.email).toBe(world.catalog.heirEmail);
      },
    },
    "images.register": {
      bound: bind(createImage),
      valid: () => ({ uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:2.0", kind: "CUSTOM", description: "Churn predictor" }),
      invalid: () => [
        { label: "Docker Hub image", input: { uri: "python:3.11", kind: "FRAMEWORK" }, field: "uri" },
        { label: "short digest", input: { uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn@sha256:ab", kind: "CUSTOM" }, field: "uri" },
        { label: "unknown kind", input: { uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:1", kind: "VM" }, field: "kind" },
        { label: "relative python", input: { uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:1", kind: "FRAMEWORK", python: "python3; rm -rf /" }, field: "python" },
      ],
      targetType: "image",
      targetId: (_world, output) => idOf(output),
      verify: async (world) => {
        expect(await prisma.image.findUniqueOrThrow({ where: { uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:2.0" } })).toMatchObject({ kind: "CUSTOM", ownerId: world.admin.id, status: "ACTIVE" });
      },
    },
    "images.set_status": {
      bound: bind(setImageStatus),
      valid: (world) => ({ imageId: world.catalog.frameworkImageId, status: "DEPRECATED" }),
      invalid: (world) => [
        { label: "lower-case status", input: { imageId: world.catalog.frameworkImageId, status: "deprecated" }, field: "status" },
        { label: "image id with markup", input: { imageId: SCRIPT, status: "ACTIVE" }, field: "imageId" },
      ],
      targetType: "image",
      targetId: (world) => world.catalog.frameworkImageId,
      verify: async (world) => {
        expect((await prisma.image.findUniqueOrThrow({ where: { id: world.catalog.frameworkImageId } })).status).toBe("DEPRECATED");
      },
    },
    "images.delete": {
      bound: bind(deleteImage),
      valid: (world) => ({ imageId: world.catalog.frameworkImageId }),
      invalid: () => [{ label: "image by URI instead of id", input: { imageId: "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1" }, field: "imageId" }],
      targetType: "image",
      targetId: (world) => world.catalog.frameworkImageId,
      verify: async (world) => {
        expect(await prisma.image.count({ where: { id: world.catalog.frameworkImageId } })).toBe(0);
      },
    },
    "images.record_runtime": {
      bound: bind(recordImageRuntime),
      valid: (world) => ({ imageId: world.catalog.customImageId, runtime: { kind: "custom", buildContextUri: "s3://ferry-embedded/ferry/images/x/", files: ["Dockerfile"] } }),
      invalid: (world) => [
        { label: "runtime of an unknown kind", input: { imageId: world.catalog.customImageId, runtime: { kind: "vm" } }, field: "runtime" },
        { label: "runtime as a string", input: { imageId: world.catalog.customImageId, runtime: "docker" }, field: "runtime" },
      ],
      targetType: "image",
      targetId: (world) => world.catalog.customImageId,
      verify: async (world) => {
        expect((await prisma.image.findUniqueOrThrow({ where: { id: world.catalog.customImageId } })).localRuntime).toMatchObject({ kind: "custom", files: ["Dockerfile"] });
      },
    },
    "images.record_verification": {
      bound: bind(recordImageVerification),
      valid: (world) => ({ imageId: world.catalog.customImageId, digest: `sha256:${SHA}` }),
      invalid: (world) => [
        { label: "digest without algorithm", input: { imageId: world.catalog.customImageId, digest: SHA }, field: "digest" },
        { label: "digest with markup", input: { imageId: world.catalog.customImageId, digest: SCRIPT }, field: "digest" },
      ],
      targetType: "image",
      targetId: (world) => world.catalog.customImageId,
      verify: async (world) => {
        expect(await prisma.image.findUniqueOrThrow({ where: { id: world.catalog.customImageId } })).toMatchObject({ digest: `sha256:${SHA}` });
      },
    },
    "scripts.upload": {
      bound: bind(recordCodeVersion),
      valid: (world) => ({ modelId: world.catalog.modelId, files: [{ name: "preprocess.py", sha256: SHA, sizeBytes: 10, readiness: [{ line: 1, rule: "no-main-guard", message: "m" }] }] }),
      invalid: (world) => {
        const file = { name: "preprocess.py", sha256: SHA, sizeBytes: 10, readiness: [] };
        return [
          { label: "no files", input: { modelId: world.catalog.modelId, files: [] }, field: "files" },
          { label: "a file name with ..", input: { modelId: world.catalog.modelId, files: [{ ...file, name: "../x.py" }] }, field: "files" },
          { label: "a hidden file", input: { modelId: world.catalog.modelId, files: [{ ...file, name: ".env" }] }, field: "files" },
          { label: "a sha256 that is not hex", input: { modelId: world.catalog.modelId, files: [{ ...file, sha256: "z".repeat(64) }] }, field: "files" },
          { label: "an unknown readiness rule", input: { modelId: world.catalog.modelId, files: [{ ...file, readiness: [{ line: 1, rule: "vibes", message: "m" }] }] }, field: "files" },
        ];
      },
      targetType: "model",
      targetId: (world) => world.catalog.modelId,
      verify: async (world) => {
        const version = await prisma.codeVersion.findFirstOrThrow({ where: { modelId: world.catalog.modelId }, orderBy: { version: "desc" } });
        expect(version.version).toBe(2);
        expect(version.s3Uri).toBe(`s3://ferry-embedded/ferry/code/${world.catalog.modelSlug}/2/`);
        expect((version.files as { name: string }[]).map((f) => f.name)).toEqual(["helpers.py", "notes.txt", "preprocess.py"]);
        const script = await prisma.script.findFirstOrThrow({ where: { modelId: world.catalog.modelId, name: "preprocess.py" }, include: { versions: true } });
        expect(script.stage).toBe("PREPROCESS");
        expect(script.versions.map((v) => v.sha256)).toEqual([SHA]);
      },
    },
    "git.import": {
      bound: bind(recordGitImport),
      valid: (world) => ({
        modelId: world.catalog.modelId,
        source: { url: "https://git.example.com/team/legacy.git", ref: "main", subfolder: "models/churn", stages: { preprocess: "preprocess.py" } },
        commit: COMMIT,
        files: [{ name: "preprocess.py", sha256: SHA, sizeBytes: 10, readiness: [] }],
      }),
      invalid: (world) => {
        const ok = { modelId: world.catalog.modelId, commit: COMMIT, files: [{ name: "preprocess.py", sha256: SHA, sizeBytes: 10, readiness: [] }] };
        return [
          { label: "a URL with a token in it", input: { ...ok, source: { url: "https://user:ghp_x@github.com/t/l.git", ref: "main" } }, field: "source" },
          { label: "an ssh URL", input: { ...ok, source: { url: "ssh://git@github.com/t/l.git", ref: "main" } }, field: "source" },
          { label: "a ref that is an option", input: { ...ok, source: { url: "https://github.com/t/l.git", ref: "--upload-pack=x" } }, field: "source" },
          { label: "a sub-folder that climbs out", input: { ...ok, source: { url: "https://github.com/t/l.git", ref: "main", subfolder: "../x" } }, field: "source" },
          { label: "a commit that is not 40 hex digits", input: { ...ok, source: { url: "https://github.com/t/l.git", ref: "main" }, commit: "main" }, field: "commit" },
        ];
      },
      targetType: "model",
      targetId: (world) => world.catalog.modelId,
      verify: async (world) => {
        const version = await prisma.codeVersion.findFirstOrThrow({ where: { modelId: world.catalog.modelId }, orderBy: { version: "desc" } });
        // The commit's files are the whole set: helpers.py and notes.txt of version 1 are gone.
        expect(version).toMatchObject({ version: 2, gitUrl: "https://git.example.com/team/legacy.git", gitRef: "main", gitCommit: COMMIT });
        expect((version.files as { name: string }[]).map((f) => f.name)).toEqual(["preprocess.py"]);
        expect(await prisma.gitRepository.findUniqueOrThrow({ where: { modelId: world.catalog.modelId } })).toMatchObject({ pinnedCommit: COMMIT, subfolder: "models/churn" });
        expect(await prisma.script.findFirstOrThrow({ where: { modelId: world.catalog.modelId, name: "preprocess.py" } })).toMatchObject({ stage: "PREPROCESS" });
      },
    },
    "git.allow_host": {
      bound: bind(allowGitHost),
      valid: () => ({ host: "GitLab.Internal" }),
      invalid: () => [
        { label: "a URL instead of a host", input: { host: "https://gitlab.internal/" }, field: "host" },
        { label: "a host with a port", input: { host: "gitlab.internal:8080" }, field: "host" },
        { label: "markup", input: { host: SCRIPT }, field: "host" },
      ],
      targetType: "git_host",
      targetId: () => "gitlab.internal",
      verify: async (world) => {
        expect(await prisma.gitAllowedHost.findUniqueOrThrow({ where: { host: "gitlab.internal" } })).toMatchObject({ createdById: world.admin.id });
      },
    },
    "git.disallow_host": {
      bound: bind(disallowGitHost),
      valid: () => ({ host: FIXTURE_GIT_HOST }),
      invalid: () => [{ label: "a path", input: { host: "gitlab.internal/x" }, field: "host" }],
      targetType: "git_host",
      targetId: () => FIXTURE_GIT_HOST,
      verify: async () => {
        expect(await prisma.gitAllowedHost.count({ where: { host: FIXTURE_GIT_HOST } })).toBe(0);
      },
    },
    "scripts.remove": {
      bound: bind(removeScripts),
      valid: (world) => ({ modelId: world.catalog.modelId, names: ["notes.txt"] }),
      invalid: (world) => [
        { label: "no names", input: { modelId: world.catalog.modelId, names: [] }, field: "names" },
        { label: "a name with ..", input: { modelId: world.catalog.modelId, names: ["../notes.txt"] }, field: "names" },
        { label: "a hidden file", input: { modelId: world.catalog.modelId, names: [".env"] }, field: "names" },
      ],
      targetType: "model",
      targetId: (world) => world.catalog.modelId,
      verify: async (world) => {
        const version = await prisma.codeVersion.findFirstOrThrow({ where: { modelId: world.catalog.modelId }, orderBy: { version: "desc" } });
        expect(version.version).toBe(2);
        expect((version.files as { name: string }[]).map((f) => f.name)).toEqual(["helpers.py"]);
      },
    },
    "scripts.set_stage": {
      bound: bind(setScriptStage),
      valid: (world) => ({ scriptId: world.catalog.scriptId, stage: "INFERENCE" }),
      invalid: (world) => [
        { label: "unknown stage", input: { scriptId: world.catalog.scriptId, stage: "TRAIN" }, field: "stage" },
        { label: "script id with markup", input: { scriptId: SCRIPT, stage: "INFERENCE" }, field: "scriptId" },
      ],
      targetType: "model",
      targetId: (world) => world.catalog.modelId,
      verify: async (world) => {
        expect((await prisma.script.findUniqueOrThrow({ where: { id: world.catalog.scriptId } })).stage).toBe("INFERENCE");
      },
    },
  };
}

