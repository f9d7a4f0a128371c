// CloudWatch Logs in the engine, through the AWS SDK as Ferry and AWS users call it: SageMaker's layout, events
// written while the job runs, GetLogEvents' tokens as AWS shapes them, FilterLogEvents interleaved; and crafted
// requests (tokens, patterns, limits) refused with AWS's errors.
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateProcessingJobCommand, DescribeProcessingJobCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, TEST_ROLE, type TestEngine, WRONG_CREDENTIALS } from "./harness";
import { FRAMEWORK_IMAGE } from "./legacy-model";

const GROUP = "/aws/sagemaker/ProcessingJobs";
let engine: TestEngine;
let logs: CloudWatchLogsClient;

/** A job running a Python script (passed encoded: a container argument is one line): its output is what the test reads back. */
async function startJob(name: string, code: string): Promise<void> {
  const script = `import base64; exec(base64.b64decode('${Buffer.from(code).toString("base64")}'))`;
  await engine.sagemaker.send(
    new CreateProcessingJobCommand({
      ProcessingJobName: name,
      RoleArn: TEST_ROLE,
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 1 } },
      StoppingCondition: { MaxRuntimeInSeconds: 60 },
      AppSpecification: { ImageUri: FRAMEWORK_IMAGE, ContainerEntrypoint: ["python3", "-u", "-c", script] },
    }),
  );
}

