import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { modelTarget } from "@/lib/commands/object-access";
import { can, knownRoles } from "@/lib/auth/permissions";
import { notify } from "@/lib/notifications/notify";
import { emailField, idField } from "@/lib/validation/fields";

/**
 * Who can be given a model: an enabled user whose roles let them work on the catalog. Unknown, disabled and
 * role-less users are refused by name rather than silently made owners of something they cannot open.
 */
export async function eligibleOwner(tx: Tx, email: string) {
  const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, disabled: true, roles: { select: { role: true } } } });
  if (!user) throw new AppError("INVALID_INPUT", `No Ferry user has the email ${email}.`, { ownerEmail: ["No user has this email"] });
  if (user.disabled) throw new AppError("INVALID_INPUT", `${email} is disabled and cannot own a model.`, { ownerEmail: ["This user is disabled"] });
  if (!can({ roles: knownRoles(user.roles.map((r) => r.role)) }, "catalog:write")) {
    throw new AppError("INVALID_INPUT", `${email} has no role that works on the catalog; an admin must grant one first.`, { ownerEmail: ["This user has no catalog role"] });
  }
  return { id: user.id, email: user.email };
}

export const TransferModelInput = z.object({ modelId: idField("Model"), ownerEmail: emailField });

/** The one way a model changes owner: explicit, by its owner or an admin, audited, and the new owner is told. */
export const transferModel = defineCommand({
  name: "models.transfer",
  permission: "catalog:write",
  input: TransferModelInput,
  object: async ({ tx, input }) => ({ action: "model:transfer", target: await modelTarget(tx, input.modelId) }),
  run: async ({ tx, input, actor }) => {
    const model = await tx.model.findUniqueOrThrow({ where: { id: input.modelId }, select: { id: true, slug: true, owner: { select: { id: true, email: true } } } });
    const next = await eligibleOwner(tx, input.ownerEmail);
    if (next.id === model.owner.id) throw new AppError("CONFLICT", `${next.email} already owns ${model.slug}.`, { ownerEmail: ["Already the owner"] });
    // Conditional on the owner read above: of two transfers at once, the second finds another owner and is told.
    const { count } = await tx.model.updateMany({ where: { id: model.id, ownerId: model.owner.id }, data: { ownerId: next.id } });
    if (count === 0) throw new AppError("CONFLICT", `${model.slug} changed owner a moment ago; reload and try again.`);
    await notify(tx, next.id, `${actor.name} made you the owner of ${model.slug}.`, `/models/${model.slug}`);
    return {
      result: { id: model.id, ownerEmail: next.email },
      audit: { targetType: "model", targetId: model.id, summary: `Transferred ${model.slug} from ${model.owner.email} to ${next.email}`, details: { from: model.owner.email, to: next.email } },
    };
  },
});
