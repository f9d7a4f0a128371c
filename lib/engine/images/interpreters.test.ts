import { describe, expect, it } from "vitest";
import { allowedInterpreter, InterpreterConfigError, InterpreterNotAllowed, interpretersFromEnv } from "./interpreters";

describe("interpretersFromEnv", () => {
  it("is python3 on /usr/bin/python3 unless the engine's environment says otherwise", () => {
    expect([...interpretersFromEnv({})]).toEqual([["python3", "/usr/bin/python3"]]);
    expect([...interpretersFromEnv({ FERRY_ENGINE_PYTHON: "/opt/py/bin/python3", FERRY_ENGINE_INTERPRETERS: "conda=/opt/conda/bin/python, py311=/usr/local/bin/python3.11" })]).toEqual([
      ["python3", "/opt/py/bin/python3"],
      ["conda", "/opt/conda/bin/python"],
      ["py311", "/usr/local/bin/python3.11"],
    ]);
  });

  it.each(["conda", "conda=relative/python", "Bad Name=/usr/bin/python3", "x=/usr/../etc/python"])("refuses FERRY_ENGINE_INTERPRETERS=%s", (value) => {
    expect(() => interpretersFromEnv({ FERRY_ENGINE_INTERPRETERS: value })).toThrow(InterpreterConfigError);
  });
});

describe("allowedInterpreter", () => {
  const interpreters = interpretersFromEnv({ FERRY_ENGINE_INTERPRETERS: "conda=/opt/conda/bin/python" });

  it("takes an allowed name, or an allowed interpreter's exact path as an alias for its name", () => {
    expect(allowedInterpreter(interpreters, undefined)).toBe("python3");
    expect(allowedInterpreter(interpreters, "conda")).toBe("conda");
    expect(allowedInterpreter(interpreters, "/opt/conda/bin/python")).toBe("conda");
  });

  it.each(["/etc", "/usr/bin", "/opt/conda/bin/../bin/python", "python", "/bin/sh"])("refuses %s, naming the allowed ones", (requested) => {
    expect(() => allowedInterpreter(interpreters, requested)).toThrow(InterpreterNotAllowed);
    expect(() => allowedInterpreter(interpreters, requested)).toThrow("allows: python3, conda");
  });
});
