import { createHmac, randomUUID } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import type { Config } from "../core/config";
import type { AppContext } from "../core/context";
import type { JobDefinition, JobQueue } from "../core/jobs";
import { emit } from "../core/events";
import { letterAttachments } from "./outbound-attachments";
import type { FileStore } from "../core/files";
import { consoleLogger } from "../core/logger";
import { emailLocale, type DefinedEmail } from "../core/email";
import { journalSent, pendingSent } from "./sent-journal";
import { refuseUnconsentedRecipient } from "./recipient-guard";

/**
 * The outbox. Every e-mail Dossier sends is first a row, written in the
 * caller's transaction together with a `mail.send` job; the worker sends it
 * after commit, so a rolled-back request never e-mails anyone (STYLE 5).
 *
 * - Letters to authorities (request, follow-up…) are `messages` rows
 *   (direction 'outbound'), part of the request's public timeline.
 * - E-mails to citizens (confirmation links, notifications) are
 *   `outbound_emails` rows: private, never shown on a public page.
 *
 * Status: queued → sending (claimed by one attempt, committed before the
 * relay hears of it) → sent (with the relay's answer) or failed (with the
 * relay's answer), or back to queued for a retry. A claim never recorded
 * becomes uncertain for an admin: never sent twice (settleOutbox,
 * docs/decisions/301-outbox-sent-once.md). Without SMTP_URL rows stay
 * queued and the admin outbox says "not sent: no relay configured";
 * nothing pretends delivery.
 */

export const SEND_JOB = "mail.send";
/** Back-off between attempts after a temporary failure (seconds). */
export const RETRY_DELAYS = [60, 300, 900, 3600, 4 * 3600, 12 * 3600];

export type Executor = Kysely<Database> | Transaction<Database>;

export type OutgoingEmail = {
  to: string[];
  subject: string;
  text: string;
  /** Default: "Dossier" <no-reply@MAIL_DOMAIN>. */
  from?: { name: string; address: string };
  replyTo?: string;
  /** With angle brackets: "<x@domain>". */
  messageId?: string;
  inReplyTo?: string | null;
  references?: string[];
};

/** A letter to an authority, on a request's timeline. */
export type RequestEmail = OutgoingEmail & { requestId: number; kind: string; from: { name: string; address: string } };
/** A private e-mail to a citizen, as the outbox stores it once rendered (never written by hand: see DefinedCitizenEmail). */
type CitizenEmail = OutgoingEmail & { userId: number | null; kind: string };

export type OutboxRef = { table: "messages" | "outbound_emails"; id: number; attempt?: number };

/**
 * Stands for the secret of a one-time link (password reset, address
 * confirmation) in a stored citizen e-mail. The outbox row keeps this
 * placeholder, never the secret: the worker puts the real token in when it
 * sends (`withLinkToken`), so neither the table nor the admin outbox holds
 * a working link. The token is `linkToken(SECRET, row id)`; its issuer
 * stores only its hash (accounts/tokens.ts).
 */
export const LINK_TOKEN = "[link-token]";

/** The one-time token of the citizen e-mail `outboundEmailId`: only a holder of SECRET can compute it. */
export function linkToken(secret: string, outboundEmailId: number): string {
  return createHmac("sha256", secret).update(`outbox-link:${outboundEmailId}`).digest("base64url");
}

/** A stored citizen e-mail's text as it is sent: the placeholder replaced by the link's token. */
export function withLinkToken(secret: string, outboundEmailId: number, text: string): string {
  return text.includes(LINK_TOKEN) ? text.split(LINK_TOKEN).join(linkToken(secret, outboundEmailId)) : text;
}

/**
 * A citizen e-mail by its definition (core/email.ts): rendered here, in the
 * citizen's locale, from the shared catalogues. Every e-mail to a citizen
 * is written this way.
 */
export type DefinedCitizenEmail<P> = {
  email: DefinedEmail<P>;
  params: P;
  to: { userId: number | null; address: string; locale: string | null };
};

function isRequestEmail(message: RequestEmail | CitizenEmail): message is RequestEmail {
  return "requestId" in message && typeof message.requestId === "number";
}

