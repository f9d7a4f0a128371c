-- An AWS environment may name a role Ferry assumes to reach its account (STS AssumeRole, with the external ID
-- its trust policy requires); without one Ferry keeps using its process's default credentials.

-- AlterTable
ALTER TABLE "environments" ADD COLUMN "access_role_arn" TEXT,
ADD COLUMN "external_id" TEXT;
