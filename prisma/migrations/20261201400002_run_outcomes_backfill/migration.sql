-- Runs recorded before outcomes were told apart: a SUCCEEDED run with a FAILED step had that failure caught.
UPDATE "runs" r SET "status" = 'SUCCEEDED_WITH_FAILED_STEPS'
WHERE r."status" = 'SUCCEEDED'
  AND EXISTS (SELECT 1 FROM "run_steps" s WHERE s."run_id" = r."id" AND s."status" = 'FAILED');

-- A stopped run is not a failure: it belongs to no failure group.
UPDATE "runs" SET "failure_group" = NULL WHERE "status" = 'ABORTED';