async function waitForJob(name: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const { ProcessingJobStatus } = await engine.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
    if (ProcessingJobStatus !== "InProgress" && ProcessingJobStatus !== "Stopping") return ProcessingJobStatus ?? "";
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not finish`);
}

async function streamOf(job: string): Promise<string> {
  const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, logStreamNamePrefix: `${job}/` }));
  expect(logStreams).toHaveLength(1);
  return logStreams?.[0]?.logStreamName ?? "";
}

/** The job's own lines: the engine's `[ferry]` lines are in the stream too. */
const own = (messages: (string | undefined)[]) => messages.filter((m) => !m?.startsWith("[ferry]"));

beforeAll(async () => {
  engine = await startTestEngine();
  logs = new CloudWatchLogsClient(engine.clientConfig());
  await startJob("logs-basic", "import sys\nfor i in range(5): print(f'line {i}')\nprint('error: disk full', file=sys.stderr)\nsys.stdout.write('no newline at the end')");
  await startJob("logs-other", "print('error: other job')\nprint('fine')");
  await Promise.all([waitForJob("logs-basic"), waitForJob("logs-other")]);
});

afterAll(async () => {
  logs?.destroy();
  await engine?.close();
});

describe("CloudWatch Logs: SageMaker's layout", () => {
  it("has the group, and one stream per job named <job>/algo-1-<epoch seconds>", async () => {
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/sagemaker/" }));
    expect(logGroups?.map((g) => g.logGroupName)).toEqual([GROUP]);
    expect(logGroups?.[0]?.arn).toBe(`arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}:*`);
    const stream = await streamOf("logs-basic");
    const epoch = Number(/^logs-basic\/algo-1-(\d+)$/.exec(stream)?.[1]);
    expect(Math.abs(epoch - Date.now() / 1000)).toBeLessThan(120);
  });

  it("keeps one event per line, the last line without its newline too, each with its timestamp", async () => {
    const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: await streamOf("logs-basic"), startFromHead: true }));
    expect(own(events?.map((e) => e.message) ?? [])).toEqual(["line 0", "line 1", "line 2", "line 3", "line 4", "error: disk full", "no newline at the end"]);
    const times = events?.map((e) => e.timestamp ?? 0) ?? [];
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0))).toBe(true);
    expect(events?.every((e) => Math.abs((e.timestamp ?? 0) - Date.now()) < 120_000 && e.ingestionTime !== undefined)).toBe(true);
  });

  it("orders streams by name or by last event time, descending, a page at a time", async () => {
    const byTime = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: "LastEventTime", descending: true }));
    const names = byTime.logStreams?.map((s) => s.logStreamName?.split("/")[0]);
    expect(names).toHaveLength(2);
    const first = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, limit: 1 }));
    const second = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, limit: 1, nextToken: first.nextToken }));
    expect([first.logStreams?.[0]?.logStreamName?.split("/")[0], second.logStreams?.[0]?.logStreamName?.split("/")[0]]).toEqual(["logs-basic", "logs-other"]);
    expect(second.nextToken).toBeUndefined();
    await expect(logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: "LastEventTime", logStreamNamePrefix: "logs" }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe("GetLogEvents tokens", () => {
  it("pages forward with f/ tokens and gives the same token back at the end of the stream", async () => {
    const stream = await streamOf("logs-basic");
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 50; page++) {
      const out = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true, limit: 3, nextToken: token }));
      expect(out.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
      expect(out.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/);
      seen.push(...(out.events ?? []).map((e) => e.message ?? ""));
      if (out.nextForwardToken === token) {
        expect(out.events).toEqual([]);
        break;
      }
      token = out.nextForwardToken;
    }
    expect(own(seen)).toHaveLength(7);
    const all = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }));
    expect(seen).toEqual(all.events?.map((e) => e.message));
  });

  it("reads the newest events first without a token, then backward with b/ tokens", async () => {
    const stream = await streamOf("logs-basic");
    const last = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, limit: 2 }));
    const lastTwo = last.events?.map((e) => e.message) ?? [];
    const before = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, limit: 2, nextToken: last.nextBackwardToken }));
    const all = (await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }))).events?.map((e) => e.message) ?? [];
    expect([...(before.events?.map((e) => e.message) ?? []), ...lastTwo]).toEqual(all.slice(-4));
    const end = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, nextToken: last.nextForwardToken }));
    expect(end).toMatchObject({ events: [], nextForwardToken: last.nextForwardToken });
  });

  it("keeps events of a time range (startTime included, endTime excluded)", async () => {
    const stream = await streamOf("logs-basic");
    const all = (await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }))).events ?? [];
    const pivot = all[3]?.timestamp ?? 0;
    const after = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true, startTime: pivot }));
    expect(after.events?.every((e) => (e.timestamp ?? 0) >= pivot)).toBe(true);
    const before = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true, endTime: pivot }));
    expect(before.events?.every((e) => (e.timestamp ?? 0) < pivot)).toBe(true);
    expect((after.events?.length ?? 0) + (before.events?.length ?? 0)).toBe(all.length);
  });
});

describe("FilterLogEvents", () => {
  it("interleaves the matching events of every stream by time, with stable event ids", async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "error", interleaved: true }));
    expect(out.events?.map((e) => e.message).sort()).toEqual(["error: disk full", "error: other job"]);
    expect(out.events?.every((e) => /^\d{56}$/.test(e.eventId ?? ""))).toBe(true);
    const times = out.events?.map((e) => e.timestamp ?? 0) ?? [];
    expect(times[0]).toBeLessThanOrEqual(times[1] ?? 0);
    const again = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "error" }));
    expect(again.events?.map((e) => e.eventId)).toEqual(out.events?.map((e) => e.eventId));
  });

  it("takes quoted phrases, ?any and -none terms, and a stream prefix", async () => {
    const phrase = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '"disk full"' }));
    expect(phrase.events?.map((e) => e.message)).toEqual(["error: disk full"]);
    const either = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "?fine ?newline", logStreamNamePrefix: "logs-" }));
    expect(either.events?.map((e) => e.message).sort()).toEqual(["fine", "no newline at the end"]);
    const without = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "error -other", logStreamNamePrefix: "logs-other/" }));
    expect(without.events).toEqual([]);
  });

  it("pages with nextToken, one event at a time, without losing or repeating any", async () => {
    const whole = (await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }))).events?.map((e) => e.eventId) ?? [];
    const paged: (string | undefined)[] = [];
    let token: string | undefined;
    do {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 1, nextToken: token }));
      paged.push(...(out.events ?? []).map((e) => e.eventId));
      token = out.nextToken;
    } while (token && paged.length < 200);
    expect(paged).toEqual(whole);
  });
});

describe("events are written while the job runs", () => {
  it("shows a line before the job has finished", async () => {
    await startJob("logs-live", "import time\nprint('started', flush=True)\ntime.sleep(3)\nprint('done')");
    let stream = "";
    for (let i = 0; i < 100 && !stream; i++) {
      const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP, logStreamNamePrefix: "logs-live/" }));
      stream = logStreams?.[0]?.logStreamName ?? "";
      if (!stream) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let messages: string[] = [];
    for (let i = 0; i < 100 && !messages.includes("started"); i++) {
      messages = (await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }))).events?.map((e) => e.message ?? "") ?? [];
      if (!messages.includes("started")) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(messages).toContain("started");
    expect(messages).not.toContain("done");
    const { ProcessingJobStatus } = await engine.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: "logs-live" }));
    expect(ProcessingJobStatus).toBe("InProgress");
    expect(await waitForJob("logs-live")).toBe("Completed");
    const after = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }));
    expect(after.events?.map((e) => e.message)).toContain("done");
  });
});

describe("crafted requests are refused with AWS's errors", () => {
  it("refuses tokens that do not point at an event, or are not tokens at all", async () => {
    const stream = await streamOf("logs-basic");
    const request = (nextToken: string) => logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, nextToken }));
    for (const token of ["f/00000000000000000000000000000000000000000000000000000001/s", `f/${"9".repeat(56)}/s`, "f/1/s", "../../etc/passwd", "x/00000000000000000000000000000000000000000000000000000000/s"]) {
      await expect(request(token), token).rejects.toBeInstanceOf(InvalidParameterException);
    }
    for (const nextToken of ["not-base64-json", Buffer.from(JSON.stringify({ "../x": 0 })).toString("base64url"), Buffer.from(JSON.stringify({ ["a".repeat(64)]: -1 })).toString("base64url")]) {
      await expect(logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, nextToken })), nextToken).rejects.toBeInstanceOf(InvalidParameterException);
    }
  });

  it("checks requests against the service model and refuses patterns it cannot match like AWS", async () => {
    await expect(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "x", limit: 10_001 }))).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("'limit'") });
    await expect(logs.send(new DescribeLogStreamsCommand({ logGroupName: "bad name!" }))).rejects.toMatchObject({ name: "ValidationException" });
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "{ $.level = \"error\" }" }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNames: ["a"], logStreamNamePrefix: "a" }))).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it("answers ResourceNotFoundException for a group or stream that does not exist", async () => {
    await expect(logs.send(new DescribeLogStreamsCommand({ logGroupName: "/aws/none" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "none/algo-1-1" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("answers only signed requests with the engine's credentials", async () => {
    const stranger = new CloudWatchLogsClient(engine.clientConfig(WRONG_CREDENTIALS));
    await expect(stranger.send(new DescribeLogGroupsCommand({}))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    stranger.destroy();
  });
});
