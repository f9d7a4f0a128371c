import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { executeQuery } from "@/lib/commands/query";
import { prisma } from "@/lib/db/prisma";
import { imageBuildQuery } from "@/lib/catalog/images/build/queries";
import { BuildMonitor } from "@/components/catalog/images/build/build-monitor";

export const metadata: Metadata = { title: "Image build" };

export default async function ImageBuildPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor("catalog:read");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success || (await prisma.imageBuild.count({ where: { id: id.data } })) === 0) notFound();
  return <BuildMonitor initial={await executeQuery(prisma, imageBuildQuery, actor, { id: id.data })} />;
}
