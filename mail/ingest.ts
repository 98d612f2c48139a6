import { sql, type Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { classifyMessage, type Classification, type MessageKind } from "./classify";
import { FileStore } from "../core/files";
import { parseRawMessage, sha256, type ParsedMessage } from "./parse";
import { routeMessage, senderOutsideAuthority, type Route } from "./route";
import { canExtract } from "./extract";
import type { Envelope } from "./smtp-server";
import { cleanText } from "./text";
import { notifyCitizenOfReply } from "./notify";
import type { DefinedCitizenEmail } from "./outbound";
import { recordEvent } from "../core/events";
import { authenticateMessage, failsDmarc, uncheckedVerdict, type AuthVerdict, type DnsResolver } from "./authenticate";

export type IngestOutcome = "delivered" | "holding_pen" | "duplicate" | "rejected";

export interface IngestDeps {
  secret: string;
  files: FileStore;
  /**
   * Queue text extraction for a stored message (a worker job), through the
   * ingest transaction so the job exists exactly when the message does.
   */
  enqueueExtraction?: (executor: Kysely<Database>, messageId: number) => Promise<void>;
  /** Base URL of the web app, for links in notifications. */
  baseUrl?: string;
  /** Put an e-mail to a citizen in the outbox, in the ingest transaction (mail/outbound.ts queueEmail). */
  queueEmail?: (trx: Kysely<Database>, email: DefinedCitizenEmail<any>) => Promise<void>;
  /**
   * DNS for sender authentication (SPF, DKIM, DMARC, ARC). Production passes
   * node's resolver (mail/jobs.ts), tests a fake table; without one the checks
   * do not run and the message is "not verified".
   */
  resolver?: DnsResolver;
  /** The name Dossier's checks are recorded under (its mail domain). */
  mta?: string;
}

const AUTH_TIMEOUT_MS = 15_000;

/** SPF/DKIM/DMARC/ARC for a message, never throwing: a failure of the checks themselves is recorded as such. */
async function senderAuthentication(bytes: Buffer, envelope: Envelope | null, deps: IngestDeps): Promise<AuthVerdict | null> {
  if (!deps.resolver) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`sender checks took over ${AUTH_TIMEOUT_MS / 1000} s`)), AUTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([authenticateMessage(bytes, envelope, deps.resolver, deps.mta ?? "dossier"), timeout]);
  } catch (e) {
    return uncheckedVerdict(e);
  } finally {
    clearTimeout(timer);
  }
}

export interface IngestedAttachment {
  id: number;
  filename: string;
  content_type: string;
  size: number;
  extraction_status: string;
  text_chars: number | null;
}

export interface IngestResult {
  rawId: number;
  messageId: number | null;
  outcome: IngestOutcome;
  requestId: number | null;
  kind: MessageKind | null;
  reason: string;
  attachments: IngestedAttachment[];
}

/**
 * Commit the raw bytes and their envelope. Idempotent by SHA-256: the same
 * bytes delivered twice keep one row (the second delivery's envelope is
 * appended to the row's `redeliveries`). This is what the SMTP listener waits
 * for before answering 250.
 */
export async function storeRaw(
  db: Db,
  raw: Buffer,
  envelope: Envelope | null,
  /** Runs in the same transaction as a new row: queue its processing here so no committed message lacks a job. */
  onStored?: (trx: Kysely<Database>, rawId: number) => Promise<void>,
): Promise<{ id: number; duplicate: boolean }> {
  if (onStored) {
    return db.transaction().execute(async (trx) => {
      const r = await insertRaw(trx, raw, envelope);
      if (!r.duplicate) await onStored(trx, r.id);
      return r;
    });
  }
  return insertRaw(db, raw, envelope);
}

async function insertRaw(db: Kysely<Database>, raw: Buffer, envelope: Envelope | null): Promise<{ id: number; duplicate: boolean }> {
  const hash = sha256(raw);
  const inserted = await db
    .insertInto("raw_messages")
    .values({ sha256: hash, size: raw.length, bytes: raw, envelope: JSON.stringify(envelope ?? null) })
    .onConflict((oc) => oc.column("sha256").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, duplicate: false };
  const existing = await db
    .updateTable("raw_messages")
    .set({ redeliveries: sql`redeliveries + 1` })
    .where("sha256", "=", hash)
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: existing.id, duplicate: true };
}

async function loadRawBytes(db: Db, files: FileStore, rawId: number) {
  const row = await db.selectFrom("raw_messages").selectAll().where("id", "=", rawId).executeTakeFirstOrThrow();
  const bytes = row.bytes ?? (row.file_key ? await files.get(row.file_key) : Buffer.alloc(0));
  const envelope = (typeof row.envelope === "string" ? JSON.parse(row.envelope) : row.envelope) as Envelope | null;
  return { row, bytes, envelope };
}

