import Link from "next/link";
import type { ReactNode } from "react";

/** The link above a page's title back to where it belongs ("← Pipelines"). */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="text-sm text-brand-700 hover:underline">
      ← {children}
    </Link>
  );
}