function isDefined<P>(message: RequestEmail | CitizenEmail | DefinedCitizenEmail<P>): message is DefinedCitizenEmail<P> {
  return "email" in message && "params" in message;
}

/**
 * The outbox's one entry point: stores the e-mail and queues its sending,
 * both in `trx`. Citizen e-mails come as a definition and its parameters;
 * letters to authorities come written (their text is the request's).
 */
export async function queueEmail<P>(trx: Executor, queue: JobQueue, message: RequestEmail | DefinedCitizenEmail<P>): Promise<OutboxRef> {
  if (isDefined(message)) {
    const rendered = message.email.render(emailLocale(message.to.locale), message.params);
    return storeAndQueue(trx, queue, { userId: message.to.userId, kind: rendered.kind, to: [message.to.address], subject: rendered.subject, text: rendered.text });
  }
  return storeAndQueue(trx, queue, message);
}

async function storeAndQueue(trx: Executor, queue: JobQueue, message: RequestEmail | CitizenEmail): Promise<OutboxRef> {
  let ref: OutboxRef;
  if (isRequestEmail(message)) {
    await refuseUnconsentedRecipient(trx, message);
    const row = await trx
      .insertInto("messages")
      .values({
        request_id: message.requestId,
        direction: "outbound",
        kind: message.kind,
        from_address: message.from.address,
        from_name: message.from.name,
        to_addresses: message.to,
        subject: message.subject,
        body_text: message.text,
        message_id: message.messageId ?? null,
        in_reply_to: message.inReplyTo ?? null,
        references: message.references ?? [],
        delivery_status: "queued",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ref = { table: "messages", id: row.id };
  } else {
    if (message.to.length !== 1) throw new Error("A citizen e-mail has exactly one recipient");
    const row = await trx
      .insertInto("outbound_emails")
      .values({
        user_id: message.userId,
        kind: message.kind,
        to_address: message.to[0],
        subject: message.subject,
        body_text: message.text,
        message_id: message.messageId ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ref = { table: "outbound_emails", id: row.id };
  }
  await queue.send(trx, SEND_JOB, ref, { singletonKey: `${ref.table}:${ref.id}` });
  return ref;
}

export type DeliveryOutcome = "sent" | "failed" | "retry" | "no_relay" | "skipped";

type Envelope = {
  from: string;
  fromName: string;
  to: string[];
  subject: string;
  text: string;
  replyTo: string | undefined;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
};

async function loadEnvelope(db: Db, ref: OutboxRef, config: Config): Promise<{ status: string; envelope: Envelope } | undefined> {
  if (ref.table === "messages") {
    const m = await db.selectFrom("messages").selectAll().where("id", "=", ref.id).where("direction", "=", "outbound").executeTakeFirst();
    if (!m) return undefined;
    return {
      status: m.delivery_status ?? "queued",
      envelope: {
        from: m.from_address ?? `no-reply@${config.mailDomain}`,
        fromName: m.from_name ?? "Dossier",
        to: m.to_addresses,
        subject: m.subject ?? "",
        text: m.body_text,
        replyTo: m.from_address ?? undefined,
        messageId: m.message_id,
        inReplyTo: m.in_reply_to,
        references: m.references,
      },
    };
  }
  const e = await db.selectFrom("outbound_emails").selectAll().where("id", "=", ref.id).executeTakeFirst();
  if (!e) return undefined;
  return {
    status: e.delivery_status,
    envelope: {
      from: `no-reply@${config.mailDomain}`,
      fromName: "Dossier",
      to: [e.to_address],
      subject: e.subject,
      text: withLinkToken(config.secret, e.id, e.body_text),
      replyTo: undefined,
      messageId: e.message_id,
      inReplyTo: null,
      references: [],
    },
  };
}

type Table = OutboxRef["table"];

/**
 * Claims a queued row for one attempt, in a statement of its own (committed
 * before the relay hears of the letter): from then on no other attempt,
 * retry or sweep sends it. Null when the row is not queued (already sent,
 * being sent, failed or uncertain).
 */
async function claim(db: Db, ref: OutboxRef, attempt: string): Promise<boolean> {
  const table: Table = ref.table;
  const claimed =
    table === "messages"
      ? await db
          .updateTable("messages")
          .set({ delivery_status: "sending", send_attempt: attempt, sending_since: new Date() })
          .where("id", "=", ref.id)
          .where("direction", "=", "outbound")
          .where("delivery_status", "=", "queued")
          .executeTakeFirst()
      : await db
          .updateTable("outbound_emails")
          .set({ delivery_status: "sending", send_attempt: attempt, sending_since: new Date() })
          .where("id", "=", ref.id)
          .where("delivery_status", "=", "queued")
          .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

/** Records the attempt's outcome; only the attempt that holds the claim may. False when it no longer does. */
async function record(db: Db, table: Table, id: number, attempt: string, values: { status: "queued" | "sent" | "failed"; answer: string | null; sentAt?: Date }): Promise<boolean> {
  const done =
    table === "messages"
      ? await db
          .updateTable("messages")
          .set({ delivery_status: values.status, delivery_error: values.status === "sent" ? null : values.answer, sent_at: values.sentAt ?? null, send_attempt: null, sending_since: null })
          .where("id", "=", id)
          .where("send_attempt", "=", attempt)
          .where("delivery_status", "=", "sending")
          .executeTakeFirst()
      : await db
          .updateTable("outbound_emails")
          .set((eb) => ({
            delivery_status: values.status,
            delivery_error: values.answer,
            sent_at: values.sentAt ?? null,
            attempts: eb("attempts", "+", 1),
            send_attempt: null,
            sending_since: null,
          }))
          .where("id", "=", id)
          .where("send_attempt", "=", attempt)
          .where("delivery_status", "=", "sending")
          .executeTakeFirst();
  return Number(done.numUpdatedRows) > 0;
}

/**
 * Records a final outcome and, for a letter to an authority, tells the
 * request room in the same transaction (a `letter.delivered` or
 * `letter.failed` domain event): the deadline starts exactly when the
 * outbox says the letter left, even if the process dies right after.
 */
async function recordOutcome(db: Db, table: Table, id: number, attempt: string, values: { status: "sent" | "failed"; answer: string; sentAt?: Date }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await record(trx, table, id, attempt, values))) return false;
    if (table === "messages") {
      if (values.status === "sent") await emit(trx, { type: "letter.delivered", requestId: null, data: { messageId: id, sentAt: (values.sentAt ?? new Date()).toISOString(), smtpAnswer: values.answer } });
      else await emit(trx, { type: "letter.failed", requestId: null, data: { messageId: id, smtpAnswer: values.answer } });
    }
    return true;
  });
}

/** Delays between tries of recording "sent" before the journal takes over (milliseconds). */
const RECORD_RETRIES_MS = [100, 500, 2000];

/**
 * After the relay's 250: the letter is gone, whatever happens next. Record
 * it, retrying a failing database a few times, then fall back on the
 * fsynced journal that the sweep replays. Only if both fail does the row
 * stay `sending` (and become `uncertain` for an admin): never sent twice.
 */
async function recordSent(context: Pick<AppContext, "db" | "config" | "logger">, ref: OutboxRef, attempt: string, sentAt: Date, answer: string): Promise<void> {
  let lastError: unknown;
  for (let i = 0; i <= RECORD_RETRIES_MS.length; i++) {
    try {
      await recordOutcome(context.db, ref.table, ref.id, attempt, { status: "sent", answer, sentAt });
      return;
    } catch (error) {
      lastError = error;
      if (i < RECORD_RETRIES_MS.length) await new Promise((r) => setTimeout(r, RECORD_RETRIES_MS[i]));
    }
  }
  try {
    await journalSent(context.config.dataDir, { table: ref.table, id: ref.id, attempt, sentAt: sentAt.toISOString(), answer });
    context.logger.warn(`outbox: ${ref.table} ${ref.id} sent, but the database refused the record (${(lastError as Error)?.message}); journalled for the sweep`);
  } catch (error) {
    context.logger.error(`outbox: ${ref.table} ${ref.id} sent, but neither the database nor the journal recorded it (${(error as Error).message}); it will show as uncertain`);
  }
}

/**
 * Sends one outbox row through SMTP_URL. The row is claimed (`sending`)
 * before the relay sees it, so the letter leaves at most once: a crash or a
 * database error after the relay's 250 leaves a journal entry or an
 * uncertain row, never a second sending. A temporary failure (4xx,
 * network) is retried later with back-off; a permanent one (5xx) or the
 * last attempt marks the row failed with the relay's answer.
 */
export async function deliverOutbound(
  context: Pick<AppContext, "db" | "config" | "files" | "mailer"> & { queue: JobQueue | null; logger?: AppContext["logger"] },
  ref: OutboxRef,
): Promise<DeliveryOutcome> {
  const { db, queue, config, mailer } = context;
  const logger = context.logger ?? consoleLogger;
  const loaded = await loadEnvelope(db, ref, config);
  if (!loaded || loaded.status !== "queued") return "skipped";
  if (!mailer.configured) return "no_relay";
  const e = loaded.envelope;
  const attempt = ref.attempt ?? 1;
  const attemptId = randomUUID();
  if (!(await claim(db, ref, attemptId))) return "skipped";
  let info: { response?: string };
  try {
    // Letters may carry files (an appeal's PDF and the authority's own files; requests/escalation/attachments.ts).
    const attachments = ref.table === "messages" ? await letterAttachments(db, ref.id, context.files) : [];
    info = await mailer.send({
      from: { name: e.fromName, address: e.from },
      to: e.to,
      replyTo: e.replyTo,
      subject: e.subject,
      text: e.text,
      messageId: e.messageId ?? undefined,
      inReplyTo: e.inReplyTo ?? undefined,
      references: e.references,
      headers: ref.table === "outbound_emails" ? { "Auto-Submitted": "auto-generated" } : undefined,
      attachments: attachments.length ? attachments : undefined,
    });
  } catch (error) {
    const err = error as { responseCode?: number; response?: string; message?: string };
    const answer = err.response ?? err.message ?? String(error);
    const permanent = typeof err.responseCode === "number" && err.responseCode >= 500;
    if (!permanent && attempt <= RETRY_DELAYS.length && queue) {
      await db.transaction().execute(async (trx) => {
        await record(trx, ref.table, ref.id, attemptId, { status: "queued", answer: `attempt ${attempt} failed: ${answer}` });
        await queue.send(trx, SEND_JOB, { table: ref.table, id: ref.id, attempt: attempt + 1 }, { startAfterSeconds: RETRY_DELAYS[attempt - 1] });
      });
      return "retry";
    }
    await recordOutcome(db, ref.table, ref.id, attemptId, { status: "failed", answer });
    return "failed";
  }
  await recordSent({ db, config, logger }, ref, attemptId, new Date(), String(info.response ?? ""));
  return "sent";
}

export const sendMailJob: JobDefinition<OutboxRef> = {
  name: SEND_JOB,
  concurrency: 2,
  // Retries after SMTP failures are scheduled by deliverOutbound itself; this covers crashes.
  retryLimit: 2,
  retryDelaySeconds: 60,
  async handler(data: OutboxRef, context) {
    await deliverOutbound(context, data);
  },
};

/** Longer than any SMTP session can last (nodemailer's socket timeout is 10 minutes). */
export const SENDING_STALE_MINUTES = 15;

/**
 * Replays the journal of letters sent but not recorded, then marks rows
 * left `sending` by an attempt that can no longer be running as
 * `uncertain`. Such a row was claimed and perhaps accepted by the relay (a
 * worker died mid-session, or after the 250 without a journal): sending it
 * again could deliver a letter twice, never sending it could lose it, so
 * an admin decides (/admin/outbox lists them first).
 */
export async function settleOutbox(context: Pick<AppContext, "db" | "config" | "logger">): Promise<{ replayed: number; uncertain: number }> {
  let replayed = 0;
  for (const { entry, forget } of await pendingSent(context.config.dataDir)) {
    const sentAt = new Date(entry.sentAt);
    if (await recordOutcome(context.db, entry.table, entry.id, entry.attempt, { status: "sent", answer: entry.answer, sentAt })) replayed++;
    await forget();
  }
  const stale = sql<Date>`now() - make_interval(mins => ${SENDING_STALE_MINUTES})`;
  const note = `uncertain: claimed for sending and never recorded (the relay may have accepted it); not sent again automatically`;
  const letters = await context.db
    .updateTable("messages")
    .set({ delivery_status: "uncertain", delivery_error: note })
    .where("direction", "=", "outbound")
    .where("delivery_status", "=", "sending")
    .where("sending_since", "<", stale)
    .returning("id")
    .execute();
  const emails = await context.db
    .updateTable("outbound_emails")
    .set({ delivery_status: "uncertain", delivery_error: note })
    .where("delivery_status", "=", "sending")
    .where("sending_since", "<", stale)
    .returning("id")
    .execute();
  for (const row of letters) context.logger.warn(`outbox: letter ${row.id} is uncertain (claimed, never recorded); an admin decides`);
  for (const row of emails) context.logger.warn(`outbox: e-mail ${row.id} is uncertain (claimed, never recorded); an admin decides`);
  return { replayed, uncertain: letters.length + emails.length };
}

export const SWEEP_JOB = "mail.outbox-sweep";

/**
 * Every minute: record letters the journal knows were sent, mark abandoned
 * claims uncertain and, with a relay, queue again any row still waiting
 * (the singleton key keeps one job per row).
 */
export const outboxSweepJob: JobDefinition<Record<string, never>> = {
  name: SWEEP_JOB,
  schedule: "* * * * *",
  retryLimit: 1,
  async handler(_data, context) {
    await settleOutbox(context);
    if (context.mailer.configured) await requeuePending(context.db, context.queue);
  },
};

/**
 * Queues a send job for every row still waiting (after a relay was
 * configured, or after a crash). Run at start-up; idempotent thanks to the
 * singleton key.
 */
export async function requeuePending(db: Db, queue: JobQueue): Promise<number> {
  const messages = await db.selectFrom("messages").select("id").where("direction", "=", "outbound").where("delivery_status", "=", "queued").execute();
  const emails = await db.selectFrom("outbound_emails").select("id").where("delivery_status", "=", "queued").execute();
  for (const m of messages) await queue.send(db, SEND_JOB, { table: "messages", id: m.id }, { singletonKey: `messages:${m.id}` });
  for (const e of emails) await queue.send(db, SEND_JOB, { table: "outbound_emails", id: e.id }, { singletonKey: `outbound_emails:${e.id}` });
  return messages.length + emails.length;
}

export type OutboxEntry = {
  table: "messages" | "outbound_emails";
  id: number;
  requestId: number | null;
  kind: string;
  to: string[];
  subject: string;
  status: string;
  answer: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** The admin outbox: everything not yet sent first, then the latest sent. */
export async function listOutbox(db: Db, limit = 200): Promise<OutboxEntry[]> {
  const messages = await db
    .selectFrom("messages")
    .select(["id", "request_id", "kind", "to_addresses", "subject", "delivery_status", "delivery_error", "created_at", "sent_at"])
    .where("direction", "=", "outbound")
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  const emails = await db.selectFrom("outbound_emails").selectAll().orderBy("created_at", "desc").limit(limit).execute();
  const rows: OutboxEntry[] = [
    ...messages.map((m) => ({
      table: "messages" as const,
      id: m.id,
      requestId: m.request_id,
      kind: m.kind,
      to: m.to_addresses,
      subject: m.subject ?? "",
      status: m.delivery_status ?? "queued",
      answer: m.delivery_error,
      createdAt: m.created_at,
      sentAt: m.sent_at,
    })),
    ...emails.map((e) => ({
      table: "outbound_emails" as const,
      id: e.id,
      requestId: null,
      kind: e.kind,
      to: [e.to_address],
      subject: e.subject,
      status: e.delivery_status,
      answer: e.delivery_error,
      createdAt: e.created_at,
      sentAt: e.sent_at,
    })),
  ];
  const rank = (s: string) => (s === "uncertain" || s === "failed" ? 0 : s === "queued" || s === "sending" ? 1 : 2);
  return rows.sort((a, b) => rank(a.status) - rank(b.status) || b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
}
