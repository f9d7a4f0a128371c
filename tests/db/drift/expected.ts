// What schema.prisma says the database should look like, derived offline from Prisma's DMMF (the same
// schema parser `prisma generate` uses, shipped as wasm) and spelled the way PostgreSQL reports it.
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { z } from "zod";
import type { ColumnShape, ForeignKeyShape, IndexShape, ReferentialAction, SchemaSnapshot } from "./snapshot";

const Field = z.object({
  name: z.string(),
  dbName: z.string().nullish(),
  kind: z.enum(["scalar", "object", "enum", "unsupported"]),
  isList: z.boolean(),
  isRequired: z.boolean(),
  isId: z.boolean(),
  isUpdatedAt: z.boolean().optional(),
  type: z.string(),
  nativeType: z.tuple([z.string(), z.array(z.string())]).nullish(),
  default: z.unknown().optional(),
  relationFromFields: z.array(z.string()).optional(),
  relationToFields: z.array(z.string()).optional(),
  relationOnDelete: z.string().optional(),
  relationOnUpdate: z.string().optional(),
});
type Field = z.infer<typeof Field>;

const Model = z.object({
  name: z.string(),
  dbName: z.string().nullish(),
  fields: z.array(Field),
  primaryKey: z.object({ name: z.string().nullish(), fields: z.array(z.string()) }).nullish(),
});
type Model = z.infer<typeof Model>;

const Dmmf = z.object({
  datamodel: z.object({
    enums: z.array(
      z.object({
        name: z.string(),
        dbName: z.string().nullish(),
        values: z.array(z.object({ name: z.string(), dbName: z.string().nullish() })),
      }),
    ),
    models: z.array(Model),
    indexes: z.array(
      z.object({
        model: z.string(),
        type: z.enum(["id", "unique", "normal", "fulltext"]),
        dbName: z.string().nullish(),
        algorithm: z.string().optional(),
        fields: z.array(z.object({ name: z.string(), sortOrder: z.enum(["asc", "desc"]).optional() })),
      }),
    ),
  }),
});
type Dmmf = z.infer<typeof Dmmf>;

export function readDmmf(schemaText: string): Dmmf {
  return Dmmf.parse(JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schemaText }))));
}

const PG_MAX_IDENTIFIER = 63;

/** Prisma's default constraint names: `<table>_<columns>_<suffix>`, the stem cut to fit PostgreSQL's 63 bytes. */
export function prismaConstraintName(table: string, columns: string[], suffix: "key" | "idx" | "fkey" | "pkey"): string {
  const stem = suffix === "pkey" ? table : `${table}_${columns.join("_")}`;
  const room = PG_MAX_IDENTIFIER - suffix.length - 1;
  return `${stem.length > room ? stem.slice(0, room) : stem}_${suffix}`;
}

const quoteIdent = (name: string) => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

class Unsupported extends Error {
  constructor(where: string, what: string) {
    super(`${where}: ${what} is not handled by the drift test yet; extend tests/db/drift/expected.ts`);
  }
}

function baseType(model: Model, field: Field, enumDbName: (name: string) => string): string {
  const where = `${model.name}.${field.name}`;
  if (field.kind === "enum") return quoteIdent(enumDbName(field.type));
  const [native, args = []] = field.nativeType ?? [];
  switch (field.type) {
    case "String":
      if (!native || native === "Text") return "text";
      if (native === "Uuid") return "uuid";
      if (native === "Char") return `character(${args[0] ?? 1})`;
      if (native === "VarChar") return args[0] ? `character varying(${args[0]})` : "character varying";
      break;
    case "DateTime":
      if (!native) return "timestamp(3) without time zone";
      if (native === "Timestamptz") return `timestamp(${args[0] ?? 6}) with time zone`;
      if (native === "Timestamp") return `timestamp(${args[0] ?? 6}) without time zone`;
      if (native === "Date") return "date";
      break;
    case "Int":
      if (!native || native === "Integer") return "integer";
      break;
    case "BigInt":
      if (!native || native === "BigInt") return "bigint";
      break;
    case "Boolean":
      return "boolean";
    case "Float":
      return "double precision";
    case "Decimal":
      return "numeric(65,30)";
    case "Bytes":
      return "bytea";
    case "Json":
      if (!native || native === "JsonB") return "jsonb";
      if (native === "Json") return "json";
      break;
  }
  throw new Unsupported(where, `type ${field.type}${native ? ` @db.${native}` : ""}`);
}

/**
 * How PostgreSQL prints a numeric default: the literal keeps its own type (integer, bigint or numeric, not the
 * column's), and only negative or bigint literals carry an explicit cast, e.g. `'-1'::integer`, `'-1.5'::numeric`.
 */
