import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Command, Tx } from "@/lib/commands/command";
import { ApiProblem } from "./problem";
import { plainJson } from "./respond";

/** A strong ETag of a resource's representation: equal bytes, equal tag. */
export function etagOf(representation: unknown): string {
  return `"${createHash("sha256").update(JSON.stringify(plainJson(representation))).digest("base64url").slice(0, 27)}"`;
}

/** The tags of an If-Match header ("*" matches anything that exists). */
export function ifMatchTags(header: string | null): string[] | null {
  if (header === null) return null;
  return header.split(",").map((tag) => tag.trim()).filter(Boolean);
}

/**
 * The command, refused with 412 unless the resource's current ETag is one If-Match names. The check runs in the
 * command's transaction with the row locked, so nobody changes it between the check and the update.
 */
export function withIfMatch<S extends z.ZodType, O>(command: Command<S, O>, tags: string[], current: (tx: Tx) => Promise<unknown>): Command<S, O> {
  return {
    ...command,
    run: async (ctx) => {
      const tag = etagOf(await current(ctx.tx));
      if (!tags.includes("*") && !tags.includes(tag)) {
        throw new ApiProblem("PRECONDITION_FAILED", `The resource changed since you read it (its ETag is now ${tag}). Read it again, then retry with that If-Match.`);
      }
      return command.run(ctx);
    },
  };
}
