import "server-only";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { diffLines } from "diff";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { parseS3Uri } from "@/lib/storage/objects";
import { inputChanges } from "./edited-input";
import { clientsFor } from "@/lib/aws/clients";
import { openRunOutput } from "./outputs";

/** Side by side stays readable up to this many runs. */
export const MAX_COMPARED = 6;

/** `?ids=a&ids=b` (the runs list's checkboxes) or `?ids=a,b` (a shared link): two to six distinct run ids. */
export const CompareIds = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))])
  .pipe(z.array(z.uuid("Each run id must be a UUID")).min(2, "Select at least two runs to compare").max(MAX_COMPARED, `Compare at most ${MAX_COMPARED} runs at a time`));
/** Output files listed per run, CSVs diffed, and bytes read of each: enough to see what changed, bounded for the page. */
const MAX_FILES = 200;
const MAX_CSV_DIFFS = 5;
const CSV_BYTES = 256 * 1024;

export type DiffLine = { kind: "added" | "removed" | "same"; text: string };
/** One compared value across the runs, in the order they were selected; `differs` when any two disagree. */
export type CompareRow<T> = { label: string; values: T[]; differs: boolean };

const differs = (values: unknown[]) => new Set(values.map((v) => JSON.stringify(v ?? null))).size > 1;
const row = <T>(label: string, values: T[]): CompareRow<T> => ({ label, values, differs: differs(values) });
const span = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);

type ComparedRun = Awaited<ReturnType<typeof loadRuns>>[number];

async function loadRuns(db: PrismaClient, ids: string[]) {
  const runs = await db.run.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      executionName: true,
      status: true,
      input: true,
      createdAt: true,
      startedAt: true,
      stoppedAt: true,
      environment: true,
      model: { select: { slug: true } },
      startedBy: { select: { name: true } },
      pipelineVersion: { select: { version: true, pipeline: { select: { name: true } } } },
      steps: { select: { name: true, status: true, imageUri: true, scriptSha256: true, startedAt: true, endedAt: true }, orderBy: { position: "asc" } },
    },
  });
  // In the order they were chosen: the first is the baseline the others are diffed against.
  return ids.flatMap((id) => runs.filter((r) => r.id === id));
}

/** Every input value that is not the same in all runs, by path. */
function parameterRows(runs: ComparedRun[]): CompareRow<unknown>[] {
  const paths = new Set<string>();
  for (const run of runs.slice(1)) for (const change of inputChanges(runs[0]?.input, run.input)) paths.add(change.path);
  const valueAt = (input: unknown, path: string) => path.split(".").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), input);
  // Sorted: PostgreSQL keeps jsonb keys in its own order, which would shuffle the rows between runs.
  return [...paths].sort().map((path) => row(path, runs.map((r) => valueAt(r.input, path))));
}

function stepNames(runs: ComparedRun[]): string[] {
  return [...new Set(runs.flatMap((r) => r.steps.map((s) => s.name)))];
}

/** What each run executed: its pipeline version, code prefix, and each step's script sha256 and image. */
function codeRows(runs: ComparedRun[]): CompareRow<string | null>[] {
  const step = (run: ComparedRun, name: string) => run.steps.find((s) => s.name === name);
  return [
    row("Pipeline", runs.map((r) => `${r.pipelineVersion.pipeline.name} v${r.pipelineVersion.version}`)),
    row("Code", runs.map((r) => (r.input as { CodeUri?: string } | null)?.CodeUri ?? null)),
    ...stepNames(runs).flatMap((name) => [
      row(`${name}: script sha256`, runs.map((r) => step(r, name)?.scriptSha256 ?? null)),
      row(`${name}: image`, runs.map((r) => step(r, name)?.imageUri ?? null)),
    ]),
  ].filter((r) => r.values.some((v) => v !== null));
}

function durationRows(runs: ComparedRun[]): CompareRow<number | null>[] {
  return [
    row("Whole run", runs.map((r) => span(r.startedAt, r.stoppedAt))),
    ...stepNames(runs).map((name) => row(name, runs.map((r) => {
      const s = r.steps.find((x) => x.name === name);
      return s ? span(s.startedAt, s.endedAt) : null;
    }))),
  ];
}

