import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/lib/auth/permissions";
import { newPasswordUser } from "./new-user";

export const DEMO_PASSWORD = "ferry-demo";

export const DEMO_USERS: readonly { email: string; name: string; roles: Role[] }[] = [
  { email: "ds@ferry.local", name: "Dana Scientist", roles: ["DATA_SCIENTIST"] },
  { email: "mlops@ferry.local", name: "Max Ops", roles: ["MLOPS_ENGINEER"] },
  { email: "admin@ferry.local", name: "Ada Admin", roles: ["ADMIN"] },
];

/** Embedded default only: the three demo accounts, created once and left alone afterwards. */
export async function seedDemoUsers(db: PrismaClient): Promise<number> {
  let created = 0;
  for (const demo of DEMO_USERS) {
    if (await db.user.findUnique({ where: { email: demo.email }, select: { id: true } })) continue;
    await db.user.create({ data: await newPasswordUser({ ...demo, password: DEMO_PASSWORD }) });
    created += 1;
  }
  return created;
}
