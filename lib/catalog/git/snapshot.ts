import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import git, { Errors, type HttpClient } from "isomorphic-git";
import { AppError } from "@/lib/commands/errors";
import { hasAllowedExtension, sanitizeFileName } from "@/lib/catalog/scripts/file-names";
import { normalHost, type AddressCheck } from "./address";
import { guardedHttp } from "./http-client";
import { GIT_LIMITS } from "./limits";
import { isCommitSha, type GitSource } from "./source";

export type GitCredentials = { username: string; token: string } | null;

/** The files of one commit's sub-folder that a code version may hold, and what was left out and why. */
export type GitSnapshot = {
  commit: string;
  files: { name: string; bytes: Uint8Array }[];
  skipped: { path: string; reason: string }[];
};

const LFS_POINTER = "version https://git-lfs.github.com/spec/v1";

/** What a Git failure means to the user; anything unexpected stays a 500 with its detail in the log. */
function explain(error: unknown, source: GitSource): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Errors.HttpError) {
    const status = error.data.statusCode;
    if (status === 401 || status === 403) return new AppError("FORBIDDEN", `${source.url} refused the credentials (HTTP ${status}). Check the token and that it may read the repository.`);
    if (status === 404) return new AppError("NOT_FOUND", `${source.url} is not a Git repository Ferry can read (HTTP 404).`);
    return new AppError("INVALID_INPUT", `${source.url} answered HTTP ${status}.`, undefined, String(error));
  }
  if (error instanceof Errors.NotFoundError) return new AppError("NOT_FOUND", `${source.ref} is not a branch, tag or commit of ${source.url}.`);
  if (error instanceof Errors.SmartHttpError || error instanceof Errors.ParseError) return new AppError("INVALID_INPUT", `${source.url} does not speak Git's smart HTTP protocol.`, undefined, String(error));
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new AppError("INVALID_INPUT", `${new URL(source.url).hostname} cannot be resolved.`);
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "ETIMEDOUT") return new AppError("INVALID_INPUT", `${new URL(source.url).host} cannot be reached (${code}).`);
  return error;
}

function refusal(kind: string, paths: string[], why: string): string {
  return `${kind} (${paths.slice(0, 5).join(", ")}${paths.length > 5 ? `, and ${paths.length - 5} more` : ""}): ${why}`;
}

type Walked = { files: { path: string; oid: string }[]; symlinks: string[]; submodules: string[] };

async function walk(dir: string, commit: string, subfolder: string): Promise<Walked> {
  const out: Walked = { files: [], symlinks: [], submodules: [] };
  let entries = 0;
  const visit = async (folder: string) => {
    const { tree } = await git.readTree({ fs, dir, oid: commit, ...(folder ? { filepath: folder } : {}) });
    for (const entry of tree) {
      if (++entries > GIT_LIMITS.treeEntries) throw new AppError("INVALID_INPUT", `The ${subfolder ? "sub-folder" : "repository"} has more than ${GIT_LIMITS.treeEntries} files and folders; choose the sub-folder that holds the model's code.`);
      const full = folder ? `${folder}/${entry.path}` : entry.path;
      if (entry.mode === "120000") out.symlinks.push(full);
      else if (entry.type === "commit") out.submodules.push(full);
      else if (entry.type === "tree") await visit(full);
      else out.files.push({ path: full, oid: entry.oid });
    }
  };
  try {
    await visit(subfolder);
  } catch (error) {
    if (error instanceof Errors.NotFoundError || error instanceof Errors.ObjectTypeError) throw new AppError("NOT_FOUND", `${subfolder} is not a folder at this commit.`);
    throw error;
  }
  return out;
}

