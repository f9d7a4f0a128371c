"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { SubmitButton } from "@/components/ui/buttons";
import { DropZone, pathOf } from "@/components/ui/drop-zone";
import { inputClass } from "@/components/ui/input-style";
import { useAction } from "@/components/ui/use-action";
import type { BuildFormChoices } from "@/lib/catalog/images/build/queries";
import { contextReadiness } from "@/lib/catalog/images/build/readiness";
import type { requestImageBuild } from "@/lib/catalog/images/build/request";
import { postUpload } from "@/lib/http/upload-client";
import { Findings } from "./findings";

type Requested = Awaited<ReturnType<typeof requestImageBuild>>;
type Source = { kind: "upload" } | { kind: "image"; id: string } | { kind: "build"; id: string };
/** A chosen file: its name inside the context, and its text (null when it is not UTF-8) for the readiness check. */
type ContextFile = { file: File; name: string; text: string | null };

const decoder = new TextDecoder("utf-8", { fatal: true });

async function textOf(file: File): Promise<string | null> {
  try {
    return decoder.decode(await file.arrayBuffer());
  } catch {
    return null;
  }
}

/** A folder picked or dropped arrives as `<folder>/<file>`: the context is what is inside it. */
function contextNames(files: readonly File[]): string[] {
  const paths = files.map(pathOf);
  const top = paths[0]?.split("/")[0] ?? "";
  const shared = paths.every((p) => p.includes("/") && p.split("/")[0] === top);
  return shared ? paths.map((p) => p.slice(top.length + 1)) : paths;
}

async function readContext(files: File[]): Promise<ContextFile[]> {
  const names = contextNames(files);
  return Promise.all(files.map(async (file, i) => ({ file, name: names[i] ?? file.name, text: await textOf(file) })));
}

/** Streams the request to the builds route: uploaded files, or the id of a context Ferry holds. */
function postBuild(request: { form: FormData }) {
  return postUpload<Requested>("/api/catalog/image-builds", request.form);
}

/**
 * Build an image as the article's data scientist does with the Studio Image Build CLI: a build context (uploaded,
 * or one Ferry holds), a repository and a tag, Build. Readiness is shown as soon as files are chosen (the server
 * checks again); errors keep the Build button off.
 */
export function BuildForm({ choices, initial }: { choices: BuildFormChoices; initial: { repository: string; tag: string; source: Source } }) {
  const router = useRouter();
  const [source, setSource] = useState<Source>(initial.source);
  const [files, setFiles] = useState<ContextFile[]>([]);
  const [environmentId, setEnvironmentId] = useState(choices.environments[0]?.id ?? "");
  const [repository, setRepository] = useState(initial.repository);
  const [tag, setTag] = useState(initial.tag);
  const { run, pending } = useAction(postBuild);
  const environment = choices.environments.find((e) => e.id === environmentId);
  const findings = useMemo(
    () => (files.length > 0 ? contextReadiness(files, { knownImages: choices.knownImages }) : []),
    [files, choices.knownImages],
  );
  const blocked = findings.some((f) => f.severity === "error") || (source.kind === "upload" && files.length === 0);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData();
    form.set("repository", repository);
    form.set("tag", tag);
    if (environmentId) form.set("environmentId", environmentId);
    if (source.kind === "upload") for (const picked of files) form.append("files", picked.file, picked.name);
    if (source.kind === "image") form.set("fromImageId", source.id);
    if (source.kind === "build") form.set("fromBuildId", source.id);
    const result = await run({ form }, "Build queued", { form: event.currentTarget });
    if (result.ok) router.push(`/images/builds/${result.data.id}`);
  }

  const pickValue = source.kind === "upload" ? "" : `${source.kind}:${source.id}`;
  return (
    <form onSubmit={onSubmit} aria-label="Build an image" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4">
      <fieldset className="space-y-2 text-sm">
        <legend className="font-medium">Build context</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="source" checked={source.kind === "upload"} onChange={() => setSource({ kind: "upload" })} className="accent-brand-600" />
          Upload a build context (Dockerfile, code, requirements.txt)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="source" checked={source.kind !== "upload"} disabled={choices.imageContexts.length + choices.buildContexts.length === 0} onChange={() => {
            const first = choices.imageContexts[0] ? { kind: "image" as const, id: choices.imageContexts[0].id } : choices.buildContexts[0] ? { kind: "build" as const, id: choices.buildContexts[0].id } : null;
            if (first) setSource(first);
          }} className="accent-brand-600" />
          Use a context Ferry holds
        </label>
        {source.kind === "upload" ? (
          <>
            <DropZone label="Build context" hint="Drop the Dockerfile and the files it copies (a folder keeps its layout)." multiple disabled={pending} onFiles={async (picked) => setFiles(await readContext(picked))} />
            {files.length > 0 && <p className="text-slate-600">Chosen: {files.map((f) => f.name).join(", ")}</p>}
          </>
        ) : (
          <label className="block">
            Context
            <select name="context" value={pickValue} onChange={(e) => {
              const [kind, id = ""] = e.currentTarget.value.split(":");
              setSource(kind === "build" ? { kind: "build", id } : { kind: "image", id });
            }} className={inputClass}>
              {choices.imageContexts.map((c) => (
                <option key={c.id} value={`image:${c.id}`}>
                  {c.uri} v{c.version}: {c.files.join(", ")}
                </option>
              ))}
              {choices.buildContexts.map((c) => (
                <option key={c.id} value={`build:${c.id}`}>
                  Built as {c.imageUri}: {c.contextDigest.slice(7, 19)} ({c.contextFiles.join(", ")})
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      {files.length > 0 && <Findings findings={findings} />}
      <div className="grid gap-3 sm:grid-cols-3">
        {choices.environments.length > 1 && (
          <label className="text-sm">
            Environment
            <select name="environmentId" value={environmentId} onChange={(e) => setEnvironmentId(e.currentTarget.value)} className={inputClass}>
              {choices.environments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name} ({e.kind.toLowerCase()}, {e.region})
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="text-sm">
          Repository
          <input name="repository" required value={repository} onChange={(e) => setRepository(e.currentTarget.value)} placeholder="churn-legacy" className={`${inputClass} font-mono`} />
        </label>
        <label className="text-sm">
          Tag
          <input name="tag" required value={tag} onChange={(e) => setTag(e.currentTarget.value)} placeholder="1.0" className={`${inputClass} font-mono`} />
        </label>
      </div>
      {environment && (
        <p className="text-sm text-slate-600">
          CodeBuild pushes <span className="break-all font-mono">{`${environment.registry}/${repository || "<repository>"}:${tag || "<tag>"}`}</span>; the repository is created if missing.
        </p>
      )}
      <SubmitButton pending={pending} busy="Starting…" disabled={blocked}>
        Build
      </SubmitButton>
    </form>
  );
}
