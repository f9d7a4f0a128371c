// Readiness before a build: the Dockerfile linted for a SageMaker Processing job (base known and pinned, a
// command, nothing copied over SageMaker's mounts, the exec form, no secrets in ENV/ARG), and the imports no
// requirement provides; every finding names its file and line.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintDockerfile } from "@/lib/catalog/images/dockerfile-lint";
import { blocking, contextReadiness } from "@/lib/catalog/images/build/readiness";

const DEMO = path.resolve("prisma/demo/churn/inference-image");
const demo = (name: string) => readFileSync(path.join(DEMO, name), "utf8");
const rules = (text: string) => lintDockerfile(text).map((f) => [f.line, f.rule, f.severity]);

describe("lintDockerfile", () => {
  it("finds nothing wrong with the demo's inference Dockerfile", () => {
    expect(lintDockerfile(demo("Dockerfile"))).toEqual([]);
  });

  it("knows Python bases and AWS's SageMaker images; others, scratch and moving tags are said", () => {
    expect(rules('FROM public.ecr.aws/docker/library/python:3.11\nCMD ["python3"]\n')).toEqual([]);
    expect(rules('FROM 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3\nCMD ["python3"]\n')).toEqual([]);
    expect(rules('FROM node:20\nCMD ["node"]\n')).toEqual([[1, "base-image", "warning"]]);
    expect(rules('FROM 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/base:2\nCMD ["x"]\n')).toEqual([[1, "base-image", "warning"]]);
    expect(lintDockerfile('FROM 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/base:2\nCMD ["x"]\n', { knownImages: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/base:2"] })).toEqual([]);
    expect(rules('FROM python\nCMD ["python3"]\n')).toEqual([[1, "base-unpinned", "warning"]]);
    expect(rules('FROM python:latest\nCMD ["python3"]\n')).toEqual([[1, "base-unpinned", "warning"]]);
    expect(rules('FROM scratch\nCMD ["x"]\n')).toEqual([[1, "base-image", "error"]]);
    expect(rules("")).toEqual([[1, "no-from", "error"]]);
  });

  it("needs ENTRYPOINT or CMD in the final image, following FROM <stage>", () => {
    expect(rules("FROM python:3.11\nCOPY a.py /app/\n")).toEqual([[1, "no-command", "error"]]);
    expect(rules('FROM python:3.11 AS base\nCMD ["python3", "a.py"]\nFROM base\nCOPY a.py /app/\n')).toEqual([]);
    expect(rules('FROM python:3.11 AS tools\nCMD ["x"]\nFROM python:3.11-slim\nCOPY a.py /app/\n')).toEqual([[3, "no-command", "error"]]);
  });

  it("keeps SageMaker's processing mounts free and prefers the exec form", () => {
    const findings = lintDockerfile('FROM python:3.11\nCOPY data.csv /opt/ml/processing/input/\nWORKDIR /opt/ml/processing\nENTRYPOINT python3 run.py\n');
    expect(findings.map((f) => [f.line, f.rule, f.severity])).toEqual([
      [2, "processing-mount", "error"],
      [3, "processing-mount", "error"],
      [4, "shell-entrypoint", "warning"],
    ]);
    expect(findings[0]?.message).toContain("/opt/ml/code");
  });

  it("refuses secrets in ENV and ARG without repeating them", () => {
    const key = "AKIA" + "ABCDEFGHIJKLMNOP";
    const findings = lintDockerfile(`FROM python:3.11\nENV DB_PASSWORD=hunter2 MODE=fast\nARG GITHUB_TOKEN=abc\nENV CONFIG="id=${key}"\nENV TOKEN_FILE=\nCMD ["x"]\n`);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([
      [2, "secret-in-env"],
      [3, "secret-in-env"],
      [4, "secret-in-env"],
    ]);
    expect(findings.map((f) => f.message).join(" ")).not.toMatch(/hunter2|abc|AKIA/);
  });
});

describe("contextReadiness", () => {
  it("lists the demo context as ready", () => {
    const files = ["Dockerfile", "predict.py", "requirements.txt"].map((name) => ({ name, text: demo(name) }));
    expect(contextReadiness(files)).toEqual([]);
  });

  it("lists imports no requirement provides, by file and line, and needs a Dockerfile", () => {
    const files = [
      { name: "Dockerfile", text: 'FROM python:3.11-slim\nCOPY . /opt/program/\nCMD ["python3", "/opt/program/score.py"]\n' },
      { name: "score.py", text: "import os\nimport pandas as pd\nfrom sklearn.linear_model import LogisticRegression\nimport helpers\n" },
      { name: "helpers.py", text: "import yaml\n" },
      { name: "requirements.txt", text: "pandas==2.1\n" },
    ];
    const findings = contextReadiness(files);
    expect(findings.map((f) => [f.file, f.line, f.rule, f.severity])).toEqual([
      ["score.py", 3, "missing-requirement", "warning"],
      ["helpers.py", 1, "missing-requirement", "warning"],
    ]);
    expect(findings[0]?.message).toContain("scikit-learn is not in requirements.txt");
    expect(blocking(findings)).toEqual([]);
    expect(blocking(contextReadiness(files.slice(1))).map((f) => f.rule)).toEqual(["no-dockerfile"]);
    expect(blocking(contextReadiness([{ name: "Dockerfile", text: null }])).map((f) => f.message)).toEqual(["The Dockerfile is not UTF-8 text."]);
  });
});
