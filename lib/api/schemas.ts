import { z } from "zod";
import { RoleSchema } from "@/lib/auth/permissions";
import { MODEL_STATUSES } from "@/lib/catalog/models/fields";
import { RUN_STATUSES } from "@/lib/runs/status";

/**
 * What /api/v1 answers, as zod schemas: the OpenAPI document's response schemas, and the serializers the
 * operations answer through (lib/api/respond.ts), so an answer and its documentation cannot drift apart.
 */
const id = z.uuid();
const at = z.iso.datetime({ offset: true });
const nullableAt = at.nullable();

export const Page = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({ data: z.array(item), next: z.string().nullable().meta({ description: "The cursor of the next page (also in the Link header), null on the last" }) })
    .meta({ id: name });

export const Me = z
  .object({
    id,
    email: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema).meta({ description: "What this call may do: the token's roles that the user still has" }),
    token: z.object({ id, readOnly: z.boolean() }).nullable().meta({ description: "The token of this call; null for a signed-in browser" }),
  })
  .meta({ id: "Me" });

const ImageRef = z.object({ id, uri: z.string() });
const Person = z.object({ id, name: z.string() });

export const ModelSummary = z
  .object({ id, slug: z.string(), displayName: z.string(), team: z.string(), tags: z.array(z.string()), status: z.enum(MODEL_STATUSES), updatedAt: at, owner: Person, image: ImageRef.nullable() })
  .meta({ id: "ModelSummary" });

const ImageFacts = z.object({ id, uri: z.string(), kind: z.enum(["FRAMEWORK", "CUSTOM"]), status: z.enum(["ACTIVE", "DEPRECATED"]) });
const LiveDeployment = z.object({ id, environment: z.string(), pipeline: z.string(), version: z.number().int() });

export const Model = z
  .object({
    id,
    slug: z.string(),
    displayName: z.string(),
    team: z.string(),
    tags: z.array(z.string()),
    description: z.string(),
    status: z.enum(MODEL_STATUSES),
    inputUri: z.string().nullable(),
    outputUri: z.string().nullable(),
    instanceType: z.string(),
    volumeSizeGb: z.number().int(),
    maxRuntimeSeconds: z.number().int(),
    createdAt: at,
    updatedAt: at,
    owner: z.object({ id, name: z.string(), email: z.string() }),
    image: ImageFacts.nullable(),
    scriptImage: ImageFacts.nullable(),
    scripts: z.array(
      z.object({
        id,
        name: z.string(),
        stage: z.enum(["PREPROCESS", "INFERENCE", "POSTPROCESS", "SUPPORT"]),
        latest: z.object({ id, version: z.number().int(), sha256: z.string(), sizeBytes: z.number().int(), codeVersion: z.number().int() }).nullable(),
      }),
    ),
    codeVersion: z.number().int().meta({ description: "The current code version (0: no scripts yet)" }),
    missing: z.array(z.string()).meta({ description: "What the model still lacks before a pipeline can run it" }),
    liveDeployments: z.array(LiveDeployment).meta({ description: "Where `POST /runs` can start it (one per environment)" }),
  })
  .meta({ id: "Model" });

export const Saved = z.object({ id, slug: z.string() }).meta({ id: "SavedModel" });

export const CodeVersion = z
  .object({
    slug: z.string(),
    codeVersion: z.number().int(),
    files: z.array(z.object({ name: z.string(), sha256: z.string(), sizeBytes: z.number().int() })),
  })
  .meta({ id: "CodeVersion" });

export const Image = z
  .object({
    id,
    uri: z.string(),
    kind: z.enum(["FRAMEWORK", "CUSTOM"]),
    description: z.string(),
    status: z.enum(["ACTIVE", "DEPRECATED"]),
    digest: z.string().nullable(),
    version: z.number().int(),
    bound: z.boolean().meta({ description: "An approved or live deployment binds the current version" }),
    usedBy: z.array(z.string()),
    owner: Person,
    createdAt: at,
  })
  .meta({ id: "Image" });

