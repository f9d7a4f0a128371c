// Step Functions versions and aliases through the AWS SDK against a real engine, with the shapes and errors of
// AWS's API reference (PublishStateMachineVersion, CreateStateMachineAlias, StartExecution on qualified ARNs, ...).
import { rm } from "node:fs/promises";
import {
  ConflictException,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  ResourceNotFound,
  type SFNClient,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  ValidationException,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_ROLE, type TestEngine } from "./harness";
import { createMachine, start, uniqueName, waitForExecution } from "./sfn-helpers";

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.close());

/** A definition whose output says which one ran. */
const says = (word: string) => ({ StartAt: "P", States: { P: { Type: "Pass", Result: word, End: true } } });

async function publishedMachine(sfn: SFNClient, word = "v1") {
  const created = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("ver"), definition: JSON.stringify(says(word)), roleArn: TEST_ROLE, publish: true, versionDescription: `first: ${word}` }));
  return { arn: created.stateMachineArn ?? "", v1: created.stateMachineVersionArn ?? "" };
}

async function publishWord(sfn: SFNClient, arn: string, word: string): Promise<string> {
  const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(says(word)), publish: true }));
  return updated.stateMachineVersionArn ?? "";
}

async function outputOf(sfn: SFNClient, stateMachineArn: string) {
  const done = await waitForExecution(sfn, await start(sfn, stateMachineArn));
  return { output: JSON.parse(done.output ?? "null") as string, described: done };
}

describe("versions", () => {
  it("publishes version 1 on create and describes it by its ARN; the first revision has no id, as in AWS", async () => {
    const { arn, v1 } = await publishedMachine(engine.sfn);
    expect(v1).toBe(`${arn}:1`);
    const machine = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(machine.revisionId).toBeUndefined();
    const version = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v1 }));
    expect(version).toMatchObject({ stateMachineArn: v1, name: machine.name, roleArn: TEST_ROLE, type: "STANDARD", description: "first: v1" });
    expect(JSON.parse(version.definition ?? "")).toEqual(says("v1"));
  });

  it("publishes on update, numbers versions 1..n, and is idempotent for an unchanged revision", async () => {
    const { arn } = await publishedMachine(engine.sfn);
    const v2 = await publishWord(engine.sfn, arn, "v2");
    expect(v2).toBe(`${arn}:2`);
    const again = await engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(says("v2")), publish: true }));
    expect(again.stateMachineVersionArn).toBe(v2);
    const published = await engine.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
    expect(published.stateMachineVersionArn).toBe(v2);
    expect(published.creationDate).toBeInstanceOf(Date);
    const revision = (await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).revisionId;
    expect(revision).toMatch(/\S/);
    expect((await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v2 }))).revisionId).toBe(revision);
    expect(again.revisionId).toBe(revision);
  });

  it("publishes only when the revisionId precondition holds (INITIAL for a machine never updated)", async () => {
    const arn = await createMachine(engine.sfn, says("a"));
    await expect(engine.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: "stale" }))).rejects.toBeInstanceOf(ConflictException);
    const first = await engine.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: "INITIAL", description: "initial" }));
    expect(first.stateMachineVersionArn).toBe(`${arn}:1`);
    const updated = await engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(says("b")) }));
    await expect(engine.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: "INITIAL" }))).rejects.toBeInstanceOf(ConflictException);
    const second = await engine.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: updated.revisionId }));
    expect(second.stateMachineVersionArn).toBe(`${arn}:2`);
    await expect(engine.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, description: "x".repeat(257) }))).rejects.toBeInstanceOf(ValidationException);
    await expect(engine.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: `${arn}-gone` }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it("lists versions newest first, page by page, and never reuses a deleted version's number", async () => {
    const { arn } = await publishedMachine(engine.sfn);
    for (const word of ["v2", "v3"]) await publishWord(engine.sfn, arn, word);
    const firstPage = await engine.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn, maxResults: 2 }));
    expect(firstPage.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:3`, `${arn}:2`]);
    const rest = await engine.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn, nextToken: firstPage.nextToken }));
    expect(rest.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:1`]);
    expect(rest.nextToken).toBeUndefined();
    await engine.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:3` }));
    expect(await publishWord(engine.sfn, arn, "v4")).toBe(`${arn}:4`);
    await expect(engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:3` }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it("refuses a version description without publish, updates of a version, and deleting anything but a version", async () => {
    await expect(
      engine.sfn.send(new CreateStateMachineCommand({ name: uniqueName("nodesc"), definition: JSON.stringify(says("a")), roleArn: TEST_ROLE, versionDescription: "orphan" })),
    ).rejects.toBeInstanceOf(ValidationException);
    const { arn, v1 } = await publishedMachine(engine.sfn);
    await expect(engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(says("b")), versionDescription: "no" }))).rejects.toBeInstanceOf(ValidationException);
    await expect(engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: v1, definition: JSON.stringify(says("b")) }))).rejects.toBeInstanceOf(ValidationException);
    await expect(engine.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: arn }))).rejects.toBeInstanceOf(ValidationException);
    expect(JSON.parse((await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v1 }))).definition ?? "")).toEqual(says("v1"));
  });
});

