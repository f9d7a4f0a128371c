-- A run whose execution succeeded while a step failed and was caught ("Record the error and go on") has
-- its own outcome. Lists filter on it through the existing (status, created_at, id) index.
-- (A value added here cannot be used in the same transaction: the backfill is the next migration.)
ALTER TYPE "RunStatus" ADD VALUE 'SUCCEEDED_WITH_FAILED_STEPS' AFTER 'SUCCEEDED';
