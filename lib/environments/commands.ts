import { defineCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { SaveEnvironmentInput } from "./fields";

/** Creates or edits an environment. Editing never touches deployments already live in it. */
export const saveEnvironment = defineCommand({
  name: "environments.save",
  permission: "environments:manage",
  input: SaveEnvironmentInput,
  run: async ({ tx, input }) => {
    const before = input.id ? await tx.environment.findUnique({ where: { id: input.id } }) : null;
    if (input.id && !before) throw new AppError("NOT_FOUND", "That environment no longer exists.");
    const requireParity = input.requireParity ?? before?.requireParity ?? true;
    if (before && before.kind !== input.kind) throw new AppError("INVALID_INPUT", `${before.name} is ${before.kind === "AWS" ? "an AWS" : "the embedded"} environment; its kind cannot change.`, { kind: ["Kind cannot change"] });
    if (input.kind === "EMBEDDED" || !input.aws) {
      if (!before) throw new AppError("INVALID_INPUT", "The embedded environment exists already: choose it to edit.", { id: ["Required"] });
      await tx.environment.update({ where: { id: before.id }, data: { requireParity } });
      return {
        result: { id: before.id },
        audit: { targetType: "environment", targetId: before.id, summary: `${before.name} ${requireParity ? "requires" : "does not require"} parity evidence` },
      };
    }
    const data = { ...input.aws, kind: "AWS" as const, requireParity };
    if (!before) {
      const created = await tx.environment.create({ data, select: { id: true, name: true } });
      return { result: { id: created.id }, audit: { targetType: "environment", targetId: created.id, summary: `Added AWS environment ${created.name}`, details: data } };
    }
    const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => before[k] !== data[k]);
    await tx.environment.update({ where: { id: before.id }, data });
    return {
      result: { id: before.id },
      audit: { targetType: "environment", targetId: before.id, summary: `Edited environment ${data.name}${changed.length ? `: ${changed.join(", ")}` : " (no changes)"}`, details: data },
    };
  },
});
