import Link from "next/link";
import type { ImageRow } from "@/lib/catalog/images/queries";
import { ImageActions } from "./image-actions";
import { DataTable } from "@/components/ui/data-table";
import { canChangeImage, type ObjectActor } from "@/lib/auth/object-rules";

function runtimeOf(image: ImageRow): string {
  if (!image.localRuntime) return image.kind === "CUSTOM" ? "No build context yet" : "The engine's default interpreter";
  if (image.localRuntime.kind === "framework") return `Interpreter ${image.localRuntime.python ?? "(the engine's default)"}`;
  return `Build context: ${image.localRuntime.files.length} files`;
}

/** `actor`: who is looking, when they may write the catalog; each image's actions show only to its owner and admins. */
export function ImageTable({ images, actor }: { images: ImageRow[]; actor: ObjectActor | null }) {
  if (images.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
        No images yet. Register the framework image your scripts run on (for example AWS&apos;s scikit-learn image) and any custom container below.
      </div>
    );
  }
  return (
    <DataTable columns={["Image", "Kind", "Runs locally on", "Used by", "Actions"]}>
          {images.map((image) => (
            <tr key={image.id} className="border-t border-slate-100 align-top" data-testid="image-row">
              <td className="px-3 py-2">
                <div className="break-all font-mono text-xs">{image.uri}</div>
                {image.description && <div className="mt-0.5 text-slate-600">{image.description}</div>}
                <div className="mt-0.5 text-xs text-slate-500">
                  {image.status === "DEPRECATED" && <span className="mr-2 rounded bg-amber-100 px-1.5 text-amber-800">Deprecated</span>}
                  Version {image.version}
                  {image.bound ? " (bound by an approval)" : ""} · {image.digest ? <span className="font-mono">{image.digest.slice(0, 19)}…</span> : "no digest yet"} · {image.owner.name}
                </div>
              </td>
              <td className="px-3 py-2">{image.kind === "FRAMEWORK" ? "Framework" : "Custom"}</td>
              <td className="px-3 py-2 text-slate-700">{runtimeOf(image)}</td>
              <td className="px-3 py-2">
                {image.useCount === 0 ? (
                  <span className="text-slate-500">No models</span>
                ) : (
                  <>
                    {image.usedBy.map((slug) => (
                      <Link key={slug} href={`/models/${slug}`} className="mr-1.5 text-brand-700 underline">
                        {slug}
                      </Link>
                    ))}
                    {image.useCount > image.usedBy.length && (
                      <Link href={`/models?imageId=${image.id}`} className="text-brand-700 underline">
                        all {image.useCount}
                      </Link>
                    )}
                  </>
                )}
              </td>
              {actor && (
                <td className="px-3 py-2">
                  {canChangeImage(actor, { kind: "image", label: image.uri, ownerId: image.owner.id }) ? <ImageActions image={image} /> : <span className="text-xs text-slate-500">Owner or admin only</span>}
                </td>
              )}
            </tr>
          ))}
    </DataTable>
  );
}
