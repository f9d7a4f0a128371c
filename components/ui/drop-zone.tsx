"use client";

import { useState, type DragEvent } from "react";

/** The name a file goes by: its path inside a picked or dropped folder (the server sanitises it), else its name. */
export const pathOf = (file: File) => file.webkitRelativePath || file.name;

type Props = {
  /** Names the file input for screen readers and tests, and heads the zone. */
  label: string;
  hint: string;
  accept?: string;
  multiple?: boolean;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
};

/** A zone that takes dropped files and, clicked or reached by keyboard, opens the file picker. */
export function DropZone({ label, hint, accept, multiple = false, disabled = false, onFiles }: Props) {
  const [over, setOver] = useState(false);

  function take(list: FileList | null) {
    const files = [...(list ?? [])].slice(0, multiple ? undefined : 1);
    if (files.length > 0 && !disabled) onFiles(files);
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files);
  }

  return (
    <label
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`flex cursor-pointer flex-col items-center justify-center rounded-xl border-2 border-dashed p-6 text-center text-sm focus-within:ring-2 focus-within:ring-brand-600 ${over ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white"}`}
    >
      <span className="font-medium text-slate-800">{label}</span>
      <span className="mt-1 text-slate-500">{hint}</span>
      <span className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-slate-700">{multiple ? "Choose files" : "Choose a file"}</span>
      <input
        type="file"
        aria-label={label}
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        className="sr-only"
        onChange={(event) => {
          take(event.currentTarget.files);
          event.currentTarget.value = "";
        }}
      />
    </label>
  );
}
