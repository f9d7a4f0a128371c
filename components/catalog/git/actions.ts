import type { checkForChanges } from "@/lib/catalog/git/changes";
import type { importFromGit, ImportFromGitInput } from "@/lib/catalog/git/import";
import type { z } from "zod";
import { postJson } from "./post-json";

export type ImportOutcome = Awaited<ReturnType<typeof importFromGit>>;
export type ChangesOutcome = Awaited<ReturnType<typeof checkForChanges>>;

export const importFromGitRoute = (input: z.input<typeof ImportFromGitInput>) => postJson<ImportOutcome>("/api/catalog/repositories/import", input);
export const checkForChangesRoute = (input: { modelId: string }) => postJson<ChangesOutcome>("/api/catalog/repositories/check", input);
export const allowHostRoute = (input: { host: string }) => postJson<{ host: string }>("/api/catalog/repositories/allowed-hosts", input);
export const disallowHostRoute = (input: { host: string }) => postJson<{ host: string }>("/api/catalog/repositories/allowed-hosts", input, "DELETE");
