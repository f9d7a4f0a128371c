/** A JSON Schema as a compact, linked outline: object properties, arrays, enums, unions and references. */
type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  description?: string;
  additionalProperties?: Schema | boolean;
};

const refName = (ref: string) => ref.split("/").at(-1) ?? ref;

function Inline({ schema, depth }: { schema: Schema; depth: number }) {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a href={`#schema-${name}`} className="text-brand-700 underline">
        {name}
      </a>
    );
  }
  const union = schema.anyOf ?? schema.oneOf;
  if (union)
    return (
      <>
        {union.map((part, i) => (
          <span key={i}>
            {i > 0 && " | "}
            <Inline schema={part} depth={depth} />
          </span>
        ))}
      </>
    );
  if (schema.enum) return <span>{schema.enum.map((v) => JSON.stringify(v)).join(" | ")}</span>;
  if (schema.type === "array" && schema.items)
    return (
      <span>
        array of <Inline schema={schema.items} depth={depth} />
      </span>
    );
  if (schema.properties && depth < 4) return <Properties schema={schema} depth={depth + 1} />;
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return <span>{schema.format ? `${type} (${schema.format})` : type}</span>;
}

function Properties({ schema, depth }: { schema: Schema; depth: number }) {
  return (
    <ul className="ml-4 list-none space-y-0.5">
      {Object.entries(schema.properties ?? {}).map(([name, property]) => (
        <li key={name}>
          <code className="font-semibold">{name}</code>
          {schema.required?.includes(name) ? "" : "?"}: <Inline schema={property} depth={depth} />
          {property.description && <span className="text-slate-600"> — {property.description}</span>}
        </li>
      ))}
    </ul>
  );
}

export function SchemaView({ schema }: { schema: unknown }) {
  return (
    <div className="text-xs">
      <Inline schema={(schema ?? {}) as Schema} depth={0} />
    </div>
  );
}
