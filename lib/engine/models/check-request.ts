import type { ServiceModel, Shape } from "./service-model";
import { compilePattern } from "./service-model";

/** One broken constraint, named the way AWS's ValidationException names it. */
export interface Violation {
  /** `processingInputs.1.member.s3Input.s3Uri`: members in lower camel case, list items 1-based. */
  path: string;
  value: unknown;
  /** AWS leaves the values of sensitive members (an execution's input, a definition) out of its messages. */
  sensitive: boolean;
  constraint: string;
}

/** A value of the wrong JSON type: AWS cannot even read the request (SerializationException). */
export interface Mismatch {
  path: string;
  expected: string;
}

export interface RequestCheck {
  violations: Violation[];
  mismatches: Mismatch[];
}

/**
 * Checks a request body against the operation's input shape in the service model: required members, types,
 * lengths, value ranges, patterns and enums, all the way down. Members the model does not know are ignored,
 * as AWS ignores them. Undefined for an operation the model does not have (newer than the installed model).
 */
/** Enough to say what is wrong; a body with a million bad items is not worth a million lines, nor the time. */
export const MAX_REPORTED = 100;

export function checkRequest(model: ServiceModel, operation: string, body: unknown): RequestCheck | undefined {
  const definition = model.operations[operation];
  if (!definition) return undefined;
  const check: RequestCheck = { violations: [], mismatches: [] };
  if (definition.input) new Walker(model, check).value(definition.input.shape, body ?? {}, "");
  return check;
}

class Walker {
  constructor(
    private readonly model: ServiceModel,
    private readonly check: RequestCheck,
  ) {}

  value(shapeName: string, value: unknown, path: string): void {
    const shape = this.model.shapes[shapeName];
    if (!shape || value === undefined || value === null || this.full()) return;
    if (!hasType(shape.type, value)) {
      this.check.mismatches.push({ path, expected: shape.type });
      return;
    }
    const broken = constraints(shape, value);
    if (shape.type === "map") broken.push(...this.mapKeys(shape, value as Record<string, unknown>));
    for (const constraint of broken) this.check.violations.push({ path, value, sensitive: shape.sensitive === true, constraint });
    // A list or map already too long is not walked item by item: a huge body must not cost more than its size check.
    if (broken.some((c) => c.startsWith("Member must have length less than"))) return;
    if (shape.type === "structure") this.structure(shape, value as Record<string, unknown>, path);
    if (shape.type === "list" && shape.member) {
      const member = shape.member.shape;
      (value as unknown[]).forEach((item, i) => this.value(member, item, `${path}.${i + 1}.member`));
    }
    if (shape.type === "map" && shape.value) {
      const member = shape.value.shape;
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) this.value(member, item, `${path}.${key}`);
    }
  }

  private full(): boolean {
    return this.check.violations.length + this.check.mismatches.length >= MAX_REPORTED;
  }

  private structure(shape: Shape, value: Record<string, unknown>, path: string): void {
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const memberPath = path === "" ? lowerFirst(name) : `${path}.${lowerFirst(name)}`;
      const memberValue = value[name];
      if ((memberValue === undefined || memberValue === null) && shape.required?.includes(name) && !this.full()) {
        const sensitive = this.model.shapes[member.shape]?.sensitive === true;
        this.check.violations.push({ path: memberPath, value: null, sensitive, constraint: "Member must not be null" });
      }
      this.value(member.shape, memberValue, memberPath);
    }
  }

  /** AWS reports broken map keys once for the map: `Map keys must satisfy constraint: [...]`. */
  private mapKeys(shape: Shape, value: Record<string, unknown>): string[] {
    const keyShape = shape.key ? this.model.shapes[shape.key.shape] : undefined;
    if (!keyShape) return [];
    const broken = new Set(Object.keys(value).flatMap((key) => constraints(keyShape, key)));
    return broken.size > 0 ? [`Map keys must satisfy constraint: [${[...broken].join(", ")}]`] : [];
  }
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case "structure":
    case "map":
      return typeof value === "object" && !Array.isArray(value);
    case "list":
      return Array.isArray(value);
    case "string":
    case "blob":
      return typeof value === "string";
    case "integer":
    case "long":
      return Number.isInteger(value);
    case "double":
    case "float":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "timestamp":
      return typeof value === "number" || typeof value === "string";
    default:
      return true;
  }
}

/** The constraints of a shape's own value (not its members), in AWS's words. */
function constraints(shape: Shape, value: unknown): string[] {
  const broken: string[] = [];
  const numeric = typeof value === "number";
  const size = numeric ? value : sizeOf(value);
  const measure = numeric ? "value" : "length";
  if (size !== undefined && shape.min !== undefined && size < shape.min) broken.push(`Member must have ${measure} greater than or equal to ${shape.min}`);
  if (size !== undefined && shape.max !== undefined && size > shape.max) broken.push(`Member must have ${measure} less than or equal to ${shape.max}`);
  if (typeof value === "string" && shape.pattern !== undefined && !compilePattern(shape.pattern).test(value)) {
    broken.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  if (typeof value === "string" && shape.enum && !shape.enum.includes(value)) broken.push(`Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
  return broken;
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  if (typeof value === "object" && value !== null) return Object.keys(value).length;
  return undefined;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
