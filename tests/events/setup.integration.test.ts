// "Set up run events" on the environments page: an admin's action, audited, that creates the rule, the queue and
// its policy in the environment (here the engine) and records the queue; anyone else is refused before any AWS
// call, with nothing changed. The check reads them back and names what is missing.
import { DeleteQueueCommand, ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { checkRunEvents } from "@/lib/environments/events";
import { setUpRunEvents } from "@/lib/environments/run-events-commands";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

let engine: TestEngine;
let sqs: SQSClient;
let admin: Actor;
let environmentId: string;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  sqs = new SQSClient(engine.clientConfig());
  admin = await makeUser(["ADMIN"]);
  environmentId = (await prisma.environment.create({ data: { name: "events-setup", kind: "EMBEDDED", bucket: "b", endpointOverride: engine.endpoint } })).id;
});

afterAll(async () => {
  sqs?.destroy();
  await engine?.close();
  await disconnectPrisma();
});

const queues = async () => (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];

describe("set up run events", () => {
  it("refuses anonymous callers, other roles and malformed input before any AWS call, changing nothing", async () => {
    await expectRefusedWithoutChange(() => setUpRunEvents(prisma, null, { environmentId }), "UNAUTHENTICATED");
    for (const roles of [["DATA_SCIENTIST"], ["MLOPS_ENGINEER"], []] as const) {
      const other = await makeUser([...roles]);
      await expectRefusedWithoutChange(() => setUpRunEvents(prisma, other, { environmentId }), "FORBIDDEN");
    }
    for (const input of [{ environmentId: "not-an-id" }, { environmentId: 1 }, {}, "x", null, { environmentId: "x".repeat(100_000) }]) {
      await expectRefusedWithoutChange(() => setUpRunEvents(prisma, admin, input), "INVALID_INPUT");
    }
    await expectRefusedWithoutChange(() => setUpRunEvents(prisma, admin, { environmentId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND");
    expect(await queues()).toEqual([]);
  });

  it("the check names what is missing before the set-up", async () => {
    const environment = await prisma.environment.findUniqueOrThrow({ where: { id: environmentId } });
    const items = await checkRunEvents(environment);
    expect(items.map((i) => [i.ok, i.detail])).toEqual([
      [false, "does not exist"],
      [false, "does not exist"],
    ]);
  });

  it("creates the plumbing, records the queue with an audit event, and is idempotent", async () => {
    const { queueUrl } = await setUpRunEvents(prisma, admin, { environmentId });
    expect(queueUrl).toBe(`${engine.endpoint}/000000000000/ferry-run-events`);
    expect((await prisma.environment.findUniqueOrThrow({ where: { id: environmentId } })).eventsQueueUrl).toBe(queueUrl);
    expect(await prisma.auditEvent.count({ where: { action: "environments.run_events", targetId: environmentId, actorId: admin.id } })).toBe(1);
    await setUpRunEvents(prisma, admin, { environmentId });
    expect(await queues()).toEqual([queueUrl]);
    const environment = await prisma.environment.findUniqueOrThrow({ where: { id: environmentId } });
    expect((await checkRunEvents(environment)).every((i) => i.ok)).toBe(true);
  });

  it("the check notices a queue that went away", async () => {
    const environment = await prisma.environment.findUniqueOrThrow({ where: { id: environmentId } });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: environment.eventsQueueUrl ?? "" }));
    const [queue, rule] = await checkRunEvents(environment);
    expect(queue).toMatchObject({ ok: false, detail: "does not exist" });
    expect(rule?.ok).toBe(true);
  });
});
