"use client";

import { useRef, useState, type DragEvent } from "react";

/** `file` for uploads over multipart (lib/http/upload-client.ts); `base64` for callers still on server actions. */
export type PickedFile = { name: string; base64: string; size: number; file: File };

async function toPicked(file: File): Promise<PickedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  // Folders dropped or picked keep their relative path (webkitRelativePath); the server sanitises it.
  return { name: file.webkitRelativePath || file.name, base64: btoa(binary), size: file.size, file };
}

/** A drop zone that also opens the file picker; hands the chosen files, read as base64, to `onFiles`. */
export function FileDrop({ label, hint, onFiles, disabled }: { label: string; hint: string; onFiles: (files: PickedFile[]) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  async function take(list: FileList | null) {
    if (!list || list.length === 0) return;
    onFiles(await Promise.all([...list].map(toPicked)));
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setOver(false);
    if (!disabled) void take(event.dataTransfer.files);
  }

  return (
    <div
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`rounded-xl border-2 border-dashed p-6 text-center text-sm ${over ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white"}`}
    >
      <p className="font-medium text-slate-800">{label}</p>
      <p className="mt-1 text-slate-500">{hint}</p>
      <button type="button" disabled={disabled} onClick={() => input.current?.click()} className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 disabled:opacity-60">
        Choose files
      </button>
      <input
        ref={input}
        type="file"
        multiple
        aria-label={label}
        className="sr-only"
        onChange={(event) => {
          void take(event.currentTarget.files);
          event.currentTarget.value = "";
        }}
      />
    </div>
  );
}
