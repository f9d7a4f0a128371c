// Compares two snapshots and lists every difference as one readable line.
import type { SchemaSnapshot } from "./snapshot";

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** Sorted keys of both records, each tagged with whether it is on the expected and/or the live side. */
function pairs<T>(expected: Record<string, T>, live: Record<string, T>): Array<[string, T | undefined, T | undefined]> {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(live)])].sort();
  return keys.map((key) => [key, expected[key], live[key]]);
}

function compareFields<T extends object>(label: string, expected: T, live: T, out: string[]): void {
  for (const key of Object.keys(expected) as Array<keyof T>) {
    const a = show(expected[key]);
    const b = show(live[key]);
    if (a !== b) out.push(`${label}: ${String(key)} is ${b} in the database, schema.prisma says ${a}`);
  }
}

/** Every way `live` differs from `expected`; empty when they agree. */
export function diffSnapshots(expected: SchemaSnapshot, live: SchemaSnapshot): string[] {
  const out: string[] = [];

  for (const [name, want, have] of pairs(expected.enums, live.enums)) {
    if (!have) out.push(`enum "${name}" is missing from the database`);
    else if (!want) out.push(`enum "${name}" exists in the database but not in schema.prisma`);
    else if (show(want) !== show(have)) out.push(`enum "${name}": values are ${show(have)} in the database, schema.prisma says ${show(want)}`);
  }

  for (const [table, want, have] of pairs(expected.tables, live.tables)) {
    if (!have) {
      out.push(`table "${table}" is missing from the database`);
      continue;
    }
    if (!want) {
      out.push(`table "${table}" exists in the database but not in schema.prisma`);
      continue;
    }
    for (const [column, wantColumn, haveColumn] of pairs(want, have)) {
      if (!haveColumn) out.push(`column "${table}"."${column}" is missing from the database`);
      else if (!wantColumn) out.push(`column "${table}"."${column}" exists in the database but not in schema.prisma`);
      else compareFields(`column "${table}"."${column}"`, wantColumn, haveColumn, out);
    }
  }

  for (const [name, want, have] of pairs(expected.indexes, live.indexes)) {
    const kind = (want ?? have)?.primary ? "primary key" : (want ?? have)?.unique ? "unique index" : "index";
    if (!have) out.push(`${kind} "${name}" on "${want?.table}" (${want?.columns.join(", ")}) is missing from the database`);
    else if (!want) out.push(`${kind} "${name}" on "${have.table}" (${have.columns.join(", ")}) exists in the database but not in schema.prisma`);
    else compareFields(`${kind} "${name}"`, want, have, out);
  }

  for (const [name, want, have] of pairs(expected.foreignKeys, live.foreignKeys)) {
    if (!have) out.push(`foreign key "${name}" on "${want?.table}" (${want?.columns.join(", ")}) is missing from the database`);
    else if (!want) out.push(`foreign key "${name}" on "${have.table}" exists in the database but not in schema.prisma`);
    else compareFields(`foreign key "${name}"`, want, have, out);
  }
  return out;
}
