"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ConfirmButton } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";
import { stopImageBuildAction } from "@/app/(app)/images/actions";

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";

/** Stop for a build that is queued or running, shown to whoever may stop it (the requester, the image's owner, admins). */
export function StopBuild({ buildId, imageUri }: { buildId: string; imageUri: string }) {
  const queries = useQueryClient();
  const stop = useAction(stopImageBuildAction);
  return (
    <ConfirmButton
      label="Stop build"
      title="Stop this build?"
      confirmLabel="Stop the build"
      danger
      className={button}
      disabled={stop.pending}
      onConfirm={() => void stop.run({ buildId }, "Stop requested").then(() => queries.invalidateQueries({ queryKey: ["image-build", buildId] }))}
    >
      <p>
        CodeBuild stops the build within seconds (a build not yet started never starts). Nothing is pushed, and <span className="break-all font-mono">{imageUri}</span> keeps the version it has.
      </p>
      <p>A build that finishes before the stop reaches CodeBuild keeps its outcome. You can build the same context again from the build form.</p>
    </ConfirmButton>
  );
}
