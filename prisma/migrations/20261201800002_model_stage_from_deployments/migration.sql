-- Approved and live come from deployments only (issue 16). Bulk imports could set them by hand, and the
-- dashboard then counted such models as migrated: a model claiming either without a live deployment is set
-- back to READY, the last stage a person may set.
UPDATE "models" m SET "status" = 'READY'
WHERE m."status" IN ('APPROVED', 'LIVE')
  AND NOT EXISTS (SELECT 1 FROM "deployments" d WHERE d."model_id" = m."id" AND d."status" = 'LIVE');
