import { describe, expect, it } from "vitest";
import { placeFieldErrors } from "./field-errors";

const fields = new Set(["email", "roles", "imageId"]);
const isField = (name: string) => fields.has(name);

describe("placeFieldErrors", () => {
  it("puts each error on the field of its name, or of its longest prefix that is a field", () => {
    const placed = placeFieldErrors({ email: ["Email must be valid"], "roles.0": ["Unknown role"], "roles.1": ["Unknown role 2"] }, isField);
    expect([...placed.fields]).toEqual([
      ["email", ["Email must be valid"]],
      ["roles", ["Unknown role", "Unknown role 2"]],
    ]);
    expect(placed.general).toEqual([]);
  });

  it("follows the form's aliases for keys that are not field names", () => {
    const placed = placeFieldErrors({ "steps.infer.imageUri": ["Pick an image"] }, isField, { "steps.infer.imageUri": "imageId" });
    expect(placed.fields.get("imageId")).toEqual(["Pick an image"]);
  });

  it("keeps errors of no field (the whole input, an unknown key) as the form's general errors", () => {
    const placed = placeFieldErrors({ input: ["Expected an object"], "nothing.here": ["Odd"] }, isField);
    expect(placed.fields.size).toBe(0);
    expect(placed.general).toEqual(["Expected an object", "Odd"]);
  });
});
