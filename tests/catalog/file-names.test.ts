import { describe, expect, it } from "vitest";
import { hasAllowedExtension, isRequirements, localModuleOf, sanitizeFileName } from "@/lib/catalog/scripts/file-names";

describe("sanitizeFileName", () => {
  it.each([
    ["preprocess.py", "preprocess.py"],
    ["./preprocess.py", "preprocess.py"],
    ["src\\utils\\io.py", "src/utils/io.py"],
    ["my script (v2).py", "my_script_v2_.py"],
    ["données.csv", "donn_es.csv"],
    ["a//b.py", "a/b.py"],
  ])("%s → %s", (raw, name) => {
    expect(sanitizeFileName(raw)).toEqual({ ok: true, name });
  });

  it.each([
    ["../etc/passwd", "leaves its folder"],
    ["scripts/../../secret.py", "leaves its folder"],
    ["..\\..\\boot.ini", "leaves its folder"],
    ["/etc/passwd", "absolute"],
    ["C:\\Users\\me\\train.py", "absolute"],
    ["c:/x.py", "absolute"],
    [".env", "hidden"],
    ["conf/.secrets.json", "hidden"],
    ["__MACOSX/._train.py", "hidden"],
    ["", "empty"],
    ["   ", "empty"],
    ["a\u0000.py", "control"],
    ["a/b/c/d/e.py", "nested"],
    [`${"x".repeat(201)}.py`, "longer"],
  ])("refuses %j (%s)", (raw, reason) => {
    const result = sanitizeFileName(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it("knows the file kinds", () => {
    expect(hasAllowedExtension("predict.py")).toBe(true);
    expect(hasAllowedExtension("Dockerfile")).toBe(true);
    expect(hasAllowedExtension("model.exe")).toBe(false);
    expect(isRequirements("requirements.txt")).toBe(true);
    expect(isRequirements("sub/requirements-dev.txt")).toBe(true);
    expect(isRequirements("notes.txt")).toBe(false);
    expect(localModuleOf("helpers.py")).toBe("helpers");
    expect(localModuleOf("utils/io.py")).toBe("utils");
    expect(localModuleOf("data.csv")).toBeNull();
  });
});
