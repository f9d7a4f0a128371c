import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/commands/errors";
import { notify } from "@/lib/notifications/notify";
import { secretStore } from "@/lib/secrets/store";
import { deliveryIdOf, eventOf, verifySignature } from "./webhook-signature";

export const WEBHOOK_MAX_BYTES = 1_000_000;

// GitHub's push payload names the new head `after`; GitLab's has `after` and `checkout_sha`. Other fields are ignored.
const PushPayload = z.object({
  ref: z.string().max(300),
  after: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  checkout_sha: z.string().regex(/^[0-9a-f]{40}$/).nullish(),
});

const DELETED = "0".repeat(40);

export type WebhookOutcome = { status: "proposed" | "ignored" | "replayed"; detail: string };

const unsigned = () => new AppError("UNAUTHENTICATED", "The webhook's signature does not match this repository's secret.");

function parsePush(body: Uint8Array) {
  try {
    return PushPayload.safeParse(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)));
  } catch {
    throw new AppError("INVALID_INPUT", "The webhook body must be JSON.");
  }
}

/**
 * A push announced by the repository's server. Decision (lib/catalog/git/README.md): a push never imports by
 * itself; it proposes the new commit ("new version available") and tells the model's owner, who checks and
 * imports. A webhook is a hint like any event: the import fetches and checks the real head again.
 */
export async function receiveWebhook(db: PrismaClient, repositoryId: string, headers: Headers, body: Uint8Array): Promise<WebhookOutcome> {
  const id = z.uuid().safeParse(repositoryId);
  const repository = id.success
    ? await db.gitRepository.findUnique({ where: { id: id.data }, select: { id: true, ref: true, pinnedCommit: true, webhookSecret: true, modelId: true, model: { select: { slug: true, ownerId: true } } } })
    : null;
  // An unknown id answers like a bad signature: the endpoint tells strangers nothing about which repositories exist.
  if (!repository) throw unsigned();
  const sender = verifySignature(headers, body, await secretStore().get(db, repository.webhookSecret));
  if (!sender) throw unsigned();
  const deliveryId = deliveryIdOf(headers);
  if (!deliveryId) throw new AppError("INVALID_INPUT", "The webhook has no delivery id (X-GitHub-Delivery, Idempotency-Key or X-Gitlab-Event-UUID).");
  const event = eventOf(headers);
  const push = event === "push" || event === "tag_push" ? parsePush(body) : null;
  return db.$transaction(async (tx): Promise<WebhookOutcome> => {
    // ON CONFLICT DO NOTHING: a delivery seen before inserts nothing, and is a replay.
    const fresh = await tx.gitWebhookDelivery.createMany({ data: [{ repositoryId: repository.id, deliveryId }], skipDuplicates: true });
    if (fresh.count === 0) return { status: "replayed", detail: `delivery ${deliveryId} was received before; ignored` };
    if (!push) return { status: "ignored", detail: `${event || "unknown"} events change nothing` };
    if (!push.success) throw new AppError("INVALID_INPUT", "The push payload has no ref or commit Ferry can read.");
    const commit = push.data.checkout_sha ?? push.data.after;
    const tracked = [`refs/heads/${repository.ref}`, `refs/tags/${repository.ref}`].includes(push.data.ref);
    if (!tracked || !commit || commit === DELETED) return { status: "ignored", detail: `${push.data.ref.slice(0, 100)} is not the tracked ref ${repository.ref}` };
    if (commit === repository.pinnedCommit) return { status: "ignored", detail: "that commit is already imported" };
    await tx.gitRepository.update({ where: { id: repository.id }, data: { proposedCommit: commit, proposedAt: new Date() } });
    await notify(tx, repository.model.ownerId, `A push to ${repository.ref} proposes commit ${commit.slice(0, 12)} as new code for ${repository.model.slug}: check it and import it.`, `/models/${repository.model.slug}`);
    // No user acted: the audit row names the sender instead (actor_id stays null).
    await tx.auditEvent.create({
      data: { actorId: null, actorEmail: `${sender}-webhook`, action: "git.push_proposed", targetType: "model", targetId: repository.modelId, summary: `A ${sender} push proposed commit ${commit.slice(0, 12)} of ${repository.ref} for ${repository.model.slug}`, details: { deliveryId, commit, ref: push.data.ref } },
    });
    return { status: "proposed", detail: `commit ${commit} is proposed to the model's owner` };
  });
}
