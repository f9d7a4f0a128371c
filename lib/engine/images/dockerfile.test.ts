import { describe, expect, it } from "vitest";
import { DockerfileError, interpretDockerfile } from "./dockerfile";

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
      { sources: ["requirements.txt"], dest: "/opt/ml/code/" },
      { sources: ["predict.py", "model/"], dest: "/opt/ml/code/" },
    ]);
    expect(config.entrypoint).toEqual(["python3", "predict.py"]);
    expect(config.cmd).toEqual([]);
    expect(config.skipped).toEqual(["RUN pip install --no-cache-dir -r requirements.txt"]);
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
      { sources: ["main.py"], dest: "/app/src/run.py" },
      { sources: ["lib"], dest: "/app/lib/" },
    ]);
  });

  it("reads exec-form COPY with spaces in names and ignores --chown", () => {
    expect(interpretDockerfile('FROM x\nCOPY --chown=1000:1000 ["my file.txt", "/data/"]\n').copies).toEqual([{ sources: ["my file.txt"], dest: "/data/" }]);
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
});
