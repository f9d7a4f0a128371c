"use client";

import { useState } from "react";
import { useAction } from "@/components/ui/use-action";
import { deleteImageAction, setImageStatusAction, uploadBuildContextAction, verifyImageAction } from "@/app/(app)/images/actions";
import { DropZone } from "@/components/ui/drop-zone";
import { asBase64Files } from "./base64-files";
import type { ImageRow } from "@/lib/catalog/images/queries";

const BUTTON = "rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 disabled:opacity-60";

/**
 * Per-image actions: verify in ECR, deprecate or reactivate, delete (refused while models use it), build context.
 * A version an approval binds is never replaced: the upload then publishes the next version.
 */
export function ImageActions({ image }: { image: ImageRow }) {
  const [showContext, setShowContext] = useState(false);
  const verify = useAction(verifyImageAction);
  const status = useAction(setImageStatusAction);
  const remove = useAction(deleteImageAction);
  const context = useAction(uploadBuildContextAction);
  const deprecated = image.status === "DEPRECATED";
  return (
    <div className="flex flex-wrap gap-1.5">
      <button type="button" className={BUTTON} disabled={verify.pending} onClick={() => verify.run({ imageId: image.id }, (r) => `Verified: ${r.digest}`)}>
        Verify
      </button>
      <button
        type="button"
        className={BUTTON}
        disabled={status.pending}
        onClick={() => status.run({ imageId: image.id, status: deprecated ? "ACTIVE" : "DEPRECATED" }, deprecated ? "Reactivated" : "Deprecated")}
      >
        {deprecated ? "Reactivate" : "Deprecate"}
      </button>
      <button
        type="button"
        className={BUTTON}
        disabled={remove.pending || image.useCount > 0}
        title={image.useCount > 0 ? "In use: deprecate it instead" : undefined}
        onClick={() => {
          if (window.confirm(`Delete ${image.uri}?`)) void remove.run({ imageId: image.id }, "Image deleted");
        }}
      >
        Delete
      </button>
      {image.kind === "CUSTOM" && (
        <button type="button" className={BUTTON} onClick={() => setShowContext((v) => !v)}>
          {image.bound ? "Upload a new version" : image.localRuntime ? "Replace build context" : "Upload build context"}
        </button>
      )}
      {showContext && (
        <div className="mt-2 w-full">
          <DropZone
            label={`Build context for ${image.uri}`}
            multiple
            hint={
              image.bound
                ? `Version ${image.version} is what approved deployments run; this becomes version ${image.version + 1}, and those deployments need a new approval.`
                : "Drop the Dockerfile and the files it copies."
            }
            disabled={context.pending}
            onFiles={async (files) => {
              const result = await context.run(
                { imageId: image.id, files: await asBase64Files(files), newVersion: image.bound },
                (r) => (image.bound ? `Published version ${r.version}` : "Build context uploaded"),
              );
              if (result.ok) setShowContext(false);
            }}
          />
        </div>
      )}
    </div>
  );
}
