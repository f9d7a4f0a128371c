-- CreateTable
CREATE TABLE "bulk_import_progress" (
    "actor_id" UUID NOT NULL,
    "import_id" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "done" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bulk_import_progress_pkey" PRIMARY KEY ("actor_id","import_id")
);

-- CreateIndex
CREATE INDEX "bulk_import_progress_updated_at_idx" ON "bulk_import_progress"("updated_at");
