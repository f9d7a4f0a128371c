-- Teams a user belongs to (object-level rules: members of a model's team may edit it).
ALTER TABLE "users" ADD COLUMN "teams" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Images are versioned: the row holds the current version, image_versions every version.
ALTER TABLE "images" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

CREATE TABLE "image_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "image_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "digest" TEXT,
    "local_runtime" JSONB,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "image_versions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "image_versions_image_id_version_key" ON "image_versions"("image_id", "version");
CREATE INDEX "image_versions_digest_idx" ON "image_versions"("digest");

ALTER TABLE "image_versions" ADD CONSTRAINT "image_versions_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "image_versions" ADD CONSTRAINT "image_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Interpreters are allow-listed names the engine serves, never host paths: a stored path becomes the default.
UPDATE "images" SET "local_runtime" = jsonb_set("local_runtime", '{python}', 'null'::jsonb)
WHERE "local_runtime"->>'kind' = 'framework' AND "local_runtime"->>'python' LIKE '/%';

-- Every existing image is its own version 1.
INSERT INTO "image_versions" ("image_id", "version", "digest", "local_runtime", "created_by_id", "created_at")
SELECT "id", 1, "digest", "local_runtime", "owner_id", "created_at" FROM "images";