export async function attachmentSummaries(db: Db, messageId: number): Promise<IngestedAttachment[]> {
  const rows = await db
    .selectFrom("attachments")
    .select(["id", "filename", "content_type", "size", "extraction_status", sql<number | null>`length(extracted_text)`.as("text_chars")])
    .where("message_id", "=", messageId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ ...r, text_chars: r.text_chars === null ? null : Number(r.text_chars) }));
}

/** The result recorded for a raw message already processed (second ingest of the same bytes). */
async function previousResult(db: Db, rawId: number): Promise<IngestResult | null> {
  const raw = await db.selectFrom("raw_messages").select(["processed_at", "outcome", "duplicate_of"]).where("id", "=", rawId).executeTakeFirst();
  if (!raw?.processed_at) return null;
  const message = await db
    .selectFrom("messages")
    .select(["id", "request_id", "kind"])
    .where((eb) => eb.or([eb("raw_message_id", "=", rawId), ...(raw.duplicate_of ? [eb("id", "=", raw.duplicate_of)] : [])]))
    .executeTakeFirst();
  return {
    rawId,
    messageId: message?.id ?? null,
    outcome: "duplicate",
    requestId: message?.request_id ?? null,
    kind: (message?.kind as MessageKind | undefined) ?? null,
    reason: raw.outcome === "rejected" ? "already rejected" : "already ingested",
    attachments: message ? await attachmentSummaries(db, message.id) : [],
  };
}

/**
 * Why a message must wait in the holding pen whatever its address says: the
 * parser could not read it (its reason, with the limit it hit), it has no
 * header of a message, or it holds nothing. Nothing accepted is dropped:
 * an administrator sees it there with this reason, downloads the original,
 * attaches it to a request by hand or has it processed again.
 */
/** Whether the raw header section (as received, before any charset rewriting) has a Content-Type or MIME-Version line. */
function hasMimeHeader(raw: Buffer): boolean {
  const head = raw.subarray(0, 64 * 1024).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  return /^(?:content-type|mime-version)[ \t]*:/im.test(end === -1 ? head : head.slice(0, end));
}

export function holdReason(raw: Buffer, parsed: ParsedMessage): string | null {
  if (parsed.unreadable) return `unreadable: ${parsed.unreadable}`;
  if (raw.toString("latin1").trim() === "") return `empty message (${raw.length} bytes, nothing but white space)`;
  const h = parsed.headers;
  // A MIME structure alone (Content-Type, as some gateways send) is a header
  // section; text with none of these is not a message.
  if (!h.from && !h.subject && !h.date && !h["message-id"] && !hasMimeHeader(raw)) {
    return "headerless: no From, Subject, Date, Message-ID or MIME header";
  }
  if (!parsed.text.trim() && !parsed.html && parsed.attachments.length === 0 && !parsed.subject.trim()) return "empty message: no subject, text or attachment";
  return null;
}

/**
 * Parse, route, classify and store a committed raw message. Idempotent: a
 * raw message already processed, or a message whose Message-ID we already
 * hold for the same request, reports `duplicate` and stores nothing new.
 */
