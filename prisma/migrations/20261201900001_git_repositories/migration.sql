-- Code imported from Git (lib/catalog/git): where each code version came from.
ALTER TABLE "code_versions" ADD COLUMN "git_url" TEXT;
ALTER TABLE "code_versions" ADD COLUMN "git_ref" TEXT;
ALTER TABLE "code_versions" ADD COLUMN "git_commit" CHAR(40);

CREATE TABLE "git_repositories" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "model_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "subfolder" TEXT NOT NULL DEFAULT '',
    "stages" JSONB NOT NULL,
    "username" TEXT,
    "token_secret" TEXT,
    "webhook_secret" TEXT NOT NULL,
    "pinned_commit" CHAR(40),
    "proposed_commit" CHAR(40),
    "proposed_at" TIMESTAMPTZ(3),
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "git_repositories_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "git_repositories_model_id_key" ON "git_repositories"("model_id");
ALTER TABLE "git_repositories" ADD CONSTRAINT "git_repositories_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "git_repositories" ADD CONSTRAINT "git_repositories_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Replay protection for webhooks: a (repository, delivery id) pair is accepted once.
CREATE TABLE "git_webhook_deliveries" (
    "repository_id" UUID NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "git_webhook_deliveries_pkey" PRIMARY KEY ("repository_id", "delivery_id")
);

CREATE INDEX "git_webhook_deliveries_received_at_idx" ON "git_webhook_deliveries"("received_at");
ALTER TABLE "git_webhook_deliveries" ADD CONSTRAINT "git_webhook_deliveries_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "git_repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hosts an admin allowed although they resolve to loopback or private addresses.
CREATE TABLE "git_allowed_hosts" (
    "host" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "git_allowed_hosts_pkey" PRIMARY KEY ("host")
);

ALTER TABLE "git_allowed_hosts" ADD CONSTRAINT "git_allowed_hosts_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Secrets encrypted with FERRY_SECRETS_KEY (lib/secrets) when they are not in AWS Secrets Manager.
CREATE TABLE "stored_secrets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "ciphertext" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_secrets_pkey" PRIMARY KEY ("id")
);
