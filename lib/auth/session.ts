import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { auth } from "./auth";
import { can, type Actor, type Permission } from "./permissions";
import { prisma } from "@/lib/db/prisma";
import { findActor } from "./actor";

/** The signed-in, enabled user of this request with their roles, or null. Cached per request. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth().api.getSession({ headers: await headers() });
  return session ? findActor(prisma, session.user.id) : null;
});

/** For pages: sends anonymous visitors to sign in and shows 403 to those without the permission. */
export async function requireActor(permission?: Permission): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  if (permission && !can(actor, permission)) forbidden();
  return actor;
}