export async function processRaw(db: Db, rawId: number, deps: IngestDeps): Promise<IngestResult> {
  const { row, bytes, envelope } = await loadRawBytes(db, deps.files, rawId);
  if (row.processed_at) return (await previousResult(db, rawId))!;

  try {
    const parsed = await parseRawMessage(bytes);
    const hold = holdReason(bytes, parsed);
    const routed = await routeMessage(db, deps.secret, parsed, envelope);
    // A held message keeps the request its address names as the admin's guess.
    const route: Route = hold
      ? { requestId: null, reason: hold, guess: routed.requestId !== null ? { requestId: routed.requestId, reason: routed.reason } : routed.guess }
      : routed;
    const auth = parsed.unreadable ? null : await senderAuthentication(bytes, envelope, deps);
    const { authority, ...own } = await requestFacts(db, route.requestId);
    const classification = classifyMessage(parsed, { envelopeFrom: envelope?.mailFrom ?? null, ...own });

    // Files first, outside the transaction: the store is content-addressed and
    // idempotent, so a crash here leaves only unreferenced files, never a row
    // pointing at a missing file.
    const keys: string[] = [];
    for (const a of parsed.attachments) keys.push(await deps.files.put(a.content));

    const result = await db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom("raw_messages").select(["processed_at"]).where("id", "=", rawId).forUpdate().executeTakeFirstOrThrow();
      if (locked.processed_at) return null;
      const dup = await findDuplicate(trx, parsed, route.requestId);
      if (dup) {
        await trx.updateTable("raw_messages").set({ processed_at: sql`now()`, outcome: "duplicate", duplicate_of: dup.id, processing_error: null }).where("id", "=", rawId).execute();
        return { rawId, messageId: dup.id, outcome: "duplicate" as const, requestId: dup.request_id, kind: dup.kind as MessageKind, reason: "same Message-ID already received", attachments: null };
      }
      const outside = authority ? senderOutsideAuthority(parsed.from.address, authority) : false;
      const { messageId, attachments } = await storeMessage(trx, rawId, parsed, route, classification, keys, envelope, auth, outside);
      if (deps.enqueueExtraction && parsed.attachments.some((a) => canExtract(a.contentType))) await deps.enqueueExtraction(trx, messageId);
      if (route.requestId !== null) await applyToRequest(trx, route.requestId, messageId, parsed, classification, deps);
      const outcome: IngestOutcome = route.requestId === null ? "holding_pen" : "delivered";
      await trx.updateTable("raw_messages").set({ processed_at: sql`now()`, outcome: parsed.unreadable ? "unreadable" : outcome, processing_error: parsed.unreadable }).where("id", "=", rawId).execute();
      return { rawId, messageId, outcome, requestId: route.requestId, kind: classification.kind, reason: route.reason, attachments };
    });
    if (!result) return (await previousResult(db, rawId))!;
    if (result.attachments === null) return { ...result, attachments: result.messageId !== null ? await attachmentSummaries(db, result.messageId) : [] };
    return result as IngestResult;
  } catch (e) {
    const message = cleanText(e instanceof Error ? e.message : String(e)).slice(0, 2000);
    await db
      .updateTable("raw_messages")
      .set({ processing_error: message, attempts: sql`attempts + 1`, last_attempt_at: sql`now()` })
      .where("id", "=", rawId)
      .execute();
    throw e;
  }
}

/**
 * What the reply is checked against, in one round trip (it runs for every
 * reply of a burst): the request's title and our letters' subjects (text an
 * authority quotes back, never a classification signal), and its
 * authority's addresses (a sender outside them is flagged).
 */
async function requestFacts(
  db: Db,
  requestId: number | null,
): Promise<{ requestTitle: string | null; ownSubjects: string[]; authority: { email: string | null; website: string | null } | null }> {
  if (requestId === null) return { requestTitle: null, ownSubjects: [], authority: null };
  const request = await db
    .selectFrom("requests")
    .innerJoin("authorities", "authorities.id", "requests.authority_id")
    .select((eb) => [
      "requests.title",
      "authorities.email",
      "authorities.website",
      eb.fn
        .coalesce(sql<string[] | null>`(select array_agg(subject) from (select subject from messages where request_id = requests.id and direction = 'outbound' limit 20) letters)`, sql<string[]>`'{}'::text[]`)
        .as("subjects"),
    ])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
  if (!request) return { requestTitle: null, ownSubjects: [], authority: null };
  return {
    requestTitle: request.title,
    ownSubjects: request.subjects.map((subject) => subject ?? "").filter(Boolean),
    authority: { email: request.email, website: request.website },
  };
}

type Trx = Parameters<Parameters<ReturnType<Db["transaction"]>["execute"]>[0]>[0];

async function findDuplicate(trx: Trx, parsed: ParsedMessage, requestId: number | null) {
  if (!parsed.messageId) return null;
  let q = trx
    .selectFrom("messages")
    .select(["id", "request_id", "kind"])
    .where("direction", "=", "inbound")
    .where(sql<string>`lower(trim(both '<>' from message_id))`, "=", parsed.messageId);
  q = requestId === null ? q.where("request_id", "is", null) : q.where("request_id", "=", requestId);
  return (await q.executeTakeFirst()) ?? null;
}

