import pg from "pg";
import { z } from "zod";

/** What the `run_changes` channel carries (migration 20261202000001_run_events): a run or one of its steps changed. */
export const RunChange = z.object({ run: z.uuid(), status: z.string().max(40).optional(), deployment: z.uuid().optional() });
export type RunChange = z.infer<typeof RunChange>;

type Listener = (change: RunChange) => void;

export const CHANNEL = "run_changes";

/**
 * One PostgreSQL connection per process LISTENs on `run_changes` and fans each notification out to the
 * subscribers (the browsers' event streams). It connects on the first subscriber, reconnects with back-off
 * after an error, and closes when the last one leaves. A notification lost while reconnecting costs a
 * browser nothing but freshness: its pages keep a slow fallback poll.
 */
export class RunChangeFeed {
  private readonly listeners = new Set<Listener>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryMs = 1_000;

  constructor(private readonly connectionString: () => string) {}

  get size(): number {
    return this.listeners.size;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    void this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.close();
    };
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.client || this.connecting) return this.connecting ?? Promise.resolve();
    this.connecting = (async () => {
      const client = new pg.Client({ connectionString: this.connectionString(), application_name: "ferry-run-changes" });
      client.on("notification", (message) => this.deliver(message.payload));
      client.on("error", () => this.lost(client));
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        this.client = client;
        this.retryMs = 1_000;
        if (this.listeners.size === 0) await this.close();
      } catch {
        await client.end().catch(() => undefined);
        this.retry();
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    this.retry();
  }

  private retry(): void {
    if (this.listeners.size === 0) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
    setTimeout(() => void this.connect(), wait).unref();
  }

  private deliver(payload: string | undefined): void {
    let parsed: ReturnType<typeof RunChange.safeParse>;
    try {
      parsed = RunChange.safeParse(JSON.parse(payload ?? ""));
    } catch {
      return;
    }
    if (!parsed.success) return;
    for (const listener of this.listeners) listener(parsed.data);
  }
}

let shared: RunChangeFeed | null = null;

/** The process's feed, on DATABASE_URL. */
export function runChangeFeed(): RunChangeFeed {
  shared ??= new RunChangeFeed(() => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    return url;
  });
  return shared;
}
