import { sql } from "kysely";
import type { Db } from "../db/connect";
import type { JobQueue } from "../core/jobs";
import { MAIL_PROCESS } from "./job-names";

/**
 * Queue processing for committed raw messages that were never processed
 * (their job was not sent because the process died right after the commit,
 * or it ran out of retries before a fix). The singleton key keeps one queued
 * job per raw message; processing is idempotent anyway.
 */
export async function requeueUnprocessed(db: Db, queue: Pick<JobQueue, "send">, olderThanSeconds: number, limit = 5000): Promise<number> {
  const rows = await db
    .selectFrom("raw_messages")
    .select("id")
    .where("processed_at", "is", null)
    .where("attempts", "<", 10)
    .where("received_at", "<=", sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .where((eb) => eb.or([eb("last_attempt_at", "is", null), eb("last_attempt_at", "<", sql<Date>`now() - interval '10 minutes'`)]))
    .orderBy("id")
    .limit(limit)
    .execute();
  for (const r of rows) await queue.send(db, MAIL_PROCESS, { rawId: r.id }, { singletonKey: `raw-${r.id}` });
  return rows.length;
}
