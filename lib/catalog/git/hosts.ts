import { isIP } from "node:net";
import { z } from "zod";
import { defineCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { normalHost } from "./address";

/** A host name or an IP address exactly as a repository URL names it (no port, scheme or path). */
const GitHost = z
  .string({ error: "The host must be text" })
  .trim()
  .max(253, "A host name has at most 253 characters")
  .transform(normalHost)
  .refine((host) => isIP(host) !== 0 || /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(host), "Enter a host name or an IP address, without scheme, port or path");

/**
 * Admins may let Git fetches reach a host that resolves to loopback or private addresses (an internal GitLab, a
 * test server). The allowance names one host, is audited, and applies from the next fetch.
 */
export const allowGitHost = defineCommand({
  name: "git.allow_host",
  permission: "environments:manage",
  input: z.object({ host: GitHost }),
  run: async ({ tx, input, actor }) => {
    await tx.gitAllowedHost.upsert({ where: { host: input.host }, create: { host: input.host, createdById: actor.id }, update: {} });
    return {
      result: { host: input.host },
      audit: { targetType: "git_host", targetId: input.host, summary: `Allowed Git fetches from ${input.host} even at loopback or private addresses` },
    };
  },
});

export const disallowGitHost = defineCommand({
  name: "git.disallow_host",
  permission: "environments:manage",
  input: z.object({ host: GitHost }),
  run: async ({ tx, input }) => {
    const removed = await tx.gitAllowedHost.deleteMany({ where: { host: input.host } });
    if (removed.count === 0) throw new AppError("NOT_FOUND", `${input.host} is not an allowed host.`);
    return {
      result: { host: input.host },
      audit: { targetType: "git_host", targetId: input.host, summary: `Git fetches from ${input.host} follow the address rule again` },
    };
  },
});
