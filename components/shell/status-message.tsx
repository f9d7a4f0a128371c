import Link from "next/link";
import type { ReactNode } from "react";

/**
 * The body of the 404 and 403 pages, without a landmark: inside the app's layout it sits in that layout's
 * <main>; the root pages (no app layout around them) wrap it in their own.
 */
export function StatusMessage({ code, title, children }: { code: 403 | 404; title: string; children?: ReactNode }) {
  return (
    <div className="flex items-center justify-center px-6 py-24">
      <div className="max-w-md text-center">
        <p className={`text-sm font-medium ${code === 403 ? "text-red-700" : "text-slate-600"}`}>{code}</p>
        <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
        {children && <p className="mt-2 text-slate-600">{children}</p>}
        <Link href="/" className="mt-4 inline-block text-brand-700 underline">
          Back to the dashboard
        </Link>
      </div>
    </div>
  );
}

export const NOT_FOUND = { code: 404, title: "Nothing here" } as const;
export const FORBIDDEN = { code: 403, title: "You do not have access to this page", children: "Your role does not include it. An admin can grant roles in Admin → Users." } as const;