describe("aliases", () => {
  it("creates (idempotently), describes, lists, updates and deletes an alias", async () => {
    const { arn, v1 } = await publishedMachine(engine.sfn);
    const v2 = await publishWord(engine.sfn, arn, "v2");
    const request = { name: "live", description: "production", routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] };
    const created = await engine.sfn.send(new CreateStateMachineAliasCommand(request));
    expect(created.stateMachineAliasArn).toBe(`${arn}:live`);
    const repeated = await engine.sfn.send(new CreateStateMachineAliasCommand(request));
    expect(repeated.creationDate?.getTime()).toBe(created.creationDate?.getTime());
    await expect(engine.sfn.send(new CreateStateMachineAliasCommand({ ...request, description: "other" }))).rejects.toBeInstanceOf(ConflictException);

    await engine.sfn.send(new CreateStateMachineAliasCommand({ name: "canary", routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }));
    const all = await engine.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }));
    expect(all.stateMachineAliases?.map((a) => a.stateMachineAliasArn).sort()).toEqual([`${arn}:canary`, `${arn}:live`]);
    const onV1 = await engine.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: v1 }));
    expect(onV1.stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([`${arn}:live`]);

    const moved = await engine.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live`, routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }));
    expect(moved.updateDate).toBeInstanceOf(Date);
    const described = await engine.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` }));
    expect(described).toMatchObject({ stateMachineAliasArn: `${arn}:live`, name: "live", description: "production", routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] });
    await expect(engine.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` }))).rejects.toBeInstanceOf(ValidationException);

    await engine.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:canary` }));
    await expect(engine.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:canary` }))).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(engine.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:canary` }))).rejects.toBeInstanceOf(ResourceNotFound);
  });

  it("refuses bad names and routing: digits only, weights not adding to 100, three versions, two machines, a missing version", async () => {
    const { arn, v1 } = await publishedMachine(engine.sfn);
    const v2 = await publishWord(engine.sfn, arn, "v2");
    const other = (await publishedMachine(engine.sfn)).v1;
    const alias = (name: string, routingConfiguration: { stateMachineVersionArn: string; weight: number }[]) =>
      engine.sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration }));
    await expect(alias("123", [{ stateMachineVersionArn: v1, weight: 100 }])).rejects.toBeInstanceOf(ValidationException);
    await expect(alias("has space", [{ stateMachineVersionArn: v1, weight: 100 }])).rejects.toBeInstanceOf(ValidationException);
    await expect(alias("split", [{ stateMachineVersionArn: v1, weight: 60 }, { stateMachineVersionArn: v2, weight: 30 }])).rejects.toBeInstanceOf(ValidationException);
    await expect(alias("dup", [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v1, weight: 50 }])).rejects.toBeInstanceOf(ValidationException);
    await expect(alias("mixed", [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: other, weight: 50 }])).rejects.toBeInstanceOf(ValidationException);
    const three = [v1, v2, `${arn}:9`].map((stateMachineVersionArn) => ({ stateMachineVersionArn, weight: 1 }));
    await expect(alias("three", three)).rejects.toBeInstanceOf(ValidationException);
    await expect(alias("ghost", [{ stateMachineVersionArn: `${arn}:9`, weight: 100 }])).rejects.toBeInstanceOf(ResourceNotFound);
    await expect(alias("unqualified", [{ stateMachineVersionArn: arn, weight: 100 }])).rejects.toBeInstanceOf(ValidationException);
    expect((await engine.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }))).stateMachineAliases).toEqual([]);
  });

  it("refuses to delete a version an alias routes to, until the alias moves", async () => {
    const { arn, v1 } = await publishedMachine(engine.sfn);
    const v2 = await publishWord(engine.sfn, arn, "v2");
    await engine.sfn.send(new CreateStateMachineAliasCommand({ name: "live", routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
    await expect(engine.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }))).rejects.toBeInstanceOf(ConflictException);
    expect((await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v1 }))).stateMachineArn).toBe(v1);
    await engine.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live`, routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }));
    await engine.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }));
    await engine.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }));
    const left = await engine.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    expect(left.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([v2]);
  });
});

describe("executions on versions and aliases", () => {
  it("runs the version's definition whatever the state machine holds now; unqualified runs the latest revision", async () => {
    const { arn, v1 } = await publishedMachine(engine.sfn);
    await engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(says("out-of-band")) }));
    const pinned = await outputOf(engine.sfn, v1);
    expect(pinned.output).toBe("v1");
    expect(pinned.described.stateMachineArn).toBe(arn);
    expect(pinned.described.stateMachineVersionArn).toBe(v1);
    expect(pinned.described.stateMachineAliasArn).toBeUndefined();
    const forExecution = await engine.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: pinned.described.executionArn }));
    expect(JSON.parse(forExecution.definition ?? "")).toEqual(says("v1"));
    const latest = await outputOf(engine.sfn, arn);
    expect(latest.output).toBe("out-of-band");
    expect(latest.described.stateMachineVersionArn).toBeUndefined();
    const throughVersion = await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: v1 }));
    expect(throughVersion.executions?.map((e) => [e.executionArn, e.stateMachineVersionArn])).toEqual([[pinned.described.executionArn, v1]]);
  });

  it("starts on an alias with both ARNs recorded, and splits executions between two versions by weight", async () => {
    const { arn, v1 } = await publishedMachine(engine.sfn);
    const v2 = await publishWord(engine.sfn, arn, "v2");
    const { stateMachineAliasArn = "" } = await engine.sfn.send(new CreateStateMachineAliasCommand({ name: "live", routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
    const viaAlias = await outputOf(engine.sfn, stateMachineAliasArn);
    expect(viaAlias.output).toBe("v1");
    expect(viaAlias.described).toMatchObject({ stateMachineArn: arn, stateMachineVersionArn: v1, stateMachineAliasArn });

    await engine.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v2, weight: 50 }] }));
    const picked = new Set<string>();
    for (let i = 0; i < 40 && picked.size < 2; i += 1) {
      picked.add((await outputOf(engine.sfn, stateMachineAliasArn)).output);
    }
    // 40 fair draws all landing on one side has probability 2^-39.
    expect([...picked].sort()).toEqual(["v1", "v2"]);
    const throughAlias = await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: stateMachineAliasArn, maxResults: 1000 }));
    expect(throughAlias.executions?.every((e) => e.stateMachineAliasArn === stateMachineAliasArn)).toBe(true);
  });

  it("refuses to start on a version or alias that does not exist", async () => {
    const { arn } = await publishedMachine(engine.sfn);
    await expect(start(engine.sfn, `${arn}:7`)).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(start(engine.sfn, `${arn}:nope`)).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it("deletes a state machine's versions and aliases with it", async () => {
    const { arn, v1 } = await publishedMachine(engine.sfn);
    await engine.sfn.send(new CreateStateMachineAliasCommand({ name: "live", routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
    await engine.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v1 }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(engine.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` }))).rejects.toBeInstanceOf(ResourceNotFound);
  });
});

