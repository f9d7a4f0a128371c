import type { DeploymentStatus } from "@/generated/prisma/client";

export const STATUS_WORDS: Record<DeploymentStatus, string> = {
  PENDING_APPROVAL: "Pending approval",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  DEPLOYING: "Deploying",
  LIVE: "Live",
  FAILED: "Failed",
  SUPERSEDED: "Superseded",
  WITHDRAWN: "Withdrawn",
};

export type { DeploymentStatus };
