import type { WorkerBeat } from "@/lib/health/workers";

function ago(seconds: number): string {
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** Shown on every page while no worker beats: run lists and the dashboard stop following AWS, and people should know. */
export function SyncBanner({ beat }: { beat: WorkerBeat | null }) {
  if (!beat?.stale) return null;
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-900">
      {beat.ageSeconds === null ? "Run status is not being synced: no worker is running." : `Run status last synced ${ago(beat.ageSeconds)} — the worker is not running.`} Run lists, the
      dashboard and queued work (bulk starts, deploys, parity runs) wait until it is back; an admin can see why under Admin → Workers.
    </div>
  );
}
