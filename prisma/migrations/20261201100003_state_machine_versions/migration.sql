-- Deployments and pipeline releases record the Step Functions version they published: runs start on that
-- immutable version ARN. Existing rows keep NULL: a LIVE deployment without a version refuses to start runs
-- until an admin redeploys it (which publishes the approved definition), see lib/deployments/README.md.

-- AlterTable
ALTER TABLE "deployments" ADD COLUMN "state_machine_version_arn" TEXT;

-- AlterTable
ALTER TABLE "pipeline_releases" ADD COLUMN "state_machine_version_arn" TEXT;