/** The sub-folder's files as a code version may take them; a symlink, submodule, LFS pointer or oversized file refuses the import. */
async function readSnapshot(dir: string, commit: string, subfolder: string): Promise<GitSnapshot> {
  const walked = await walk(dir, commit, subfolder);
  const relative = (p: string) => (subfolder ? p.slice(subfolder.length + 1) : p);
  const files: GitSnapshot["files"] = [];
  const skipped: GitSnapshot["skipped"] = [];
  const lfs: string[] = [];
  const huge: string[] = [];
  for (const file of walked.files) {
    const name = relative(file.path);
    const { blob } = await git.readBlob({ fs, dir, oid: file.oid });
    if (blob.byteLength > GIT_LIMITS.fileBytes) huge.push(`${name} (${Math.round(blob.byteLength / 100_000) / 10} MB)`);
    else if (Buffer.from(blob.subarray(0, LFS_POINTER.length)).toString("latin1") === LFS_POINTER) lfs.push(name);
    const clean = sanitizeFileName(name);
    if (!clean.ok) skipped.push({ path: name, reason: clean.reason });
    else if (!hasAllowedExtension(clean.name)) skipped.push({ path: name, reason: "not a kind of file a code version takes" });
    else files.push({ name, bytes: blob });
  }
  const problems = [
    walked.symlinks.length > 0 && refusal("Symbolic links", walked.symlinks.map(relative), "a code version holds files only; replace each link with the file it points to"),
    walked.submodules.length > 0 && refusal("Submodules", walked.submodules.map(relative), "Ferry does not follow them; import the submodule's repository on its own or copy its files in"),
    lfs.length > 0 && refusal("Git LFS pointers", lfs, "the real files are on an LFS server Ferry does not fetch from; commit them to Git or keep them out of the code"),
    huge.length > 0 && refusal("Files larger than 1 MB", huge, "a code version takes files up to 1 MB; keep data and model weights in S3 and read them as processing inputs"),
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) throw new AppError("INVALID_INPUT", `Nothing was imported. ${problems.join(". ")}.`, { source: problems });
  if (files.length === 0) throw new AppError("INVALID_INPUT", `There are no files a code version takes in ${subfolder || "the repository"} at ${commit.slice(0, 12)}.`);
  if (files.length > GIT_LIMITS.files) throw new AppError("INVALID_INPUT", `${subfolder || "The repository"} holds ${files.length} files; a code version takes at most ${GIT_LIMITS.files}. Choose the sub-folder with the model's code.`);
  return { commit, files, skipped };
}

/** The commit a fetched ref names; an annotated tag is peeled to its commit. */
async function commitOf(dir: string, oid: string): Promise<string> {
  const { type } = await git.readObject({ fs, dir, oid, format: "parsed" });
  if (type === "tag") return commitOf(dir, (await git.readTag({ fs, dir, oid })).tag.object);
  if (type !== "commit") throw new AppError("INVALID_INPUT", "That ref names neither a commit nor a tag.");
  return oid;
}

async function fetchCommit(dir: string, http: HttpClient, source: GitSource, headers: Record<string, string>): Promise<string> {
  const base = { fs, http, dir, remote: "origin", headers, tags: false };
  if (!isCommitSha(source.ref)) {
    const fetched = await git.fetch({ ...base, ref: source.ref, singleBranch: true, depth: 1 });
    if (!fetched.fetchHead) throw new AppError("NOT_FOUND", `${source.ref} is not a branch or tag of ${source.url}.`);
    return commitOf(dir, fetched.fetchHead);
  }
  // Servers do not hand out a bare commit by id over the stateless protocol; the branches' history holds it if anything does.
  await git.fetch({ ...base, ref: "HEAD", singleBranch: false });
  try {
    return await commitOf(dir, source.ref);
  } catch (error) {
    if (error instanceof Errors.NotFoundError) throw new AppError("NOT_FOUND", `Commit ${source.ref} is not on any branch of ${source.url}.`);
    throw error;
  }
}

/**
 * Fetches the source's commit into a scratch folder (removed afterwards) and reads its sub-folder. Everything
 * the network gives passes the address rule, the byte and object caps and the deadline (./http-client.ts).
 */
export async function fetchSnapshot(source: GitSource, credentials: GitCredentials, check: AddressCheck): Promise<GitSnapshot> {
  const url = new URL(source.url);
  if (url.protocol === "http:" && !check.allowed(normalHost(url.hostname))) {
    throw new AppError("INVALID_INPUT", "Use an https:// URL: tokens and code travel in clear over http://, which Ferry allows only for hosts an admin allowed.");
  }
  const headers: Record<string, string> = credentials ? { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString("base64")}` } : {};
  const dir = await mkdtemp(path.join(os.tmpdir(), "ferry-git-"));
  try {
    await git.init({ fs, dir });
    await git.addRemote({ fs, dir, remote: "origin", url: source.url });
    const commit = await fetchCommit(dir, guardedHttp(check), source, headers);
    return await readSnapshot(dir, commit, source.subfolder);
  } catch (error) {
    throw explain(error, source);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
