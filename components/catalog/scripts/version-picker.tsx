"use client";

import { usePathname, useRouter } from "next/navigation";
import { compactInputClass } from "@/components/ui/input-style";
import { VersionOptions } from "@/components/ui/choices";

/** Which version to show and, optionally, which to compare it with; both live in the URL. */
export function VersionPicker({ versions, shown, compare }: { versions: number[]; shown: number; compare: number | null }) {
  const router = useRouter();
  const path = usePathname();
  function go(v: number, c: number | null) {
    router.push(`${path}?v=${v}${c ? `&compare=${c}` : ""}`);
  }
  return (
    <div className="flex flex-wrap items-center gap-4 text-sm">
      <label>
        Version
        <select aria-label="Version" className={`${compactInputClass} ml-1`} value={shown} onChange={(e) => go(Number(e.target.value), compare)}>
          <VersionOptions versions={versions} />
        </select>
      </label>
      <label>
        Compare with
        <select aria-label="Compare with" className={`${compactInputClass} ml-1`} value={compare ?? ""} onChange={(e) => go(shown, e.target.value ? Number(e.target.value) : null)}>
          <option value="">(no comparison)</option>
          <VersionOptions versions={versions.filter((v) => v !== shown)} />
        </select>
      </label>
    </div>
  );
}
