import type { ReactNode } from "react";
import type { ArtifactImage, Artifacts } from "@/lib/deployments/artifacts";
import { DataTable } from "@/components/ui/data-table";

type Row = { key: string; kind: string; name: ReactNode; content: ReactNode };

const mono = (text: string) => <span className="break-all font-mono text-xs">{text}</span>;

function imageContent(image: ArtifactImage): ReactNode {
  if (image.version === null) return <span className="text-red-700">not a registered image</span>;
  const runtime = image.kind === "CUSTOM" ? (image.context ? `build context ${image.context}` : "no build context in the catalog") : `interpreter ${image.interpreter ?? "(the engine's default)"}`;
  return (
    <>
      v{image.version}: {mono([image.digest && `digest ${image.digest}`, runtime].filter(Boolean).join(" · "))}
    </>
  );
}

function rowsOf(artifacts: Artifacts): Row[] {
  const { pipeline, code } = artifacts;
  return [
    { key: "pipeline", kind: "Pipeline", name: `${pipeline.name} v${pipeline.version}`, content: mono(`content ${pipeline.contentHash}`) },
    { key: "definition", kind: "State machine definition", name: "as deployed", content: mono(`sha256 ${pipeline.definitionSha256}`) },
    ...artifacts.images.map((image) => ({ key: `image:${image.uri}`, kind: "Image", name: <>{mono(image.uri)} <span className="text-slate-500">for {image.steps.join(", ")}</span></>, content: imageContent(image) })),
    ...artifacts.scripts.map((s) => ({ key: `script:${s.name}`, kind: "Script", name: `${s.name} (${s.stage.toLowerCase()}) v${s.version}`, content: mono(`sha256 ${s.sha256}`) })),
    { key: "code", kind: "Code version", name: code ? `v${code.version}` : "none", content: code ? mono(code.s3Uri) : "no code uploaded" },
  ];
}

/**
 * Every artifact an approval binds, with its digest. `changed` marks (and names) those that differ from the
 * catalog now: any one of them voids the approval.
 */
export function ArtifactList({ artifacts, changed = [] }: { artifacts: Artifacts; changed?: readonly string[] }) {
  return (
    <DataTable label="Bound artifacts" columns={["Artifact", "Name", "Content", ""]}>
      {rowsOf(artifacts).map((row) => {
        const isChanged = changed.includes(row.key);
        return (
          <tr key={row.key} data-changed={isChanged} className={isChanged ? "bg-amber-50" : undefined}>
            <td className="px-4 py-2 text-slate-600">{row.kind}</td>
            <td className="px-4 py-2">{row.name}</td>
            <td className="px-4 py-2">{row.content}</td>
            <td className="px-4 py-2 text-xs font-medium text-amber-800">{isChanged ? "changed since" : ""}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
