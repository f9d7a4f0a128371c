"use client";

import { markNotificationsReadAction } from "@/app/(app)/deployments/actions";
import { useAction } from "@/components/ui/use-action";

export function MarkReadButton({ ids }: { ids: string[] }) {
  const { run, pending } = useAction(markNotificationsReadAction);
  return (
    <button type="button" disabled={pending} onClick={() => run({ ids }, "Marked as read")} className="text-xs text-brand-700 hover:underline disabled:opacity-60">
      Mark all as read
    </button>
  );
}
