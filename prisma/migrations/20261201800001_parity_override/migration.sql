-- An approval given although the attached parity evidence did not pass: who overrode it, why, and what the
-- evidence said at that moment (issue 16). NULL for every approval that needed no override.
ALTER TABLE "deployments" ADD COLUMN "parity_override" JSONB;
