-- CreateEnum
CREATE TYPE "ReleaseStatus" AS ENUM ('DEPLOYING', 'LIVE', 'FAILED');

-- CreateTable
CREATE TABLE "pipeline_releases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pipeline_version_id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "status" "ReleaseStatus" NOT NULL DEFAULT 'DEPLOYING',
    "state_machine_arn" TEXT,
    "revision_id" TEXT,
    "error" TEXT,
    "deployed_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pipeline_releases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pipeline_releases_environment_id_created_at_idx" ON "pipeline_releases"("environment_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "pipeline_releases_pipeline_version_id_idx" ON "pipeline_releases"("pipeline_version_id");

-- AddForeignKey
ALTER TABLE "pipeline_releases" ADD CONSTRAINT "pipeline_releases_pipeline_version_id_fkey" FOREIGN KEY ("pipeline_version_id") REFERENCES "pipeline_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline_releases" ADD CONSTRAINT "pipeline_releases_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pipeline_releases" ADD CONSTRAINT "pipeline_releases_deployed_by_id_fkey" FOREIGN KEY ("deployed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
