"use client";

import { useEffect, useRef, useState } from "react";

type Chunk = { text: string; next: string | null; available: boolean; done: boolean };

/**
 * A log read from a route that answers CloudWatch-style chunks (`text`, the `next` position, whether the log
 * exists yet, whether its writer is done): tailed every 2 s until `done`, then read to its end.
 */
export function LogTail({ url, label, emptyText }: { url: string; label: string; emptyText: string }) {
  const [text, setText] = useState("");
  const [state, setState] = useState<"loading" | "ready" | "missing" | "error">("loading");
  const position = useRef<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function pull() {
      try {
        const response = await fetch(`${url}${position.current ? `?offset=${encodeURIComponent(position.current)}` : ""}`);
        if (!response.ok) throw new Error(String(response.status));
        const chunk = (await response.json()) as Chunk;
        if (cancelled) return;
        if (chunk.text) setText((t) => t + chunk.text);
        const moved = chunk.next !== position.current;
        position.current = chunk.next;
        setState(chunk.available ? "ready" : "missing");
        if (!chunk.done || (moved && chunk.text)) timer = setTimeout(() => void pull(), chunk.done ? 0 : 2000);
      } catch {
        if (!cancelled) setState("error");
      }
    }
    void pull();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [url]);

  if (state === "missing" && !text) return <p className="text-xs text-slate-500">{emptyText}</p>;
  if (state === "error") return <p className="text-xs text-red-700">The log could not be read. Reload the page to try again.</p>;
  return (
    <pre aria-label={label} tabIndex={0} className="max-h-[28rem] overflow-auto whitespace-pre-wrap rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
      {text || (state === "loading" ? "Loading log…" : "(empty log)")}
    </pre>
  );
}
