import Link from "next/link";
import type { ReactNode } from "react";

const BASE = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60";

/** The buttons' looks: primary (the form's main action), dark (a weighty or slow one), secondary. */
const BUTTON = {
  primary: `${BASE} bg-brand-600 text-white hover:bg-brand-700`,
  dark: `${BASE} bg-slate-800 text-white hover:bg-slate-900`,
  secondary: `${BASE} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`,
} as const;

type SubmitProps = { children: ReactNode; pending?: boolean; busy?: string; disabled?: boolean; tone?: keyof typeof BUTTON; className?: string };

/** A form's submit button; while the form is pending it is disabled and says what it is doing (`busy`). */
export function SubmitButton({ children, pending = false, busy, disabled = false, tone = "primary", className = "" }: SubmitProps) {
  return (
    <button type="submit" disabled={pending || disabled} className={`${BUTTON[tone]} ${className}`.trim()}>
      {pending && busy ? busy : children}
    </button>
  );
}

/** A filter form's actions: apply what is typed, or clear every filter (back to `clearHref`). */
export function FilterActions({ clearHref, className = "" }: { clearHref: string; className?: string }) {
  return (
    <div className={`flex items-end gap-2 ${className}`.trim()}>
      <SubmitButton>Apply</SubmitButton>
      <Link href={clearHref} className="px-2 py-1.5 text-sm text-slate-600 underline hover:text-slate-900">
        Clear
      </Link>
    </div>
  );
}
