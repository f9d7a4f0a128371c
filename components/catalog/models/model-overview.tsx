import Link from "next/link";
import type { ModelDetail } from "@/lib/catalog/models/queries";

function Item({ label, children, className }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-all text-sm">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-500">not set</span>;

export function ModelOverview({ model }: { model: ModelDetail }) {
  return (
    <dl className="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-3">
      <Item label="Team">{model.team}</Item>
      <Item label="Owner">
        {model.owner.name} <span className="text-slate-500">({model.owner.email})</span>
      </Item>
      <Item label="Tags">
        {model.tags.length === 0
          ? none
          : model.tags.map((t) => (
              <Link key={t} href={`/models?tag=${encodeURIComponent(t)}`} className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">
                {t}
              </Link>
            ))}
      </Item>
      <Item label="Script image">{model.scriptImage ? <span className="font-mono text-xs">{model.scriptImage.uri}</span> : none}</Item>
      <Item label="Inference image">{model.image ? <span className="font-mono text-xs">{model.image.uri}</span> : none}</Item>
      <Item label="Code">{model.codeVersions[0] ? <span className="font-mono text-xs">{model.codeVersions[0].s3Uri}</span> : none}</Item>
      <Item label="Input">{model.inputUri ? <span className="font-mono text-xs">{model.inputUri}</span> : none}</Item>
      <Item label="Output">{model.outputUri ? <span className="font-mono text-xs">{model.outputUri}</span> : none}</Item>
      <Item label="Resources">
        {model.instanceType} · {model.volumeSizeGb} GB · {model.maxRuntimeSeconds} s max
      </Item>
      {model.description && (
        <Item label="Description" className="sm:col-span-3">
          <span className="whitespace-pre-line">{model.description}</span>
        </Item>
      )}
    </dl>
  );
}
