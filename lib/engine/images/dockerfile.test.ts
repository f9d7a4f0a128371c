import { describe, expect, it } from "vitest";
import { DockerfileError, type DockerfileStep, interpretDockerfile } from "./dockerfile";

/** Shaped like the article's inference container. */
const INFERENCE = `FROM python:3.9-slim-buster
ARG CODE_DIR=/opt/ml/code
ENV PYTHONUNBUFFERED=TRUE \\
    MODEL_DIR="\${CODE_DIR}/model"
WORKDIR \${CODE_DIR}
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY predict.py model/ ./
USER 1000
ENTRYPOINT ["python3", "predict.py"]
`;

describe("interpretDockerfile", () => {
  it("honours WORKDIR, ENV, ARG defaults, COPY and ENTRYPOINT, and records RUN as skipped", () => {
    const config = interpretDockerfile(INFERENCE);
    expect(config.base).toBe("python:3.9-slim-buster");
    expect(config.workdir).toBe("/opt/ml/code");
    expect(config.env).toEqual({ PYTHONUNBUFFERED: "TRUE", MODEL_DIR: "/opt/ml/code/model" });
    expect(config.copies).toEqual([
      { sources: ["requirements.txt"], dest: "/opt/ml/code/", line: 6 },
      { sources: ["predict.py", "model/"], dest: "/opt/ml/code/", line: 8 },
    ]);
    expect(config.entrypoint).toEqual(["python3", "predict.py"]);
    expect(config.cmd).toEqual([]);
    expect(config.skipped).toEqual(["RUN pip install --no-cache-dir -r requirements.txt (Dockerfile line 7)"]);
  });

  it("turns shell-form commands into /bin/sh -c, or the SHELL given", () => {
    expect(interpretDockerfile("FROM x\nCMD python -c 'print(1)'\n").cmd).toEqual(["/bin/sh", "-c", "python -c 'print(1)'"]);
    expect(interpretDockerfile('FROM x\nSHELL ["/bin/bash", "-lc"]\nENTRYPOINT run.sh --fast\n').entrypoint).toEqual(["/bin/bash", "-lc", "run.sh --fast"]);
  });

  it("resets CMD when ENTRYPOINT comes later, keeps it when CMD comes after", () => {
    expect(interpretDockerfile('FROM x\nCMD ["a"]\nENTRYPOINT ["b"]\n').cmd).toEqual([]);
    expect(interpretDockerfile('FROM x\nENTRYPOINT ["b"]\nCMD ["a"]\n')).toMatchObject({ entrypoint: ["b"], cmd: ["a"] });
  });

  it("resolves relative WORKDIRs and COPY destinations against the current WORKDIR", () => {
    const config = interpretDockerfile("FROM x\nWORKDIR /app\nWORKDIR src\nCOPY main.py run.py\nCOPY lib /app/lib/\n");
    expect(config.workdir).toBe("/app/src");
    expect(config.copies).toEqual([
      { sources: ["main.py"], dest: "/app/src/run.py", line: 4 },
      { sources: ["lib"], dest: "/app/lib/", line: 5 },
    ]);
  });

  it("reads exec-form COPY with spaces in names and ignores --chown", () => {
    expect(interpretDockerfile('FROM x\nCOPY --chown=1000:1000 ["my file.txt", "/data/"]\n').copies).toEqual([{ sources: ["my file.txt"], dest: "/data/", line: 2 }]);
  });

  it("interprets only the final stage, following FROM <stage> chains", () => {
    const config = interpretDockerfile("FROM python:3 AS base\nENV A=1\nFROM golang AS tools\nENV B=2\nFROM base\nENV C=3\nCMD [\"python\"]\n");
    expect(config.env).toEqual({ A: "1", C: "3" });
    expect(config.base).toBe("python:3");
  });

  it("refuses COPY --from and ADD of a URL, with the reason", () => {
    expect(() => interpretDockerfile("FROM x AS b\nFROM y\nCOPY --from=b /a /a\n")).toThrow(DockerfileError);
    expect(() => interpretDockerfile("FROM x\nADD https://example.com/m.bin /m\n")).toThrow(/URL/);
    expect(() => interpretDockerfile("RUN echo no base\n")).toThrow(/no FROM/);
  });

  it("names the line of every refusal: COPY --from, ADD of a URL, an unknown instruction, an instruction before FROM", () => {
    expect(() => interpretDockerfile("FROM x AS b\nFROM y\n\nCOPY --from=b /a /a\n")).toThrow(/^Dockerfile line 4: COPY --from/);
    expect(() => interpretDockerfile("FROM x\nADD https://example.com/m.bin /m\n")).toThrow(/^Dockerfile line 2: ADD of a URL/);
    expect(() => interpretDockerfile("FROM x\nCOPPY a b\n")).toThrow("Dockerfile line 2: unknown instruction COPPY.");
    expect(() => interpretDockerfile("ENV A=1\nFROM x\n")).toThrow("Dockerfile line 1: ENV comes before the first FROM; only ARG may.");
    expect(interpretDockerfile("ARG V=3\nFROM python:${V}\nCMD [\"x\"]\n").cmd).toEqual(["x"]);
  });

  it("reports what happened to each instruction of the final stage, with its line", () => {
    const steps: DockerfileStep[] = [];
    interpretDockerfile(INFERENCE, (step) => steps.push(step));
    expect(steps.map((s) => [s.line, s.effect])).toEqual([
      [1, "honoured"], [2, "honoured"], [3, "honoured"], [5, "honoured"], [6, "honoured"], [7, "skipped"], [8, "honoured"], [9, "ignored"], [10, "honoured"],
    ]);
    expect(steps[0]).toMatchObject({ instruction: "FROM python:3.9-slim-buster", reason: "names the base image" });
    expect(steps[7]).toMatchObject({ instruction: "USER 1000", reason: expect.stringContaining("uid 1000") });
  });
});
