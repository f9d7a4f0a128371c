-- Stopping an image build: the request is recorded here first; the build's job stops it in CodeBuild.
ALTER TABLE "image_builds" ADD COLUMN "stop_requested_at" TIMESTAMPTZ(3),
ADD COLUMN "stop_requested_by_id" UUID;

ALTER TABLE "image_builds" ADD CONSTRAINT "image_builds_stop_requested_by_id_fkey" FOREIGN KEY ("stop_requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