describe("CreateStateMachine idempotency (AWS: roleArn and tags differences are ignored)", () => {
  it("returns the existing state machine unchanged when only the role or the tags differ", async () => {
    const name = uniqueName("idem");
    const definition = JSON.stringify(says("a"));
    const first = await engine.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: TEST_ROLE, tags: [{ key: "team", value: "risk" }] }));
    const again = await engine.sfn.send(
      new CreateStateMachineCommand({ name, definition, roleArn: "arn:aws:iam::000000000000:role/other", tags: [{ key: "team", value: "fraud" }] }),
    );
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    expect(again.creationDate?.getTime()).toBe(first.creationDate?.getTime());
    const described = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }));
    expect(described.roleArn).toBe(TEST_ROLE);
    expect((await engine.sfn.send(new ListTagsForResourceCommand({ resourceArn: first.stateMachineArn }))).tags).toEqual([{ key: "team", value: "risk" }]);
  });

  it("conflicts when the definition, type, logging, tracing or publish differ", async () => {
    const name = uniqueName("conflict");
    const definition = JSON.stringify(says("a"));
    await engine.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: TEST_ROLE }));
    const variants = [
      { definition: JSON.stringify(says("b")) },
      { type: "EXPRESS" as const },
      { loggingConfiguration: { level: "ALL" as const, includeExecutionData: true } },
      { tracingConfiguration: { enabled: true } },
      { publish: true },
    ];
    for (const variant of variants) {
      await expect(engine.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: TEST_ROLE, ...variant }))).rejects.toBeInstanceOf(StateMachineAlreadyExists);
    }
  });

  it("repeats a create with publish as the same first version", async () => {
    const name = uniqueName("idem-pub");
    const request = { name, definition: JSON.stringify(says("a")), roleArn: TEST_ROLE, publish: true, versionDescription: "one" };
    const first = await engine.sfn.send(new CreateStateMachineCommand(request));
    const again = await engine.sfn.send(new CreateStateMachineCommand(request));
    expect(again.stateMachineVersionArn).toBe(first.stateMachineVersionArn);
    const versions = await engine.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: first.stateMachineArn }));
    expect(versions.stateMachineVersions).toHaveLength(1);
  });
});

describe("persistence", () => {
  it("keeps versions, aliases and version numbering across an engine restart", async () => {
    const dataDir = await makeTempDir("sfn-versions");
    try {
      const first = await startTestEngine({ dataDir });
      const { arn, v1 } = await publishedMachine(first.sfn);
      await first.sfn.send(new CreateStateMachineAliasCommand({ name: "live", routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
      await publishWord(first.sfn, arn, "v2");
      await first.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:2` }));
      await first.close();

      const second = await startTestEngine({ dataDir });
      try {
        const alias = await second.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` }));
        expect(alias.routingConfiguration).toEqual([{ stateMachineVersionArn: v1, weight: 100 }]);
        expect((await outputOf(second.sfn, `${arn}:live`)).output).toBe("v1");
        expect(await publishWord(second.sfn, arn, "v3")).toBe(`${arn}:3`);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
