-- Status by push (issue 13). An environment whose EventBridge rule and SQS queue are in place records the
-- queue's URL: its runs are then synced when their events arrive, and polled only as a safety net.
ALTER TABLE "environments" ADD COLUMN "events_queue_url" TEXT;

-- What SageMaker's "Processing Job State Change" events said about each job (the latest by LastModifiedTime):
-- a finished step takes its job ARN and precise FailureReason from here instead of a DescribeProcessingJob.
CREATE TABLE "processing_job_states" (
    "environment_id" UUID NOT NULL,
    "job_name" TEXT NOT NULL,
    "job_arn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failure_reason" TEXT,
    "instance_type" TEXT,
    "image_uri" TEXT,
    "last_modified_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "processing_job_states_pkey" PRIMARY KEY ("environment_id", "job_name"),
    CONSTRAINT "processing_job_states_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Browsers learn of run changes from the catalog, not from AWS: every change a page shows is announced on
-- the `run_changes` channel (delivered at commit; identical payloads of one transaction are sent once).
CREATE FUNCTION "announce_run_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'runs' THEN
    PERFORM pg_notify('run_changes', json_build_object('run', NEW.id, 'status', NEW.status, 'deployment', NEW.deployment_id)::text);
  ELSE
    PERFORM pg_notify('run_changes', json_build_object('run', NEW.run_id)::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "runs_announce_insert" AFTER INSERT ON "runs" FOR EACH ROW EXECUTE FUNCTION "announce_run_change"();
-- A lease or an unchanged sync moves only last_synced_at: nothing a page shows, nothing announced.
CREATE TRIGGER "runs_announce_update" AFTER UPDATE ON "runs" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.last_event_id IS DISTINCT FROM NEW.last_event_id
        OR OLD.execution_arn IS DISTINCT FROM NEW.execution_arn OR OLD.redrive_count IS DISTINCT FROM NEW.redrive_count)
  EXECUTE FUNCTION "announce_run_change"();
CREATE TRIGGER "run_steps_announce_update" AFTER UPDATE ON "run_steps" FOR EACH ROW
  WHEN (OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION "announce_run_change"();
