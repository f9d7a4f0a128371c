import { describe, expect, it } from "vitest";
import { jobCommand } from "./job-command";

const image = { entrypoint: ["python3", "predict.py"], cmd: ["--mode", "batch"] };

describe("jobCommand (Docker's ENTRYPOINT/CMD rules as SageMaker applies them)", () => {
  it("runs the image's ENTRYPOINT and CMD when the request overrides neither", () => {
    expect(jobCommand({}, image)).toEqual(["python3", "predict.py", "--mode", "batch"]);
  });
  it("drops CMD when ContainerEntrypoint replaces ENTRYPOINT", () => {
    expect(jobCommand({ ContainerEntrypoint: ["python", "/x.py"] }, image)).toEqual(["python", "/x.py"]);
  });
  it("replaces CMD with ContainerArguments", () => {
    expect(jobCommand({ ContainerArguments: ["--mode", "online"] }, image)).toEqual(["python3", "predict.py", "--mode", "online"]);
  });
  it("combines both overrides", () => {
    expect(jobCommand({ ContainerEntrypoint: ["sh"], ContainerArguments: ["-c", "true"] }, image)).toEqual(["sh", "-c", "true"]);
  });
});
