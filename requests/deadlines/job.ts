/**
 * The deadlines job: daily (and for one request after a relevant event) it
 * recomputes stored dates, moves requests to overdue, and queues the
 * reminder e-mails owed (requests/deadlines/reminders.ts) through the
 * outbox, each with its unsubscribe link. "Today" is a parameter so tests
 * drive time; the job itself uses the Brussels date of the moment it runs.
 */
import type { Kysely } from "kysely";
import { appealBody } from "../../authorities/appeal-bodies";
import { displayName } from "../../authorities/names";
import type { Locale } from "../../authorities/regimes";
import type { Database } from "../../db/schema";
import { queueEmail } from "../../mail/outbound";
import type { Config } from "../../core/config";
import type { JobDefinition, JobQueue } from "../../core/jobs";
import { reminderEmail } from "../emails";
import { reminderParams } from "./reminder-emails";
import { remindersDue, type ReminderFacts } from "./reminders";
import { loadRegimeTable } from "../../authorities/regime-overrides";
import { appealWindowOf, loadTracked, recomputeAll, refreshRequest, storedOf, type TrackedRow } from "./store";
import { brusselsDate, dueInForce } from "./tracking";
import { unsubscribedKinds, unsubscribeUrl } from "./unsubscribe";

type Db = Kysely<Database>;
type Settings = Pick<Config, "secret" | "baseUrl">;

export const DAILY_JOB = "deadlines.daily";
export const REFRESH_JOB = "deadlines.refresh";

const OPEN_STATES = ["awaiting_response", "waiting_clarification", "refused", "partially_successful", "not_held", "gone_postal", "requires_admin", "appeal_pending"];

/** Civil date of the oldest reply after the owner's last classification; null when none waits. */
export async function unclassifiedSince(db: Db, requestId: number): Promise<string | null> {
  const last = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("at").as("at"))
    .where("request_id", "=", requestId)
    .where("type", "=", "classified")
    .executeTakeFirst();
  let q = db
    .selectFrom("messages")
    .select((eb) => eb.fn.min("created_at").as("at"))
    .where("request_id", "=", requestId)
    .where("direction", "=", "inbound")
    .where("kind", "=", "reply")
    .where("hidden", "=", false);
  if (last?.at) q = q.where("created_at", ">", last.at as Date);
  const first = await q.executeTakeFirst();
  return first?.at ? brusselsDate(new Date(first.at as Date)) : null;
}

function localeOf(value: string): Locale {
  return value === "nl" || value === "de" || value === "en" ? value : "fr";
}

/** Queues the reminders one request is owed today; returns their keys. */
export async function sendDueReminders(db: Db, queue: JobQueue, config: Settings, row: TrackedRow, today: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("requests").select(["id", "user_id", "title", "authority_id", "hidden"]).where("id", "=", row.id).forUpdate().executeTakeFirst();
    if (!request) return [];
    const sent = (await trx.selectFrom("deadline_reminders").select("key").where("request_id", "=", row.id).execute()).map((r) => r.key);
    const appealSent = (await trx.selectFrom("appeals").select("id").where("request_id", "=", row.id).executeTakeFirst()) !== undefined;
    const facts: ReminderFacts = { state: row.state, dates: storedOf(row), unclassifiedSince: await unclassifiedSince(trx, row.id), appealSent };
    const user = await trx.selectFrom("users").select(["id", "email", "display_name", "locale", "banned_at"]).where("id", "=", request.user_id).executeTakeFirstOrThrow();
    if (user.banned_at) return [];
    const due = remindersDue(facts, today, sent, await unsubscribedKinds(trx, user.id));
    if (due.length === 0) return [];
    const authority = await trx.selectFrom("authorities").select(["name_fr", "name_nl", "name_de", "name_en", "languages"]).where("id", "=", request.authority_id).executeTakeFirstOrThrow();
    const locale = localeOf(user.locale);
    const window = appealWindowOf(row, await loadRegimeTable(trx));
    const base = `${config.baseUrl}/requests/${row.id}`;
    for (const reminder of due) {
      const params = reminderParams({
        reminder,
        locale,
        citizenName: user.display_name,
        title: request.title,
        authorityName: displayName(authority, locale),
        due: dueInForce(facts.dates),
        appealBy: facts.dates.appeal_deadline,
        appealBodyName: appealBody(window?.environmental && facts.dates.appeal_deadline === window.environmental.by ? window.environmental.body : (window?.body ?? ""))?.name[locale] ?? "",
        links: { request: base, nudge: `${base}/nudge`, escalate: `${base}/escalate`, classify: `${base}#classify`, unsubscribe: unsubscribeUrl(config.baseUrl, config.secret, user.id, reminder.kind) },
      });
      await trx.insertInto("deadline_reminders").values({ request_id: row.id, kind: reminder.kind, key: reminder.key, sent_on: today }).execute();
      await queueEmail(trx, queue, { email: reminderEmail, params, to: { userId: user.id, address: user.email, locale } });
    }
    return due.map((r) => r.key);
  });
}

/** The daily pass: recompute everything, then the reminders of every open request. */
export async function runDeadlines(db: Db, queue: JobQueue, config: Settings, today: string): Promise<{ checked: number; changed: number; newlyOverdue: number; reminders: number }> {
  const recomputed = await recomputeAll(db, today);
  let reminders = 0;
  let after = 0;
  for (;;) {
    const ids = await db
      .selectFrom("requests")
      .select("id")
      .where("id", ">", after)
      .where("received_date", "is not", null)
      .where("state", "in", OPEN_STATES)
      .orderBy("id")
      .limit(500)
      .execute();
    if (ids.length === 0) break;
    for (const { id } of ids) {
      const row = await loadTracked(db, id);
      if (row) reminders += (await sendDueReminders(db, queue, config, row, today)).length;
    }
    after = ids[ids.length - 1]!.id;
  }
  return { checked: recomputed.checked, changed: recomputed.changed, newlyOverdue: recomputed.newlyOverdue.length, reminders };
}

/** One request, after an event (a reply, a classification, an extension, an appeal). */
export async function runDeadlinesFor(db: Db, queue: JobQueue, config: Settings, requestId: number, today: string): Promise<string[]> {
  const row = await loadTracked(db, requestId);
  if (!row || !row.received_date) return [];
  await refreshRequest(db, row, today);
  const fresh = (await loadTracked(db, requestId))!;
  return sendDueReminders(db, queue, config, fresh, today);
}

export const deadlinesDailyJob: JobDefinition<Record<string, never>> = {
  name: DAILY_JOB,
  // Every day at 06:00 Brussels time, before citizens read their mail.
  schedule: "0 6 * * *",
  retryLimit: 3,
  async handler(_data, context) {
    await runDeadlines(context.db, context.queue, context.config, context.clock.today());
  },
};

export const deadlinesRefreshJob: JobDefinition<{ requestId: number }> = {
  name: REFRESH_JOB,
  retryLimit: 3,
  async handler(data, context) {
    if (typeof data?.requestId === "number") await runDeadlinesFor(context.db, context.queue, context.config, data.requestId, context.clock.today());
  },
};

/** Ask for a refresh of one request after an event, in the caller's transaction. */
export async function queueDeadlineRefresh(trx: Db, queue: JobQueue, requestId: number): Promise<void> {
  await queue.send(trx, REFRESH_JOB, { requestId });
}
