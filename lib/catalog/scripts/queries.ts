import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { ReadinessWarnings } from "./readiness";
import { readScriptVersionBytes } from "./upload";

/** The scripts page: the most recently changed scripts across models. */
export async function listRecentScripts(db: PrismaClient, take = 100) {
  const versions = await db.scriptVersion.findMany({
    orderBy: { createdAt: "desc" },
    take,
    distinct: ["scriptId"],
    select: {
      id: true,
      version: true,
      sizeBytes: true,
      readiness: true,
      createdAt: true,
      uploadedBy: { select: { name: true } },
      script: { select: { id: true, name: true, stage: true, model: { select: { slug: true, displayName: true } } } },
    },
  });
  return versions.map((v) => ({ ...v, warnings: ReadinessWarnings.catch([]).parse(v.readiness).length }));
}

/** One script with all its versions (newest first). */
export async function findScript(db: PrismaClient, id: string) {
  return db.script.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      stage: true,
      model: { select: { id: true, slug: true, displayName: true } },
      versions: {
        orderBy: { version: "desc" },
        select: { id: true, version: true, sha256: true, sizeBytes: true, s3Uri: true, readiness: true, codeVersion: true, createdAt: true, uploadedBy: { select: { name: true } } },
      },
    },
  });
}

const MAX_VIEW_BYTES = 1_000_000;

/** A version's text for the viewer; binary files (NUL bytes) are not shown. */
export async function scriptText(db: PrismaClient, s3Uri: string): Promise<{ text: string | null; binary: boolean }> {
  const bytes = await readScriptVersionBytes(db, s3Uri);
  if (bytes.byteLength > MAX_VIEW_BYTES || bytes.includes(0)) return { text: null, binary: true };
  return { text: new TextDecoder().decode(bytes), binary: false };
}
