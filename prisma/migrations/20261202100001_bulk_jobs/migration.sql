-- Bulk lifts, pipeline releases and bulk run actions become jobs (issue 14): their queues, and the tables that
-- hold a queued bulk lift's upload and a bulk run action's items.

-- Ferry queues (lib/jobs/definitions.ts), created here so a request can enqueue before any worker has started.
SELECT pgboss.create_queue('catalog-bulk-import', '{"policy":"standard"}');
SELECT pgboss.create_queue('pipelines-release', '{"policy":"standard"}');
SELECT pgboss.create_queue('runs-bulk-action', '{"policy":"standard"}');

-- CreateTable
CREATE TABLE "bulk_imports" (
    "id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "upload" BYTEA,
    "summary" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulk_imports_actor_id_created_at_idx" ON "bulk_imports"("actor_id", "created_at");

-- CreateTable
CREATE TABLE "bulk_run_actions" (
    "id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulk_run_actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulk_run_actions_actor_id_created_at_idx" ON "bulk_run_actions"("actor_id", "created_at");

-- CreateTable
CREATE TABLE "bulk_run_action_items" (
    "id" UUID NOT NULL,
    "bulk_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "run_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "message" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulk_run_action_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "bulk_run_action_items_bulk_id_position_key" ON "bulk_run_action_items"("bulk_id", "position");

-- CreateIndex
CREATE INDEX "bulk_run_action_items_bulk_id_status_idx" ON "bulk_run_action_items"("bulk_id", "status");

-- AddForeignKey
ALTER TABLE "bulk_run_action_items" ADD CONSTRAINT "bulk_run_action_items_bulk_id_fkey" FOREIGN KEY ("bulk_id") REFERENCES "bulk_run_actions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
