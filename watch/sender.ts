/**
 * From pending alert deliveries to e-mails: one e-mail per follower per run
 * (immediate alerts) or per day (digests). The e-mail is put in the outbox
 * in the same transaction that marks its deliveries sent, so an alert is
 * e-mailed exactly once: a crash before commit leaves both undone, and the
 * outbox's own job sends after commit.
 */
import type { Kysely, Transaction } from "kysely";
import { isLocale, type Locale } from "../core/i18n/locales";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import type { Config } from "../core/config";
import type { DefinedCitizenEmail } from "../mail/outbound";
import { alertEmail, groupByFollower, type AlertEmailParams, type AlertItem, type Frequency } from "./digest";
import { loadWatchedEvents } from "./events";
import { getFollowItems } from "./follows";
import { followLabel } from "./labels";
import { unsubscribeUrl } from "./unsubscribe-token";

/** An alert e-mail to one citizen, as the outbox takes it: its definition (watch/digest.ts) and parameters. */
export type AlertEmail = DefinedCitizenEmail<AlertEmailParams>;
/** Puts an e-mail in the outbox inside `trx`; returns its outbox id. */
export type Enqueue = (trx: Kysely<Database>, email: AlertEmail) => Promise<number>;

/** Followers handled per transaction; each gets one e-mail with all their pending alerts. */
export const FOLLOWERS_PER_RUN = 200;

export type SendRun = { followers: number; emails: number; delivered: number; cancelled: number };

async function sendBatch(trx: Transaction<Database>, config: Pick<Config, "baseUrl" | "secret">, frequency: Frequency, enqueue: Enqueue, followers: number): Promise<SendRun> {
  const run: SendRun = { followers: 0, emails: 0, delivered: 0, cancelled: 0 };
  const users = await trx
    .selectFrom("alert_deliveries")
    .select("user_id")
    .distinct()
    .where("status", "=", "pending")
    .where("frequency", "=", frequency)
    .orderBy("user_id")
    .limit(followers)
    .execute();
  if (users.length === 0) return run;
  const userIds = users.map((u) => u.user_id);
  // Locked, skipping rows another worker holds: that worker will e-mail them.
  const pending = await trx
    .selectFrom("alert_deliveries")
    .select(["id", "event_id", "user_id", "follow_id", "frequency"])
    .where("status", "=", "pending")
    .where("frequency", "=", frequency)
    .where("user_id", "in", userIds)
    .orderBy("id")
    .forUpdate()
    .skipLocked()
    .execute();
  const events = new Map((await loadWatchedEvents(trx, [...new Set(pending.map((d) => d.event_id))])).map((e) => [e.id, e]));
  const follows = await getFollowItems(trx, [...new Set(pending.map((d) => d.follow_id).filter((id): id is number => id !== null))]);
  const recipients = new Map(
    (await trx.selectFrom("users").select(["id", "email", "display_name", "locale", "banned_at"]).where("id", "in", userIds).execute()).map((u) => [u.id, u]),
  );
  const now = new Date();
  const cancelled: number[] = [];

  for (const group of groupByFollower(pending.map((d) => ({ ...d, userId: d.user_id, frequency }) as const))) {
    const user = recipients.get(group.userId);
    const locale: Locale = user && isLocale(user.locale) ? user.locale : "fr";
    const items: AlertItem[] = [];
    const deliveredIds: number[] = [];
    const followIds = new Set<number>();
    for (const d of group.deliveries) {
      const event = events.get(d.event_id);
      const follow = d.follow_id !== null ? follows.get(d.follow_id) : undefined;
      // The request became hidden, or the follow was removed, since the event.
      if (!user || user.banned_at || !event || !follow) {
        cancelled.push(d.id);
        continue;
      }
      followIds.add(follow.id);
      deliveredIds.push(d.id);
      items.push({ kind: event.kind, at: event.at, requestId: event.requestId, requestTitle: event.requestTitle[locale], authority: event.authority, messageId: event.messageId, state: event.state, followLabel: followLabel(locale, follow) });
    }
    run.followers++;
    if (!user || items.length === 0) continue;
    const params: AlertEmailParams = {
      frequency,
      recipientName: user.display_name,
      items,
      baseUrl: config.baseUrl,
      unsubscribeAllUrl: unsubscribeUrl(config.baseUrl, config.secret, { user: user.id }),
      follows: [...followIds].map((id) => ({ label: followLabel(locale, follows.get(id)!), unsubscribeUrl: unsubscribeUrl(config.baseUrl, config.secret, { follow: id }) })),
      manageUrl: `${config.baseUrl}/following`,
    };
    const emailId = await enqueue(trx, { email: alertEmail, params, to: { userId: user.id, address: user.email, locale } });
    for (let i = 0; i < deliveredIds.length; i += 5000) {
      await trx.updateTable("alert_deliveries").set({ status: "sent", email_id: emailId, sent_at: now }).where("id", "in", deliveredIds.slice(i, i + 5000)).execute();
    }
    run.emails++;
    run.delivered += deliveredIds.length;
  }
  for (let i = 0; i < cancelled.length; i += 5000) {
    await trx.updateTable("alert_deliveries").set({ status: "cancelled" }).where("id", "in", cancelled.slice(i, i + 5000)).execute();
  }
  run.cancelled = cancelled.length;
  return run;
}

/** E-mails every follower with pending alerts of `frequency`, batch after batch. */
export async function sendPendingAlerts(db: Db, config: Pick<Config, "baseUrl" | "secret">, frequency: Frequency, enqueue: Enqueue, followersPerRun = FOLLOWERS_PER_RUN): Promise<SendRun> {
  const total: SendRun = { followers: 0, emails: 0, delivered: 0, cancelled: 0 };
  for (;;) {
    const run = await db.transaction().execute((trx) => sendBatch(trx, config, frequency, enqueue, followersPerRun));
    total.followers += run.followers;
    total.emails += run.emails;
    total.delivered += run.delivered;
    total.cancelled += run.cancelled;
    // Fewer followers than asked: nothing left (or the rest is locked by another worker).
    if (run.followers < followersPerRun) return total;
  }
}
