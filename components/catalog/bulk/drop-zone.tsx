"use client";

import { useState, type DragEvent } from "react";

/** A file picker that also takes a dropped file. */
export function DropZone({ onFile, disabled }: { onFile: (file: File) => void; disabled: boolean }) {
  const [over, setOver] = useState(false);
  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  }
  return (
    <label
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`flex cursor-pointer flex-col items-center justify-center rounded-xl border-2 border-dashed p-8 text-center ${over ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white"}`}
    >
      <span className="font-medium">Drop a manifest (.csv, .json) or a .zip of model folders here</span>
      <span className="mt-1 text-sm text-slate-500">or click to choose a file</span>
      <input
        type="file"
        aria-label="Manifest or zip file"
        accept=".csv,.json,.zip,text/csv,application/json,application/zip"
        disabled={disabled}
        className="sr-only"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = "";
        }}
      />
    </label>
  );
}
