// A plain module (no "use client"): server and client components alike read these strings.
const CONTROL = "rounded-md border border-slate-300 bg-white text-sm aria-invalid:border-red-500 disabled:bg-slate-50 disabled:text-slate-600";

/** A form field's control (input, select, textarea), full width under its label. */
export const inputClass = `mt-1 block w-full px-2 py-1.5 ${CONTROL}`;

/** A control inside a table row, a toolbar or a line of text. */
export const compactInputClass = `px-2 py-1 ${CONTROL}`;
