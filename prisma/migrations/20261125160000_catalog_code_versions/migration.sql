-- AlterTable
ALTER TABLE "models" ADD COLUMN     "script_image_id" UUID;

-- AlterTable
ALTER TABLE "script_versions" ADD COLUMN     "code_version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "code_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "model_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "s3_uri" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "code_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "models_script_image_id_idx" ON "models"("script_image_id");

-- CreateIndex
CREATE UNIQUE INDEX "code_versions_model_id_version_key" ON "code_versions"("model_id", "version");

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_script_image_id_fkey" FOREIGN KEY ("script_image_id") REFERENCES "images"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "code_versions" ADD CONSTRAINT "code_versions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "code_versions" ADD CONSTRAINT "code_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
