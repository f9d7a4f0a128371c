import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { descriptionField, emailField, idField, nameField, passwordField } from "./fields";

/** The first error message of a failed parse, or a test failure when the value is accepted. */
function errorOf(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return result.error.issues[0]?.message ?? "";
}

const WRONG_TYPES: unknown[] = [undefined, null, 42, true, {}, [], ["a"]];

describe("nameField", () => {
  const name = nameField("Name", 20);

  it("trims and accepts ordinary names, including non-ASCII", () => {
    expect(name.parse("  Dana Scientist ")).toBe("Dana Scientist");
    expect(name.parse("Zoë O'Brien-Łukasz")).toBe("Zoë O'Brien-Łukasz");
    expect(name.parse("R&D model #3")).toBe("R&D model #3");
  });

  it("requires something besides whitespace", () => {
    expect(errorOf(name, "")).toBe("Name is required");
    expect(errorOf(name, "   \t ")).toBe("Name is required");
  });

  it("limits the length, after trimming", () => {
    expect(name.parse(`  ${"a".repeat(20)}  `)).toHaveLength(20);
    expect(errorOf(name, "a".repeat(21))).toBe("Name must be at most 20 characters");
    expect(errorOf(name, "a".repeat(1_000_000))).toBe("Name must be at most 20 characters");
  });

  it.each(["<script>alert(1)</script>", "<b>bold</b>", "a > b", "x<y", "<img src=x onerror=alert(1)>"])("refuses markup: %s", (value) => {
    expect(errorOf(nameField("Name", 200), value)).toBe("Name cannot contain < or >");
  });

  it.each(WRONG_TYPES)("refuses %j as not text", (value) => {
    expect(errorOf(name, value)).toBe("Name must be text");
  });

  it("uses the label it was given and defaults to 120 characters", () => {
    const label = nameField("Model name");
    expect(errorOf(label, "")).toBe("Model name is required");
    expect(label.parse("m".repeat(120))).toHaveLength(120);
    expect(errorOf(label, "m".repeat(121))).toBe("Model name must be at most 120 characters");
  });
});

describe("descriptionField", () => {
  it("allows empty text, trims, and limits length", () => {
    const description = descriptionField(10);
    expect(description.parse("")).toBe("");
    expect(description.parse("  ok  ")).toBe("ok");
    expect(errorOf(description, "x".repeat(11))).toBe("Description must be at most 10 characters");
    expect(errorOf(description, 5)).toBe("Description must be text");
    expect(descriptionField().parse("d".repeat(4000))).toHaveLength(4000);
  });
});

describe("emailField", () => {
  it("trims and lower-cases", () => {
    expect(emailField.parse("  Dana.Scientist@Ferry.LOCAL ")).toBe("dana.scientist@ferry.local");
  });

  it.each(["", "dana", "dana@", "@ferry.local", "dana@ferry", "dana scientist@ferry.local", "<script>@x.io"])("refuses %j", (value) => {
    expect(errorOf(emailField, value)).toBe("Enter a valid email address");
  });

  it("limits the length to 254 characters", () => {
    const long = `${"a".repeat(250)}@x.io`;
    expect(errorOf(emailField, long)).toBe("Email must be at most 254 characters");
  });

  it.each(WRONG_TYPES)("refuses %j as not text", (value) => {
    expect(errorOf(emailField, value)).toBe("Email must be text");
  });
});

describe("passwordField", () => {
  it("accepts 10 to 128 characters and keeps them exactly", () => {
    expect(passwordField.parse("  ten chars ")).toBe("  ten chars ");
    expect(passwordField.parse("p".repeat(128))).toHaveLength(128);
  });

  it("refuses short and long passwords with the limit in the message", () => {
    expect(errorOf(passwordField, "short")).toBe("Password must be at least 10 characters");
    expect(errorOf(passwordField, "")).toBe("Password must be at least 10 characters");
    expect(errorOf(passwordField, "p".repeat(129))).toBe("Password must be at most 128 characters");
  });

  it.each(WRONG_TYPES)("refuses %j as not text", (value) => {
    expect(errorOf(passwordField, value)).toBe("Password must be text");
  });
});

describe("idField", () => {
  const id = idField("User");

  it("accepts a UUID", () => {
    expect(id.parse("3f1c2b7e-8d4a-4c1e-9b2f-0a6d5e4c3b21")).toBe("3f1c2b7e-8d4a-4c1e-9b2f-0a6d5e4c3b21");
  });

  it.each(["", "42", "not-a-uuid", "3f1c2b7e-8d4a-4c1e-9b2f-0a6d5e4c3b2", "' OR 1=1 --", 42, null, undefined])("refuses %j", (value) => {
    expect(errorOf(id, value)).toBe("User must be a valid id");
  });

  it("defaults its label to id", () => {
    expect(errorOf(idField(), "x")).toBe("id must be a valid id");
  });
});
