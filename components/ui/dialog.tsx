"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal dialog on the browser's own <dialog> (focus kept inside, Escape closes, the page behind inert), with
 * a heading that names it. Rendered only while open, so its content mounts fresh each time.
 */
export function Dialog({ open, title, onClose, children, wide = false }: { open: boolean; title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const heading = useId();
  useEffect(() => {
    if (open && ref.current && !ref.current.open) ref.current.showModal();
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={ref}
      aria-labelledby={heading}
      onClose={onClose}
      className={`m-auto max-h-[90vh] w-[calc(100%-2rem)] overflow-auto rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 ${wide ? "max-w-4xl" : "max-w-lg"}`}
    >
      <div className="space-y-4 p-5">
        <h2 id={heading} className="text-lg font-semibold">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}

type ConfirmProps = {
  /** The button that asks. */
  label: string;
  title: string;
  /** What will happen, in words. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
  danger?: boolean;
};

/** A button that says what will happen and asks before doing it (stop, redrive, run all, publish). */
export function ConfirmButton({ label, title, children, confirmLabel, onConfirm, disabled, className, danger = false }: ConfirmProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useId();
  const close = () => dialog.current?.close();
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => dialog.current?.showModal()} className={className}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={heading} className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40">
        <div className="space-y-4 p-5">
          <h2 id={heading} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="space-y-2 text-sm text-slate-700">{children}</div>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={close} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
              Cancel
            </button>
            <button
              type="button"
              onClick={() => {
                close();
                onConfirm();
              }}
              className={`rounded-md px-3 py-1.5 text-sm font-medium text-white ${danger ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700"}`}
            >
              {confirmLabel}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
