// A database schema reduced to what Prisma's migrations decide, in PostgreSQL's own spelling
// (format_type / pg_get_expr), so the expected and the live side compare with plain string equality.

export interface ColumnShape {
  /** format_type() spelling, e.g. `timestamp(3) with time zone`, `character(64)`, `text[]`, `"Role"`. */
  type: string;
  notNull: boolean;
  /** pg_get_expr() spelling of the default, e.g. `CURRENT_TIMESTAMP`, `'ACTIVE'::"ImageStatus"`; null for none. */
  default: string | null;
}

export interface IndexShape {
  table: string;
  primary: boolean;
  unique: boolean;
  /** Access method: btree, gin, ... */
  method: string;
  /** Column names in order; " DESC" appended for descending keys. */
  columns: string[];
  /** Partial-index predicate; Prisma never creates one. */
  predicate: string | null;
}

export interface ForeignKeyShape {
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export type ReferentialAction = "CASCADE" | "RESTRICT" | "SET NULL" | "SET DEFAULT" | "NO ACTION";

export interface SchemaSnapshot {
  /** Enum name → values in declaration order. */
  enums: Record<string, string[]>;
  /** Table name → column name → shape. */
  tables: Record<string, Record<string, ColumnShape>>;
  /** Index name (incl. primary keys) → shape. */
  indexes: Record<string, IndexShape>;
  /** Constraint name → shape. */
  foreignKeys: Record<string, ForeignKeyShape>;
}
