import { defineCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { SaveEnvironmentInput } from "./fields";

/** Creates or edits an environment. Editing an environment never touches deployments already live in it. */
export const saveEnvironment = defineCommand({
  name: "environments.save",
  permission: "environments:manage",
  input: SaveEnvironmentInput,
  run: async ({ tx, input }) => {
    if (input.kind === "EMBEDDED") {
      const found = await tx.environment.findUnique({ where: { id: input.id }, select: { id: true, kind: true, name: true } });
      if (!found) throw new AppError("NOT_FOUND", "That environment no longer exists.");
      if (found.kind !== "EMBEDDED") throw new AppError("INVALID_INPUT", `${found.name} is an AWS environment; save it with its AWS settings.`);
      await tx.environment.update({ where: { id: found.id }, data: { requireParity: input.requireParity } });
      return {
        result: { id: found.id },
        audit: { targetType: "environment", targetId: found.id, summary: `${found.name} ${input.requireParity ? "now requires" : "no longer requires"} parity evidence` },
      };
    }
    const data = { ...input.fields, kind: "AWS" as const };
    if (!input.id) {
      const created = await tx.environment.create({ data, select: { id: true, name: true } });
      return { result: { id: created.id }, audit: { targetType: "environment", targetId: created.id, summary: `Added AWS environment ${created.name}`, details: input.fields } };
    }
    const before = await tx.environment.findUnique({ where: { id: input.id } });
    if (!before) throw new AppError("NOT_FOUND", "That environment no longer exists.");
    if (before.kind !== "AWS") throw new AppError("INVALID_INPUT", "The embedded environment's AWS settings are fixed; only its parity rule can change.");
    const changed = (Object.keys(input.fields) as (keyof typeof input.fields)[]).filter((k) => before[k] !== input.fields[k]);
    await tx.environment.update({ where: { id: before.id }, data });
    return {
      result: { id: before.id },
      audit: { targetType: "environment", targetId: before.id, summary: `Edited environment ${input.fields.name}${changed.length ? `: ${changed.join(", ")}` : " (no changes)"}`, details: input.fields },
    };
  },
});
