/**
 * The watchdogs' background jobs. Every minute, queued events become alert
 * deliveries and immediate alerts are e-mailed; each morning the daily
 * digests go out; every half hour the scorecards are recomputed.
 */
import { queueEmail } from "../mail/outbound";
import type { JobDefinition, JobQueue } from "../core/jobs";
import { drainAlertQueue } from "./alerts";
import { recomputeAuthorityStats } from "./scorecards";
import { sweepSearchChecks } from "./search-alerts";
import { sendPendingAlerts, type Enqueue } from "./sender";

export const ALERTS_JOB = "watch.alerts";
export const DIGEST_JOB = "watch.digest";
export const STATS_JOB = "watch.stats";

/** Alert e-mails go through the outbox like every e-mail to a citizen. */
export function outboxEnqueue(queue: JobQueue): Enqueue {
  return async (trx, email) => {
    const ref = await queueEmail(trx, queue, email);
    return ref.id;
  };
}

export const watchJobs: JobDefinition[] = [
  {
    name: ALERTS_JOB,
    schedule: "* * * * *",
    retryLimit: 3,
    retryDelaySeconds: 30,
    async handler(_data, { db, queue, config }) {
      await drainAlertQueue(db);
      await sweepSearchChecks(db);
      await sendPendingAlerts(db, config, "immediate", outboxEnqueue(queue));
    },
  },
  {
    name: DIGEST_JOB,
    schedule: "0 7 * * *",
    retryLimit: 5,
    retryDelaySeconds: 300,
    async handler(_data, { db, queue, config }) {
      await drainAlertQueue(db);
      await sendPendingAlerts(db, config, "daily", outboxEnqueue(queue));
    },
  },
  {
    name: STATS_JOB,
    schedule: "*/30 * * * *",
    retryLimit: 2,
    async handler(_data, { db }) {
      await recomputeAuthorityStats(db);
    },
  },
];
