import { CompiledQuery, type Kysely } from "kysely";
import PgBoss from "pg-boss";
import type { Db } from "../db/connect";

/**
 * The background-job queue: pg-boss on the same PostgreSQL. Jobs are sent
 * through the caller's Kysely handle, so a job sent inside a transaction
 * exists only if that transaction commits (STYLE 5: side effects wait for
 * commit). See docs/decisions/001-job-queue.md.
 */
export type JobContext = { db: Db; queue: JobQueue };

export type JobDefinition<T = any> = {
  name: string;
  handler: (data: T, context: JobContext) => Promise<void>;
  /** How many of these jobs one worker runs at once. */
  concurrency?: number;
  /**
   * Jobs fetched per poll, run one after the other. pg-boss waits out the
   * polling interval after each fetch, so high-volume jobs (mail.process)
   * need batches to go beyond two jobs per second per worker.
   */
  batchSize?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A cron expression (Europe/Brussels) for scheduled jobs. */
  schedule?: string;
};

export type SendOptions = {
  startAfterSeconds?: number;
  singletonKey?: string;
};

export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    connectionString: string,
    private readonly definitions: JobDefinition[],
    private readonly role: "worker" | "client",
  ) {
    this.boss = new PgBoss({
      connectionString,
      max: role === "worker" ? 4 : 2,
      supervise: role === "worker",
      schedule: role === "worker",
      migrate: true,
    });
    this.boss.on("error", (error) => console.error(`job queue: ${error.message}`));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const definition of this.definitions) {
      await this.boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retryLimit ?? 5,
        retryDelay: definition.retryDelaySeconds ?? 30,
        retryBackoff: true,
      });
    }
    this.started = true;
  }

  /** Sends a job through `executor` (a transaction, or the database itself). */
  async send(executor: Kysely<any>, name: string, data: object, options: SendOptions = {}): Promise<void> {
    this.assertKnown(name);
    await this.boss.send(name, data, {
      db: kyselyExecutor(executor),
      startAfter: options.startAfterSeconds,
      singletonKey: options.singletonKey,
    });
  }

  /** Starts handling every defined job in this process. */
  async work(db: Db): Promise<void> {
    await this.start();
    for (const definition of this.definitions) {
      // pg-boss 10 runs one handler per work() call: concurrency is the number of calls.
      for (let i = 0; i < (definition.concurrency ?? 1); i++) {
        await this.boss.work(definition.name, { batchSize: definition.batchSize ?? 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
          if (jobs.length === 1) return definition.handler(jobs[0].data, { db, queue: this });
          // A batch: each job succeeds or fails on its own. pg-boss completes
          // the batch afterwards, which leaves the failed (no longer active) ones alone.
          for (const job of jobs) {
            try {
              await definition.handler(job.data, { db, queue: this });
            } catch (error) {
              await this.boss.fail(definition.name, job.id, { message: error instanceof Error ? error.message : String(error) });
            }
          }
        });
      }
      if (definition.schedule) {
        await this.boss.schedule(definition.name, definition.schedule, {}, { tz: "Europe/Brussels" });
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.started = false;
  }

  private assertKnown(name: string): void {
    if (!this.definitions.some((d) => d.name === name)) throw new Error(`Unknown job "${name}"`);
  }
}

function kyselyExecutor(executor: Kysely<any>) {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await executor.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as any[] };
    },
  };
}
