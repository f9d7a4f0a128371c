"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Section } from "./sections";
import { NavIcon } from "./nav-icon";

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** Vertical beside the page on wide screens; a scrollable row above it on narrow ones. */
export function Sidebar({ sections, layout = "column" }: { sections: readonly Section[]; layout?: "column" | "row" }) {
  const pathname = usePathname();
  const direction = layout === "column" ? "flex-col p-3" : "flex-row overflow-x-auto px-3 py-2";
  return (
    <nav aria-label={layout === "column" ? "Main" : "Main (compact)"} className={`flex gap-1 ${direction}`}>
      {sections.map((section) => {
        const active = isActive(pathname, section.href);
        return (
          <Link
            key={section.href}
            href={section.href}
            aria-current={active ? "page" : undefined}
            className={`flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-sm ${active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
          >
            <NavIcon name={section.icon} />
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
