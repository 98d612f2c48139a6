import { CompiledQuery, type Kysely } from "kysely";
import pg from "pg";
import PgBoss from "pg-boss";
import type { AppContext } from "../core/context";
import { yieldToUrgentWork, type JobDefinition, type JobQueue, type SendOptions } from "../core/jobs";

/**
 * The background-job queue (core/jobs.ts's JobQueue): pg-boss on the same PostgreSQL. Jobs are sent
 * through the caller's Kysely handle, so a job sent inside a transaction
 * exists only if that transaction commits (STYLE 5: side effects wait for
 * commit). See docs/decisions/001-job-queue.md.
 */
/** The shortest time between two wakes of one job by one process (see `listen`). */
const WAKE_SPACING_MS = 250;

export class PgBossQueue implements JobQueue {
  private boss: PgBoss;
  private readonly connectionString: string;
  private started = false;
  /** Connections listening for the channels of jobs declared with `wakeOn`. */
  private listeners: Array<{ client: pg.Client; cancel: () => void }> = [];
  /** The rooms' job declarations load lazily (server/rooms.ts allJobs). */
  private readonly definitions: Promise<JobDefinition[]>;

  constructor(
    connectionString: string,
    definitions: JobDefinition[] | Promise<JobDefinition[]>,
    private readonly role: "worker" | "client",
  ) {
    this.connectionString = connectionString;
    this.definitions = Promise.resolve(definitions);
    this.boss = this.createBoss();
  }

  private createBoss(): PgBoss {
    const boss = new PgBoss({
      connectionString: this.connectionString,
      max: this.role === "worker" ? 4 : 2,
      supervise: this.role === "worker",
      schedule: this.role === "worker",
      migrate: true,
    });
    boss.on("error", (error) => console.error(`job queue: ${error.message}`));
    return boss;
  }

  async start(): Promise<void> {
    if (this.started) return;
    try {
      await this.boss.start();
    } catch (error) {
      // pg-boss cannot start twice once a start failed (the database was down): the next attempt gets a fresh one.
      const failed = this.boss;
      this.boss = this.createBoss();
      void failed.stop({ graceful: false, wait: false }).catch(() => {});
      throw error;
    }
    for (const definition of await this.definitions) {
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
    await this.assertKnown(name);
    await this.boss.send(name, data, {
      db: kyselyExecutor(executor),
      startAfter: options.startAfterSeconds,
      singletonKey: options.singletonKey,
    });
  }

  async urgentWorkWaiting(): Promise<boolean> {
    const urgent = (await this.definitions).filter((d) => d.urgent).map((d) => d.name);
    if (urgent.length === 0) return false;
    // Being worked on now: a worker took it less than a minute ago (one left active by a crashed worker does not count for long).
    const { rows } = await this.boss.getDb().executeSql(
      `select 1 from pgboss.job where name = any($1) and state = 'active' and started_on > now() - interval '1 minute' limit 1`,
      [urgent],
    );
    return rows.length > 0;
  }

  /** Starts handling every defined job in this process; handlers receive `context`. */
  async work(context: AppContext): Promise<void> {
    await this.start();
    for (const definition of await this.definitions) {
      // pg-boss 10 runs one handler per work() call: concurrency is the number of calls.
      for (let i = 0; i < (definition.concurrency ?? 1); i++) {
        await this.boss.work(definition.name, { batchSize: definition.batchSize ?? 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
          if (!definition.urgent) await yieldToUrgentWork(this);
          if (jobs.length === 1) return definition.handler(jobs[0].data, context);
          // A batch: each job succeeds or fails on its own. pg-boss completes
          // the batch afterwards, which leaves the failed (no longer active) ones alone.
          for (const job of jobs) {
            try {
              await definition.handler(job.data, context);
            } catch (error) {
              await this.boss.fail(definition.name, job.id, { message: error instanceof Error ? error.message : String(error) });
            }
          }
        });
      }
      if (definition.schedule) {
        await this.boss.schedule(definition.name, definition.schedule, {}, { tz: "Europe/Brussels" });
      }
      if (definition.wakeOn) await this.listen(definition.wakeOn, definition.name);
    }
  }

  /**
   * Queues `job` after notifications on `channel`, at most one every
   * WAKE_SPACING_MS: a notification arriving sooner schedules the next wake
   * for then (it is never lost), so a burst of commits, one notification
   * each, queues a few jobs a second rather than one per commit — each job
   * handles everything committed before it runs.
   */
  private async listen(channel: string, job: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on("error", (error) => console.error(`job queue: listening on ${channel}: ${error.message}`));
    await client.connect();
    let last = 0;
    let scheduled: NodeJS.Timeout | null = null;
    const wake = () => {
      if (scheduled) return;
      scheduled = setTimeout(
        async () => {
          // From here on a notification schedules the next wake: this one may already be too early for it.
          scheduled = null;
          last = Date.now();
          try {
            await this.boss.send(job, { wake: true });
          } catch (error) {
            // The minute sweep catches up.
            console.error(`job queue: waking ${job}: ${(error as Error).message}`);
          }
        },
        Math.max(0, last + WAKE_SPACING_MS - Date.now()),
      );
    };
    client.on("notification", wake);
    await client.query(`listen ${client.escapeIdentifier(channel)}`);
    this.listeners.push({ client, cancel: () => scheduled && clearTimeout(scheduled) });
  }

  async stop(): Promise<void> {
    const listeners = this.listeners.splice(0);
    for (const listener of listeners) listener.cancel();
    await Promise.all(listeners.map(({ client }) => client.end().catch(() => {})));
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.started = false;
  }

  private async assertKnown(name: string): Promise<void> {
    if (!(await this.definitions).some((d) => d.name === name)) throw new Error(`Unknown job "${name}"`);
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
