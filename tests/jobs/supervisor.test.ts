// npm start's supervision with real child processes (short node scripts that exit as told): a child that dies is
// restarted with back-off and its exit logged, one that keeps dying is left down with the reason, and a child
// stopped on purpose is never restarted.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { ExitStatus } from "@/lib/db/embedded-postgres";
import { Supervised, type RestartPolicy, type Running } from "@/scripts/supervisor";

const FAST: RestartPolicy = { baseDelayMs: 50, maxDelayMs: 200, maxExits: 3, windowMs: 5_000 };

function node(code: string): Running {
  const child = spawn(process.execPath, ["-e", code], { stdio: "ignore" });
  const exited = new Promise<ExitStatus>((resolve) => child.once("exit", (c, signal) => resolve({ code: c, signal })));
  return {
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("supervised children", () => {
  it("restart after an unexpected exit, logging its exit code, then give up when it keeps dying", async () => {
    const lines: string[] = [];
    let starts = 0;
    let gaveUp: string | null = null;
    const child = new Supervised("crashy", async () => (starts++, node("process.exit(3)")), (l) => lines.push(l), (reason) => (gaveUp = reason), FAST);
    await child.run();
    for (let i = 0; i < 50 && !gaveUp; i++) await sleep(50);
    expect(starts).toBe(3);
    expect(lines[0]).toBe("crashy exited unexpectedly (exit code 3); restarting it in 0.05 s (restart 1)");
    expect(lines).toContain("crashy restarted");
    expect(lines.some((l) => l.endsWith("restarting it in 0.1 s (restart 2)"))).toBe(true);
    expect(gaveUp).toBe("crashy keeps dying (3 exits within 5 s, the last with exit code 3): not restarting it");
    await sleep(300);
    expect(starts).toBe(3);
  });

  it("restart a child killed -9 and name the signal", async () => {
    const lines: string[] = [];
    const pids: number[] = [];
    const child = new Supervised(
      "worker",
      async () => {
        const proc = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
        pids.push(proc.pid ?? 0);
        const exited = new Promise<ExitStatus>((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
        return { exited, stop: async () => void (proc.kill("SIGTERM"), await exited) };
      },
      (l) => lines.push(l),
      undefined,
      FAST,
    );
    await child.run();
    process.kill(pids[0] ?? 0, "SIGKILL");
    for (let i = 0; i < 40 && pids.length < 2; i++) await sleep(50);
    expect(lines[0]).toContain("worker exited unexpectedly (signal SIGKILL)");
    expect(pids).toHaveLength(2);
    await child.stop();
    await sleep(300);
    expect(pids).toHaveLength(2);
    expect(() => process.kill(pids[1] ?? 0, 0)).toThrow();
  });

  it("do not come back when stopped on purpose, even if they exit on their own first (Ctrl-C reaches them too)", async () => {
    let starts = 0;
    const lines: string[] = [];
    const child = new Supervised("web server", async () => (starts++, node("setTimeout(() => process.exit(0), 100)")), (l) => lines.push(l), undefined, { ...FAST, baseDelayMs: 300 });
    await child.run();
    await sleep(150);
    await child.stop();
    await sleep(500);
    expect(starts).toBe(1);
  });
});
