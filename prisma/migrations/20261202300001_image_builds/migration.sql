-- Image builds (issue 20): a build context goes in, an ECR image with a digest comes out; builds are jobs.
CREATE TYPE "ImageBuildStatus" AS ENUM ('QUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'STOPPED');

CREATE TABLE "image_builds" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "environment_id" UUID NOT NULL,
    "image_uri" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "image_id" UUID,
    "context_uri" TEXT NOT NULL,
    "context_digest" TEXT NOT NULL,
    "context_files" TEXT[],
    "findings" JSONB NOT NULL DEFAULT '[]',
    "status" "ImageBuildStatus" NOT NULL DEFAULT 'QUEUED',
    "codebuild_id" TEXT,
    "current_phase" TEXT,
    "phases" JSONB NOT NULL DEFAULT '[]',
    "log_group" TEXT,
    "log_stream" TEXT,
    "failed_phase" TEXT,
    "failure" TEXT,
    "digest" TEXT,
    "image_version" INTEGER,
    "requested_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "image_builds_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "image_builds_image_id_created_at_idx" ON "image_builds"("image_id", "created_at");
CREATE INDEX "image_builds_created_at_idx" ON "image_builds"("created_at");

ALTER TABLE "image_builds" ADD CONSTRAINT "image_builds_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "image_builds" ADD CONSTRAINT "image_builds_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "image_builds" ADD CONSTRAINT "image_builds_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The build job's queue (lib/jobs/definitions.ts), so a request can enqueue before any worker has started.
SELECT pgboss.create_queue('images-build', '{"policy":"standard"}');