export const ImageRegistered = z.object({ id, uri: z.string() }).meta({ id: "ImageRegistered" });
export const ImageVersion = z.object({ id, version: z.number().int(), digest: z.string().nullable() }).meta({ id: "ImageVersion" });

const VersionSummary = z.object({ id, version: z.number().int(), contentHash: z.string(), publishedAt: at });

export const PipelineSummary = z
  .object({ id, name: z.string(), description: z.string(), updatedAt: at, owner: z.object({ name: z.string() }), latestVersion: z.number().int().nullable(), versionCount: z.number().int() })
  .meta({ id: "PipelineSummary" });

export const Pipeline = z
  .object({
    id,
    name: z.string(),
    description: z.string(),
    updatedAt: at,
    draft: z.unknown().meta({ description: "The editable draft: { kind: 'spec', spec } or { kind: 'raw', definition }" }),
    versions: z.array(VersionSummary),
  })
  .meta({ id: "Pipeline" });

export const PipelineCreated = z.object({ id, name: z.string() }).meta({ id: "PipelineCreated" });

export const PipelineVersion = z
  .object({
    id,
    version: z.number().int(),
    contentHash: z.string(),
    publishedAt: at,
    pipeline: z.object({ id, name: z.string() }),
    spec: z.unknown(),
    definition: z.unknown().meta({ description: "The Amazon States Language definition" }),
    inputSchema: z.unknown().meta({ description: "JSON Schema of the execution input" }),
  })
  .meta({ id: "PipelineVersion" });

export const Published = z.object({ id, version: z.number().int(), contentHash: z.string() }).meta({ id: "PublishedVersion" });

export const Environment = z.object({ id, name: z.string(), kind: z.enum(["EMBEDDED", "AWS"]), region: z.string() }).meta({ id: "Environment" });

const DEPLOYMENT_STATUSES = ["PENDING_APPROVAL", "APPROVED", "REJECTED", "DEPLOYING", "LIVE", "FAILED", "SUPERSEDED", "WITHDRAWN"] as const;

export const DeploymentSummary = z
  .object({
    id,
    status: z.enum(DEPLOYMENT_STATUSES),
    requestedAt: at,
    decidedAt: nullableAt,
    artifactFingerprint: z.string(),
    model: z.object({ id, slug: z.string() }),
    pipelineVersion: z.object({ id, version: z.number().int(), pipeline: z.object({ name: z.string() }) }),
    environment: z.object({ id, name: z.string() }),
    requestedBy: z.object({ id, email: z.string() }),
    decidedBy: z.object({ email: z.string() }).nullable(),
  })
  .meta({ id: "DeploymentSummary" });

export const Deployment = DeploymentSummary.extend({
  parameters: z.unknown().meta({ description: "The model binding the request was made with" }),
  decisionComment: z.string().nullable(),
  stateMachineArn: z.string().nullable(),
  deployError: z.string().nullable(),
  approval: z.object({ holds: z.boolean(), changes: z.array(z.string()) }).meta({ description: "Whether the approval still holds for the catalog as it is" }),
}).meta({ id: "Deployment" });

export const DeploymentChanged = z.object({ id, status: z.enum(DEPLOYMENT_STATUSES) }).meta({ id: "DeploymentStatus" });
export const DeploymentRequested = z.object({ id, status: z.enum(DEPLOYMENT_STATUSES), artifactFingerprint: z.string() }).meta({ id: "DeploymentRequested" });

const RunStatus = z.enum(RUN_STATUSES);

export const RunSummary = z
  .object({
    id,
    executionName: z.string(),
    status: RunStatus,
    createdAt: at,
    startedAt: nullableAt,
    stoppedAt: nullableAt,
    failureGroup: z.string().nullable(),
    redriveCount: z.number().int(),
    model: z.object({ id, slug: z.string() }),
    pipelineVersion: z.object({ version: z.number().int(), pipeline: z.object({ name: z.string() }) }),
    environment: z.object({ name: z.string() }),
  })
  .meta({ id: "RunSummary" });

