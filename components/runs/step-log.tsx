"use client";

import { useEffect, useRef, useState } from "react";

type Chunk = { text: string; next: string | null; available: boolean; done: boolean };

/**
 * A step's log: tailed every 2 s while the step runs (from the last offset, so only new bytes travel), read
 * to the end once it has finished.
 */
export function StepLog({ runId, step, running }: { runId: string; step: string; running: boolean }) {
  const [text, setText] = useState("");
  const [state, setState] = useState<"loading" | "ready" | "missing" | "error">("loading");
  const offset = useRef<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function pull() {
      try {
        const url = `/api/runs/${runId}/steps/${encodeURIComponent(step)}/log${offset.current ? `?offset=${encodeURIComponent(offset.current)}` : ""}`;
        const response = await fetch(url);
        if (!response.ok) throw new Error(String(response.status));
        const chunk = (await response.json()) as Chunk;
        if (cancelled) return;
        if (chunk.text) setText((t) => t + chunk.text);
        const moved = chunk.next !== offset.current;
        offset.current = chunk.next;
        setState(chunk.available ? "ready" : "missing");
        // Keep reading while the step runs, or while a finished log still has bytes we have not read.
        if (running || (chunk.available && moved && chunk.text)) timer = setTimeout(() => void pull(), running ? 2000 : 0);
      } catch {
        if (!cancelled) setState("error");
      }
    }
    void pull();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [runId, step, running]);

  if (state === "missing" && !text) return <p className="text-xs text-slate-500">No log yet: it appears once the job has started.</p>;
  if (state === "error") return <p className="text-xs text-red-700">The log could not be read. Reload the page to try again.</p>;
  return (
    <pre data-testid="step-log" className="max-h-72 overflow-auto whitespace-pre-wrap rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
      {text || (state === "loading" ? "Loading log…" : "(empty log)")}
    </pre>
  );
}
