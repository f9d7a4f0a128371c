import { z } from "zod";
import { ModelBinding } from "@/lib/pipelines/input";
import { idField } from "@/lib/validation/fields";

const comment = (max: number) => z.string({ error: "Comment must be text" }).trim().max(max, `Comment must be at most ${max} characters`).regex(/^[^<>]*$/, "Comment cannot contain < or >");

export const RequestDeploymentInput = z.object({
  modelId: idField("Model"),
  pipelineVersionId: idField("Pipeline version"),
  environmentId: idField("Environment"),
  /** Left out: the parameters prefilled from the model. */
  parameters: ModelBinding.optional(),
});

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/, "Fingerprint must be the 64-character hash shown on the request");

export const ApproveInput = z.object({
  deploymentId: idField("Deployment"),
  /** The fingerprint of the artifacts the approver saw: the approval covers exactly these. */
  fingerprint,
  comment: comment(2000).default(""),
  /** Why the admin approves although the attached parity evidence did not pass; required then, ignored otherwise. */
  parityOverride: comment(2000).min(10, "Say in a sentence why the failing parity is acceptable").optional(),
});

export const RejectInput = z.object({ deploymentId: idField("Deployment"), comment: comment(2000).min(1, "Say why the request is rejected") });

export const DeploymentIdInput = z.object({ deploymentId: idField("Deployment") });
