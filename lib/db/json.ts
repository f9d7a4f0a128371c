import type { Prisma } from "@/generated/prisma/client";

/**
 * Values Ferry stores in jsonb columns are plain JSON by construction (zod-parsed specs, generated definitions),
 * but TypeScript cannot see that through optional fields and unknown records; this is the one place that says so.
 */
export function asJson(value: object): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
