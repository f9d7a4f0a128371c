// What the connected database actually contains, read from pg_catalog in the same shape as expected.ts.
import type pg from "pg";
import type { ColumnShape, ReferentialAction, SchemaSnapshot } from "./snapshot";

export interface LiveOptions {
  /** Tables that are not part of schema.prisma (the migration runner's bookkeeping). */
  ignoreTables: string[];
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

export async function liveSnapshot(client: pg.ClientBase, options: LiveOptions): Promise<SchemaSnapshot> {
  const ignore = options.ignoreTables;
  const snapshot: SchemaSnapshot = { enums: {}, tables: {}, indexes: {}, foreignKeys: {} };

  const enums = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE t.typnamespace = current_schema()::regnamespace
    GROUP BY t.typname`);
  for (const row of enums.rows) snapshot.enums[row.name] = row.values;

  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY($1))`,
    [ignore],
  );
  for (const row of tables.rows) snapshot.tables[row.name] = {};

  const columns = await client.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
       AND a.attnum > 0 AND NOT a.attisdropped AND NOT (c.relname = ANY($1))
     ORDER BY c.relname, a.attnum`,
    [ignore],
  );
  for (const row of columns.rows) {
    const shape: ColumnShape = { type: row.type, notNull: row.not_null, default: row.default };
    (snapshot.tables[row.table] ??= {})[row.column] = shape;
  }

  // One row per index key; indoption bit 1 is DESC. Expression keys (attnum 0) print as their expression.
  const indexes = await client.query<{
    name: string;
    table: string;
    primary: boolean;
    unique: boolean;
    method: string;
    predicate: string | null;
    columns: string[];
  }>(
    `SELECT i.relname AS name, t.relname AS table, x.indisprimary AS primary, x.indisunique AS unique,
            am.amname AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
            array_agg(
              CASE WHEN k.attnum = 0 THEN pg_get_indexdef(x.indexrelid, k.ord::int, true) ELSE a.attname::text END
              || CASE WHEN (x.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END
              ORDER BY k.ord
            )::text[] AS columns
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_am am ON am.oid = i.relam
     CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
     LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
     WHERE t.relnamespace = current_schema()::regnamespace AND NOT (t.relname = ANY($1))
       AND k.ord <= x.indnkeyatts
     GROUP BY i.relname, t.relname, x.indisprimary, x.indisunique, am.amname, x.indpred, x.indrelid`,
    [ignore],
  );
  for (const row of indexes.rows) {
    const { name, ...shape } = row;
    snapshot.indexes[name] = shape;
  }

  const foreignKeys = await client.query<{
    name: string;
    table: string;
    referenced_table: string;
    columns: string[];
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT con.conname AS name, t.relname AS table, r.relname AS referenced_table,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns,
            con.confdeltype AS on_delete, con.confupdtype AS on_update
     FROM pg_constraint con
     JOIN pg_class t ON t.oid = con.conrelid
     JOIN pg_class r ON r.oid = con.confrelid
     WHERE con.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND NOT (t.relname = ANY($1))`,
    [ignore],
  );
  for (const row of foreignKeys.rows) {
    snapshot.foreignKeys[row.name] = {
      table: row.table,
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: ACTIONS[row.on_delete] ?? "NO ACTION",
      onUpdate: ACTIONS[row.on_update] ?? "NO ACTION",
    };
  }
  return snapshot;
}
