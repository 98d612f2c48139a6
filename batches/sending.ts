/**
 * Throttled sending. A batch's letters leave one at a time: never two
 * letters of one batch closer than BATCH_SEND_INTERVAL_SECONDS, never two
 * letters to one receiving domain (from any batch) closer than
 * BATCH_DOMAIN_SPACING_SECONDS, and at most BATCH_DAILY_CEILING letters of
 * one batch in 24 hours. Each letter is one transaction that holds the
 * batch's row lock: it re-reads the batch's state (a pause or cancel that
 * committed first stops it), claims the domain's slot, sends the draft
 * through the requests room and marks the item sent — so a letter is
 * queued exactly once, whatever runs in parallel.
 */
import { sql } from "kysely";
import type { AppContext } from "../core/context";
import { sendBatchLetter } from "../requests/requests";

export const BATCH_SEND_JOB = "batches.send";

/** Queued letters read at once when looking for the next one that may leave. */
export const QUEUED_PAGE = 50;

export type SendStep = { sent: boolean; nextAt: Date | null; done: boolean };

type SendContext = Pick<AppContext, "db" | "queue" | "config" | "clock">;

const later = (a: Date | null, b: Date | null): Date | null => (a === null ? b : b === null ? a : a < b ? a : b);

/** Sends the batch's next letter if the throttle allows it now; otherwise says when to try again. */
export async function sendNextLetter(context: SendContext, batchId: number): Promise<SendStep> {
  const { db, queue, config } = context;
  const { domainSpacingSeconds, sendIntervalSeconds, dailyCeiling } = config.batches;
  const now = context.clock.now();
  const dayAgo = new Date(now.getTime() - 86_400_000);
  return db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom("batches").select(["id", "state"]).where("id", "=", batchId).forUpdate().executeTakeFirst();
    if (!batch || batch.state !== "sending") return { sent: false, nextAt: null, done: batch?.state === "done" };
    const recent = await trx
      .selectFrom("batch_items")
      .select([sql<Date | null>`max(sent_at)`.as("last"), sql<string>`count(*) filter (where sent_at > ${dayAgo})`.as("in_day"), sql<Date | null>`min(sent_at) filter (where sent_at > ${dayAgo})`.as("oldest_in_day")])
      .where("batch_id", "=", batchId)
      .where("state", "=", "sent")
      .executeTakeFirstOrThrow();
    if (recent.last) {
      const next = new Date(new Date(recent.last).getTime() + sendIntervalSeconds * 1000);
      if (next > now) return { sent: false, nextAt: next, done: false };
    }
    if (Number(recent.in_day) >= dailyCeiling && recent.oldest_in_day) {
      return { sent: false, nextAt: new Date(new Date(recent.oldest_in_day).getTime() + 86_400_000), done: false };
    }
    const freeBefore = new Date(now.getTime() - domainSpacingSeconds * 1000);
    let nextAt: Date | null = null;
    // A page of queued letters at a time, in order: the next letter is nearly
    // always on the first page, so a letter costs the same at the 1st and the 500th.
    for (let after = -1, first = true; ; first = false) {
      const queued = await trx
        .selectFrom("batch_items")
        .select(["id", "request_id", "domain", "position"])
        .where("batch_id", "=", batchId)
        .where("state", "=", "queued")
        .where("position", ">", after)
        .orderBy("position")
        .limit(QUEUED_PAGE)
        .execute();
      if (queued.length === 0 && first) {
        await trx.updateTable("batches").set({ state: "done", updated_at: sql`now()` }).where("id", "=", batchId).execute();
        return { sent: false, nextAt: null, done: true };
      }
      if (queued.length === 0) break;
      const domains = [...new Set(queued.map((q) => q.domain ?? ""))];
      const slots = new Map((await trx.selectFrom("batch_send_slots").select(["domain", "last_sent_at"]).where("domain", "in", domains).execute()).map((s) => [s.domain, new Date(s.last_sent_at)]));
      for (const item of queued) {
        const domain = item.domain ?? "";
        const last = slots.get(domain);
        if (last && last > freeBefore) {
          nextAt = later(nextAt, new Date(last.getTime() + domainSpacingSeconds * 1000));
          continue;
        }
        if (item.request_id === null) {
          await trx.updateTable("batch_items").set({ state: "failed", error: "not_found" }).where("id", "=", item.id).execute();
          continue;
        }
        // Claim the domain: a letter of another batch to the same domain that committed first wins.
        const claimed = await sql<{ domain: string }>`
          insert into batch_send_slots (domain, last_sent_at) values (${domain}, ${now})
          on conflict (domain) do update set last_sent_at = excluded.last_sent_at
          where batch_send_slots.last_sent_at <= ${freeBefore}
          returning domain`.execute(trx);
        if (claimed.rows.length === 0) {
          nextAt = later(nextAt, new Date(now.getTime() + domainSpacingSeconds * 1000));
          continue;
        }
        const result = await sendBatchLetter(trx, queue, config, { requestId: item.request_id, batchId });
        if (!result.ok) {
          await trx.updateTable("batch_items").set({ state: "failed", error: result.reason }).where("id", "=", item.id).execute();
          continue;
        }
        await trx.updateTable("batch_items").set({ state: "sent", sent_at: now }).where("id", "=", item.id).execute();
        return { sent: true, nextAt: new Date(now.getTime() + sendIntervalSeconds * 1000), done: false };
      }
      if (queued.length < QUEUED_PAGE) break;
      after = queued[queued.length - 1].position;
    }
    return { sent: false, nextAt: nextAt ?? new Date(now.getTime() + 60_000), done: false };
  });
}

/**
 * One run of the sender: every batch that is sending gets the letters the
 * throttle allows now; the run then asks the queue to wake it when the
 * next letter may leave (the minute schedule is the safety net).
 */
export async function runBatchSending(context: SendContext, batchIds?: number[]): Promise<{ sent: number; nextAt: Date | null }> {
  const ids = batchIds ?? (await context.db.selectFrom("batches").select("id").where("state", "=", "sending").orderBy("id").execute()).map((b) => b.id);
  let sent = 0;
  let nextAt: Date | null = null;
  for (const id of ids) {
    for (;;) {
      const step = await sendNextLetter(context, id);
      if (step.sent) sent++;
      if (!step.sent || (step.nextAt && step.nextAt > context.clock.now())) {
        nextAt = later(nextAt, step.nextAt);
        break;
      }
    }
  }
  return { sent, nextAt };
}

export const batchSendJob = {
  name: BATCH_SEND_JOB,
  schedule: "* * * * *",
  retryLimit: 3,
  retryDelaySeconds: 10,
  async handler(data: { batchId?: number }, context: AppContext) {
    const { nextAt } = await runBatchSending(context, typeof data?.batchId === "number" ? [data.batchId] : undefined);
    if (!nextAt) return;
    const wait = Math.max(1, Math.ceil((nextAt.getTime() - context.clock.now().getTime()) / 1000));
    // Within the minute: wake up then (one wake per second at most); later, the schedule will.
    if (wait < 60) await context.queue.send(context.db, BATCH_SEND_JOB, {}, { startAfterSeconds: wait, singletonKey: `batches.send:${Math.ceil(nextAt.getTime() / 1000)}` });
  },
};