function outputRoot(run: ComparedRun) {
  const outputUri = (run.input as { OutputUri?: unknown } | null)?.OutputUri;
  if (typeof outputUri !== "string") return null;
  return parseS3Uri(`${outputUri.endsWith("/") ? outputUri : `${outputUri}/`}${run.executionName}/`);
}

/** A run's output files by their path under its own output prefix (so the same file of two runs has one name). */
async function outputFiles(run: ComparedRun): Promise<Map<string, number>> {
  const root = outputRoot(run);
  if (!root) return new Map();
  const listed = await clientsFor(run.environment).s3.send(new ListObjectsV2Command({ Bucket: root.bucket, Prefix: root.key, MaxKeys: MAX_FILES })).catch(() => null);
  return new Map((listed?.Contents ?? []).map((o) => [(o.Key ?? "").slice(root.key.length), o.Size ?? 0]));
}

function lineDiff(before: string, after: string): DiffLine[] {
  return diffLines(before, after).flatMap((part) =>
    part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((text) => ({ kind: part.added ? ("added" as const) : part.removed ? ("removed" as const) : ("same" as const), text })),
  );
}

async function csvHeadText(db: PrismaClient, run: ComparedRun, file: string): Promise<{ text: string; partial: boolean }> {
  const root = outputRoot(run);
  if (!root) return { text: "", partial: false };
  const object = await openRunOutput(db, run.id, `${root.key}${file}`, CSV_BYTES);
  const text = await object.body.transformToString();
  const partial = (object.size ?? 0) >= CSV_BYTES;
  // A ranged read may end mid-line: the cut line is not compared.
  return { text: partial ? text.slice(0, text.lastIndexOf("\n") + 1) : text, partial };
}

export type CsvDiff = { file: string; against: { runIndex: number; lines: DiffLine[]; partial: boolean }[] };

/** Each CSV that the baseline and another run both wrote, diffed line by line against the baseline's. */
async function csvDiffs(db: PrismaClient, runs: ComparedRun[], files: Map<string, number>[]): Promise<CsvDiff[]> {
  const [base, ...others] = runs;
  if (!base) return [];
  const shared = [...(files[0]?.keys() ?? [])].filter((f) => f.toLowerCase().endsWith(".csv") && files.slice(1).some((m) => m.has(f))).slice(0, MAX_CSV_DIFFS);
  return Promise.all(
    shared.map(async (file) => {
      const before = await csvHeadText(db, base, file);
      const against = await Promise.all(
        others.map(async (run, i) => {
          if (!files[i + 1]?.has(file)) return null;
          const after = await csvHeadText(db, run, file);
          return { runIndex: i + 1, lines: lineDiff(before.text, after.text), partial: before.partial || after.partial };
        }),
      );
      return { file, against: against.filter((a) => a !== null) };
    }),
  );
}

export type RunComparison = Awaited<ReturnType<typeof compareRuns>>;

/**
 * Two or more runs side by side (issue 16): parameters that differ, the code each executed, durations per step,
 * and the outputs, with each CSV the first run and another both wrote diffed line by line.
 */
export async function compareRuns(db: PrismaClient, ids: string[]) {
  const runs = await loadRuns(db, ids);
  const files = await Promise.all(runs.map(outputFiles));
  const allFiles = [...new Set(files.flatMap((m) => [...m.keys()]))].sort();
  return {
    runs: runs.map((r) => ({ id: r.id, executionName: r.executionName, status: r.status, model: r.model.slug, startedBy: r.startedBy.name, createdAt: r.createdAt })),
    parameters: parameterRows(runs),
    code: codeRows(runs),
    durations: durationRows(runs),
    outputs: allFiles.map((file) => row(file, files.map((m) => m.get(file) ?? null))),
    csvDiffs: await csvDiffs(db, runs, files),
  };
}