export const Step = z
  .object({
    name: z.string(),
    position: z.number().int(),
    status: z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "STOPPED"]),
    jobName: z.string().nullable(),
    instanceType: z.string().nullable(),
    imageUri: z.string().nullable(),
    failureReason: z.string().nullable(),
    logUri: z.string().nullable(),
    attempts: z.number().int(),
    startedAt: nullableAt,
    endedAt: nullableAt,
  })
  .meta({ id: "Step" });

export const Run = RunSummary.extend({
  executionArn: z.string().nullable(),
  deploymentId: id,
  error: z.string().nullable(),
  cause: z.string().nullable(),
  rerunOfId: id.nullable(),
  startedBy: z.object({ email: z.string() }),
  steps: z.array(Step),
}).meta({ id: "Run" });

export const RunStarted = z.object({ id, executionName: z.string() }).meta({ id: "RunStarted" });
export const RunRef = z.object({ id }).meta({ id: "RunRef" });

export const BulkStarted = z.object({ bulkStartId: id, total: z.number().int() }).meta({ id: "BulkStarted" });

export const BulkStartProgress = z
  .object({
    total: z.number().int(),
    started: z.number().int(),
    refused: z.number().int(),
    pending: z.number().int(),
    items: z.array(z.object({ deploymentId: id, model: z.string().nullable(), runId: id.nullable(), status: z.enum(["PENDING", "STARTED", "REFUSED"]), message: z.string().nullable() })),
  })
  .meta({ id: "BulkStartProgress" });

export const StepList = z.object({ data: z.array(Step) }).meta({ id: "StepList" });

export const LogChunk = z
  .object({
    text: z.string(),
    next: z.string().nullable().meta({ description: "Pass back as `next` to read on; the same token comes back at the end of the log" }),
    available: z.boolean().meta({ description: "False until the job has written its log" }),
    done: z.boolean().meta({ description: "The step has finished: once `text` comes back empty, the log is complete" }),
  })
  .meta({ id: "LogChunk" });

export const OutputList = z
  .object({
    bucket: z.string(),
    root: z.string(),
    prefix: z.string(),
    objects: z.array(z.object({ key: z.string(), sizeBytes: z.number().int(), lastModified: nullableAt })),
    folders: z.array(z.string()),
    nextToken: z.string().nullable(),
  })
  .meta({ id: "OutputList" });

export const AuditEvent = z
  .object({
    id: z.string(),
    createdAt: at,
    actorEmail: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    summary: z.string(),
    details: z.unknown(),
    tokenId: id.nullable().meta({ description: "The personal access token the change was made with" }),
  })
  .meta({ id: "AuditEvent" });

export const BulkPreview = z
  .object({
    fileName: z.string(),
    kind: z.enum(["manifest", "zip"]),
    errorCount: z.number().int(),
    rows: z.array(
      z.object({
        label: z.string(),
        slug: z.string().nullable(),
        action: z.enum(["create", "update", "unchanged"]).nullable(),
        changes: z.array(z.string()),
        errors: z.array(z.string()),
        warnings: z.array(z.string()),
        files: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: "BulkPreview" });

export const BulkSummary = z
  .object({ importId: id, created: z.array(z.string()), updated: z.array(z.object({ slug: z.string(), changes: z.array(z.string()) })), unchanged: z.number().int() })
  .meta({ id: "BulkSummary" });

export const BulkLiftAccepted = z
  .object({ importId: id, models: z.number().int().meta({ description: "Rows that will be written" }) })
  .meta({ id: "BulkLiftAccepted" });

export const BulkProgress = z
  .object({
    stage: z.enum(["queued", "validating", "uploading", "writing", "done", "failed"]),
    done: z.number().int(),
    total: z.number().int(),
    summary: BulkSummary.nullable().meta({ description: "What was created, updated and left unchanged, once done" }),
    error: z.string().nullable().meta({ description: "Why nothing was imported, once failed" }),
  })
  .meta({ id: "BulkProgress" });