function numberLiteral(value: number): string {
  const text = String(value);
  const INT4 = 2 ** 31;
  if (Number.isInteger(value) && value >= -INT4 && value < INT4) return value < 0 ? `'${text}'::integer` : text;
  if (Number.isSafeInteger(value)) return `'${text}'::bigint`;
  return value < 0 ? `'${text}'::numeric` : text;
}

/** The type name PostgreSQL prints in a default's cast: no type modifier, `character` as `bpchar`. */
function castName(type: string): string {
  if (type.startsWith("character(")) return "bpchar";
  return type.replace(/\(\d+(,\d+)?\)/, "");
}

function defaultExpression(
  table: string,
  column: string,
  field: Field,
  type: string,
  where: string,
  enumValueDbName: (enumName: string, value: string) => string,
): string | null {
  if (!("default" in field) || field.default === undefined) return null;
  const value = field.default;
  if (Array.isArray(value)) {
    if (value.length === 0) return `ARRAY[]::${type}`;
    throw new Unsupported(where, "a non-empty list default");
  }
  if (typeof value === "object" && value !== null && "name" in value) {
    const args = "args" in value && Array.isArray(value.args) ? value.args : [];
    switch (value.name) {
      case "now":
        return "CURRENT_TIMESTAMP";
      case "autoincrement":
        return `nextval('${quoteIdent(`${table}_${column}_seq`)}'::regclass)`;
      case "dbgenerated":
        if (typeof args[0] === "string") return args[0];
        break;
    }
    throw new Unsupported(where, `default ${JSON.stringify(value)}`);
  }
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return numberLiteral(value);
  if (typeof value === "string" && field.type !== "DateTime") {
    const literal = field.kind === "enum" ? enumValueDbName(field.type, value) : value;
    // PostgreSQL keeps the cast it needed to turn the literal into the column's type.
    return `${quoteLiteral(literal)}::${castName(type)}`;
  }
  throw new Unsupported(where, `default ${JSON.stringify(value)}`);
}

const ACTIONS: Record<string, ReferentialAction> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
  NoAction: "NO ACTION",
};

export function expectedSnapshot(schemaText: string): SchemaSnapshot {
  const { datamodel } = readDmmf(schemaText);
  const enumDbName = (name: string) => datamodel.enums.find((e) => e.name === name)?.dbName ?? name;
  const enumValueDbName = (enumName: string, value: string) =>
    datamodel.enums.find((e) => e.name === enumName)?.values.find((v) => v.name === value)?.dbName ?? value;
  const snapshot: SchemaSnapshot = { enums: {}, tables: {}, indexes: {}, foreignKeys: {} };

  for (const e of datamodel.enums) snapshot.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);

  const tableOf = (name: string) => {
    const model = datamodel.models.find((m) => m.name === name);
    if (!model) throw new Error(`DMMF has no model ${name}`);
    return { model, table: model.dbName ?? model.name };
  };
  const columnOf = (model: Model, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`DMMF model ${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };

  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    const columns: Record<string, ColumnShape> = {};
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const where = `${model.name}.${field.name}`;
      if (field.kind === "unsupported") throw new Unsupported(where, "Unsupported(...) types");
      const column = field.dbName ?? field.name;
      const type = baseType(model, field, enumDbName) + (field.isList ? "[]" : "");
      // DMMF marks lists as required, yet Prisma's migrations create list columns nullable (`"tags" TEXT[] DEFAULT ...`).
      columns[column] = { type, notNull: !field.isList && (field.isRequired || field.isId), default: defaultExpression(table, column, field, type, where, enumValueDbName) };
    }
    snapshot.tables[table] = columns;

    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = tableOf(field.type);
      const fkColumns = field.relationFromFields.map((name) => columnOf(model, name));
      const fk: ForeignKeyShape = {
        table,
        columns: fkColumns,
        referencedTable: target.table,
        referencedColumns: (field.relationToFields ?? []).map((name) => columnOf(target.model, name)),
        // Prisma's defaults: Restrict for required relations, SetNull for optional ones; Cascade on update.
        onDelete: ACTIONS[field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")] ?? "NO ACTION",
        onUpdate: ACTIONS[field.relationOnUpdate ?? "Cascade"] ?? "NO ACTION",
      };
      snapshot.foreignKeys[prismaConstraintName(table, fkColumns, "fkey")] = fk;
    }
  }

  for (const index of datamodel.indexes) {
    const { model, table } = tableOf(index.model);
    if (index.type === "fulltext") throw new Unsupported(model.name, "fulltext indexes");
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
    const shape: IndexShape = {
      table,
      primary: index.type === "id",
      unique: index.type !== "normal",
      method: (index.algorithm ?? "BTree").toLowerCase(),
      columns: index.fields.map((f, i) => `${columns[i] ?? f.name}${f.sortOrder === "desc" ? " DESC" : ""}`),
      predicate: null,
    };
    snapshot.indexes[index.dbName ?? prismaConstraintName(table, columns, suffix)] = shape;
  }
  return snapshot;
}