async function storeMessage(
  trx: Trx,
  rawId: number,
  parsed: ParsedMessage,
  route: Route,
  classification: Classification,
  keys: string[],
  envelope: Envelope | null,
  auth: AuthVerdict | null,
  /** The sender is not at the request's authority's domain (senderOutsideAuthority). */
  outside: boolean,
): Promise<{ messageId: number; attachments: IngestedAttachment[] }> {
  const to = [...new Set([...(envelope?.rcptTo ?? []), ...parsed.routing.to])].map((a) => cleanText(a).slice(0, 500)).slice(0, 50);
  const message = await trx
    .insertInto("messages")
    .values({
      request_id: route.requestId,
      direction: "inbound",
      kind: classification.kind,
      from_address: parsed.from.address,
      from_name: parsed.from.name,
      to_addresses: to,
      subject: parsed.subject,
      body_text: parsed.text,
      body_html: parsed.html,
      message_id: parsed.messageId,
      in_reply_to: parsed.inReplyTo[0] ?? null,
      references: parsed.references,
      raw_message_id: rawId,
      sent_at: parsed.date,
      // When Dossier received it (the raw row is committed before the 250): what orders replies.
      received_at: sql<Date>`(select received_at from raw_messages where id = ${rawId})`,
      route_reason: route.reason,
      guessed_request_id: route.guess?.requestId ?? null,
      guess_reason: route.guess?.reason ?? null,
      classification_reason: classification.reason,
      sender_outside_authority: outside,
      parse_warnings: parsed.warnings.slice(0, 50),
      auth: auth ? JSON.stringify(auth) : null,
      // A From on the authority's own domain that its DMARC policy disowns: forged or broken, never a follow-up target.
      dmarc_failed: route.requestId !== null && !outside && failsDmarc(auth),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  let attachments: IngestedAttachment[] = [];
  if (parsed.attachments.length > 0) {
    const rows = await trx
      .insertInto("attachments")
      .values(
        parsed.attachments.map((a, i) => ({
          message_id: message.id,
          position: i,
          filename: a.filename,
          content_type: a.contentType,
          size: a.size,
          sha256: a.sha256,
          file_key: keys[i],
          extraction_status: canExtract(a.contentType) ? "pending" : "unsupported",
          content_id: a.contentId,
        })),
      )
      .returning(["id", "filename", "content_type", "size", "extraction_status"])
      .execute();
    attachments = rows.map((r) => ({ ...r, text_chars: null }));
  }
  return { messageId: message.id, attachments };
}

/**
 * What the message means for its request. A permanent bounce marks our last
 * letter failed and moves the request to delivery_error (when the lifecycle
 * allows it); auto-replies and acknowledgements are only recorded; a reply
 * makes the request "awaiting classification" — computed by the requests room
 * from the inbound reply itself, never stored — and e-mails the citizen.
 */
async function applyToRequest(trx: Trx, requestId: number, messageId: number, parsed: ParsedMessage, c: Classification, deps: IngestDeps): Promise<void> {
  const data = (extra: Record<string, unknown> = {}) => JSON.stringify({ message_id: messageId, reason: c.reason, from: parsed.from.address, subject: parsed.subject, ...extra });
  switch (c.kind) {
    case "bounce": {
      if (!c.permanent) {
        await recordEvent(trx, { request_id: requestId, type: "delivery_delayed", data: data() });
        return;
      }
      const answer = cleanText(`${parsed.subject}${c.failedRecipients?.length ? `: ${c.failedRecipients.join(", ")}` : ""}`).slice(0, 1000);
      const last = await trx
        .selectFrom("messages")
        .select(["id", "kind"])
        .where("request_id", "=", requestId)
        .where("direction", "=", "outbound")
        .orderBy("id", "desc")
        .executeTakeFirst();
      if (last) await trx.updateTable("messages").set({ delivery_status: "failed", delivery_error: answer }).where("id", "=", last.id).execute();
      // Same event shape as a relay refusal (requests/delivery.ts), so the timeline tells both alike;
      // the request room moves the request to "delivery error" when it hears of it (its `requests.bounce` subscriber).
      await recordEvent(trx, { request_id: requestId, type: "delivery_failed", data: JSON.stringify({ message_id: last?.id ?? null, kind: last?.kind ?? null, smtp_answer: answer, bounce_message_id: messageId }) });
      return;
    }
    case "auto_reply":
      await recordEvent(trx, { request_id: requestId, type: "auto_reply_received", data: data() });
      return;
    case "acknowledgement":
      await recordEvent(trx, { request_id: requestId, type: "acknowledgement_received", data: data() });
      return;
    case "reply": {
      await recordEvent(trx, { request_id: requestId, type: "reply_received", data: data() });
      await notifyCitizenOfReply(trx, requestId, messageId, { baseUrl: deps.baseUrl, queueEmail: deps.queueEmail });
      return;
    }
  }
}

/** Store and process in one call: the single entry point for the SMTP listener's worker, the CLI and tests. */
export async function ingest(db: Db, raw: Buffer, opts: { envelope?: Envelope | null; deps: IngestDeps }): Promise<IngestResult> {
  const stored = await storeRaw(db, raw, opts.envelope ?? null);
  const result = await processRaw(db, stored.id, opts.deps);
  return result;
}
