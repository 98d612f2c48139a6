import type { Kysely } from "kysely";
import type { AppContext } from "./context";

/**
 * Background jobs as every room sees them: a typed definition whose handler
 * receives the job's data and the process's context, and a queue to send
 * jobs through the caller's database handle (a job sent inside a
 * transaction exists only if that transaction commits: STYLE 5). The
 * PostgreSQL-backed implementation is wired in server/queue.ts.
 */
export type JobDefinition<T = any> = {
  name: string;
  handler: (data: T, context: AppContext) => Promise<void>;
  /** How many of these jobs one worker runs at once. */
  concurrency?: number;
  /**
   * Jobs fetched per poll, run one after the other. The queue waits out its
   * polling interval after each fetch, so high-volume jobs (mail.process)
   * need batches to go beyond two jobs per second per worker.
   */
  batchSize?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A cron expression (Europe/Brussels) for scheduled jobs. */
  schedule?: string;
  /**
   * A PostgreSQL notification channel: the worker queues this job (data
   * `{ wake: true }`) whenever a notification arrives on it, i.e. after a
   * transaction that notified has committed.
   */
  wakeOn?: string;
  /**
   * Work the rest waits for: while these jobs are being worked on, other
   * jobs and the domain-event dispatcher's next batch wait (at most
   * MAX_YIELD_MS each, `yieldToUrgentWork`), so a burst of replies reaches
   * its requests first and the index, deadlines and alerts follow in
   * bigger batches.
   */
  urgent?: boolean;
};

/**
 * The longest pause before a piece of non-urgent work: a burst of replies is
 * threaded first (derived work would otherwise take half the CPU), and what
 * follows from it is delayed by the burst, never starved by it.
 */
const MAX_YIELD_MS = 10_000;
const YIELD_STEP_MS = 200;

/**
 * While urgent jobs (mail.process) are being worked on, waits (at most
 * MAX_YIELD_MS) before doing non-urgent work: the
 * replies reach their requests sooner, and what follows from them (events
 * dispatched, attachments extracted) comes right after.
 */
export async function yieldToUrgentWork(queue: JobQueue): Promise<void> {
  if (!queue.urgentWorkWaiting) return;
  const until = Date.now() + MAX_YIELD_MS;
  const waiting = () => queue.urgentWorkWaiting!().catch(() => false);
  while (Date.now() < until && (await waiting())) await new Promise((resolve) => setTimeout(resolve, YIELD_STEP_MS));
}

export type SendOptions = {
  startAfterSeconds?: number;
  singletonKey?: string;
};

export interface JobQueue {
  /** Sends a job through `executor` (a transaction, or the database itself). */
  send(executor: Kysely<any>, name: string, data: object, options?: SendOptions): Promise<void>;
  /** Whether `urgent` jobs are being worked on right now (queued ones nobody works do not count). */
  urgentWorkWaiting?(): Promise<boolean>;
}

/** Declares a job with its data type checked at the definition. */
export function defineJob<T>(definition: JobDefinition<T>): JobDefinition<T> {
  return definition;
}
