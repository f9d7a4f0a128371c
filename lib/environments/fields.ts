import { z } from "zod";
import { idField } from "@/lib/validation/fields";

/** Names are lower-case words: they appear in URLs, audit rows and tags. */
export const environmentNameField = z
  .string({ error: "Name must be text" })
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "Name must be 1–40 lower-case letters, digits or inner hyphens");

export const regionField = z.string({ error: "Region must be text" }).trim().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "Region must look like us-east-1");
export const accountIdField = z.string({ error: "Account must be text" }).trim().regex(/^\d{12}$/, "Account id is 12 digits");
const roleArnField = (label: string) =>
  z.string({ error: `${label} must be text` }).trim().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, `${label} must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
// S3's bucket naming rules, minus the legacy forms AWS no longer allows for new buckets.
export const bucketField = z
  .string({ error: "Bucket must be text" })
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "Bucket must be 3–63 lower-case letters, digits, dots or hyphens")
  .refine((b) => !b.includes(".."), "Bucket cannot contain ..");
/** What STS allows an external ID to be: 2 to 1,224 of `[\w+=,.@:/-]`. */
const externalIdField = z
  .string({ error: "External ID must be text" })
  .trim()
  .refine((v) => v === "" || /^[\w+=,.@:/-]{2,1224}$/.test(v), "External ID must be 2–1224 letters, digits or +=,.@:/-")
  .optional()
  .transform((v) => (v ? v : null));
const optionalRoleArnField = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .refine((v) => v === "" || roleArnField(label).safeParse(v).success, `${label} must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), or empty`)
    .optional()
    .transform((v) => (v ? v : null));
const endpointField = z
  .string({ error: "Endpoint must be text" })
  .trim()
  .max(256)
  .refine((v) => v === "" || /^https?:\/\/[^\s<>]+$/.test(v), "Endpoint must be an http(s):// URL, or empty")
  .optional()
  // Not .default(""): zod 4 returns a default as is, without this transform.
  .transform((v) => (v ? v : null));

/**
 * An AWS environment: where a deployment's state machine lives. Secrets never come from here: Ferry signs with
 * the SDK's default provider chain (instance role, SSO, env vars) of its process, and when the environment names
 * an access role, assumes it with that chain (the external ID is what the role's trust policy requires; the
 * session carries the Ferry user's name).
 */
export const AwsEnvironmentFields = z
  .object({
    name: environmentNameField,
    region: regionField,
    accountId: accountIdField,
    stateMachineRoleArn: roleArnField("State machine role"),
    sagemakerRoleArn: roleArnField("SageMaker execution role"),
    bucket: bucketField,
    endpointOverride: endpointField,
    accessRoleArn: optionalRoleArnField("Access role"),
    externalId: externalIdField,
  })
  .superRefine((e, ctx) => {
    for (const key of ["stateMachineRoleArn", "sagemakerRoleArn", "accessRoleArn"] as const) {
      const account = /::(\d{12}):/.exec(e[key] ?? "")?.[1];
      if (account && account !== e.accountId) ctx.addIssue({ code: "custom", path: [key], message: `The role is in account ${account}, not ${e.accountId}` });
    }
    if (e.externalId && !e.accessRoleArn) ctx.addIssue({ code: "custom", path: ["externalId"], message: "An external ID goes with an access role: set the role too, or clear the ID" });
  });

/**
 * Adds or edits an environment. AWS environments carry their settings in `aws`; the embedded one is seeded and
 * only its parity rule is an admin's choice.
 */
export const SaveEnvironmentInput = z
  .object({
    id: idField("Environment").optional(),
    kind: z.enum(["AWS", "EMBEDDED"], { error: "Kind must be AWS or EMBEDDED" }),
    /** Left out: an edit keeps the current rule, a new environment requires parity (issue 16). */
    requireParity: z.boolean({ error: "Require parity must be true or false" }).optional(),
    aws: AwsEnvironmentFields.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.kind === "AWS" && !input.aws) ctx.addIssue({ code: "custom", path: ["aws"], message: "AWS settings are required for an AWS environment" });
    if (input.kind === "EMBEDDED" && !input.id) ctx.addIssue({ code: "custom", path: ["id"], message: "The embedded environment exists already: choose it to edit" });
  });
