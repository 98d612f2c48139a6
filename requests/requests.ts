import { chooseFollowUpRecipient, followUpRecipients, limitFollowUps } from "./follow-up-recipients";
import { randomBytes } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { compareDates, todayInBrussels, toDayNumber } from "../authorities/civil-date";
import { dueDate } from "../authorities/deadline";
import { primaryName } from "../authorities/names";
import { isRegimeId } from "../authorities/regimes";
import type { Db } from "../db/connect";
import type { Authority, Database, Request, User } from "../db/schema";
import { queueEmail } from "../mail/outbound";
import { rememberPostalAddress } from "../moderation/privacy";
import { queueRedactionJobs } from "../moderation/jobs";
import { normalizePostalAddress, postalAddressNeed } from "../moderation/postal-address";
import { replyAddressFor } from "../mail/reply-address";
import type { Config } from "../core/config";
import type { JobQueue } from "../core/jobs";
import { RequestError } from "./errors";
import { actingUser, canFollowUp, isOwner } from "./policy";
import { chooseLetterLanguage, composeFollowUp, composeLetter, letterLanguages, type Letter, type LetterLanguage } from "./letter";
import { requestSentEmail } from "./emails";
import { CLASSIFICATION_STATES, REPLY_RECEIVED, canTransition, isWaiting, type ClassificationState, type RequestState } from "./states";
import { slugify as slugText } from "../core/text";
import { proposePostalAddress } from "../authorities/proposals";
import { decideChannel, type Channel, type ChannelChoice, type ChannelDecision } from "./channels";
import { emit, recordEvent, recordEvents } from "../core/events";

type Trx = Transaction<Database>;
type MailSettings = Pick<Config, "secret" | "mailDomain" | "baseUrl" | "dailyRequestCap">;

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

export function requestUrl(config: Pick<Config, "baseUrl">, requestId: number): string {
  return `${config.baseUrl}/requests/${requestId}`;
}

export function replyAddress(config: Pick<Config, "secret" | "mailDomain">, requestId: number): string {
  return replyAddressFor(config.secret, requestId, config.mailDomain);
}

function slugify(title: string, randomBytesCount = 3): string {
  const base = slugText(title, 60);
  return `${base || "request"}-${randomBytes(randomBytesCount).toString("hex")}`;
}

function newMessageId(requestId: number, domain: string): string {
  return `<r${requestId}.${randomBytes(8).toString("hex")}@${domain}>`;
}

async function addEvent(trx: Trx | Db, requestId: number, type: string, actor: number | null, data: object = {}): Promise<void> {
  await recordEvent(trx, { request_id: requestId, type, actor_user_id: actor, data: JSON.stringify(data) });
}

/** Moves a request to `to`, refusing what the transition table forbids; records who and when. */
export async function changeState(trx: Trx, request: Pick<Request, "id" | "state">, to: RequestState, actor: number | null, data: object = {}): Promise<void> {
  if (!canTransition(request.state, to)) throw new RequestError("invalid_transition", `A request cannot go from "${request.state}" to "${to}"`);
  await trx.updateTable("requests").set({ state: to, updated_at: sql`now()` }).where("id", "=", request.id).execute();
  await addEvent(trx, request.id, "state_changed", actor, { from: request.state, to, ...data });
}

export type DraftInput = {
  userId: number;
  authorityId: number;
  title: string;
  body: string;
  language?: string | null;
  /** For regimes that require or ask for it; ignored elsewhere (moderation/postal-address.ts). */
  postalAddress?: string | null;
};

/**
 * The postal address a draft keeps, and the redaction jobs its first use
 * adds: the address is remembered on the profile with the rules that keep
 * it unpublished, before any letter carrying it can be sent.
 */
async function draftPostalAddress(trx: Trx, queue: Pick<JobQueue, "send"> | null, userId: number, authority: Authority, address: string | null | undefined): Promise<string | null> {
  if (postalAddressNeed(authority.regime) === "not_needed") return null;
  const clean = address ? normalizePostalAddress(address) : "";
  if (!clean) return null;
  const jobs = await rememberPostalAddress(trx, userId, clean);
  if (queue) await queueRedactionJobs(trx, queue, jobs);
  return clean;
}

/** A batch's postal address (one for all its letters that need it), remembered with its redaction rules like a draft's. */
export async function rememberBatchPostalAddress(trx: Trx, queue: Pick<JobQueue, "send">, userId: number, address: string | null | undefined): Promise<string | null> {
  const clean = address ? normalizePostalAddress(address) : "";
  if (!clean) return null;
  const jobs = await rememberPostalAddress(trx, userId, clean);
  await queueRedactionJobs(trx, queue, jobs);
  return clean;
}

function cleanText(input: { title: string; body: string }): { title: string; body: string } {
  const title = input.title.replace(/\s+/g, " ").trim();
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (title.length < 3 || title.length > TITLE_MAX) throw new RequestError("invalid_input", `The title must have 3 to ${TITLE_MAX} characters`);
  if (body.length < 10 || body.length > BODY_MAX) throw new RequestError("invalid_input", `The request must have 10 to ${BODY_MAX} characters`);
  return { title, body };
}

export async function loadAuthority(db: Db | Trx, authorityId: number): Promise<Authority> {
  const authority = await db.selectFrom("authorities").selectAll().where("id", "=", authorityId).executeTakeFirst();
  if (!authority) throw new RequestError("not_found", "No such authority");
  return authority;
}

/** Saves a new draft (nothing is sent). */
export async function createDraft(db: Db, input: DraftInput, queue: Pick<JobQueue, "send"> | null = null): Promise<Request> {
  const { title, body } = cleanText(input);
  const authority = await loadAuthority(db, input.authorityId);
  const language = chooseLetterLanguage(letterLanguages(authority), input.language);
  return db.transaction().execute(async (trx) => {
    const postalAddress = await draftPostalAddress(trx, queue, input.userId, authority, input.postalAddress);
    const request = await trx
      .insertInto("requests")
      .values({ authority_id: authority.id, user_id: input.userId, title, body, language, state: "draft", public_slug: slugify(title), postal_address: postalAddress })
      .returningAll()
      .executeTakeFirstOrThrow();
    await addEvent(trx, request.id, "created", input.userId);
    return request;
  });
}

/** Changes a draft the user owns. */
export async function updateDraft(
  db: Db,
  input: { requestId: number; userId: number; title: string; body: string; language?: string | null; postalAddress?: string | null },
  queue: Pick<JobQueue, "send"> | null = null,
): Promise<Request> {
  const { title, body } = cleanText(input);
  const request = await getOwnRequest(db, input.requestId, input.userId);
  if (request.state !== "draft") throw new RequestError("not_draft", "Only a draft can be edited");
  const authority = await loadAuthority(db, request.authority_id);
  const language = chooseLetterLanguage(letterLanguages(authority), input.language ?? request.language);
  return db.transaction().execute(async (trx) => {
    const postalAddress = await draftPostalAddress(trx, queue, input.userId, authority, input.postalAddress);
    const updated = await trx
      .updateTable("requests")
      .set({ title, body, language, postal_address: postalAddress, updated_at: sql`now()` })
      .where("id", "=", request.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (updated.title !== request.title) await emit(trx, { type: "request.changed", requestId: request.id, data: { fields: ["title"] } });
    return updated;
  });
}

/** The access regime of a request's authority, when the request is this user's (the draft form's schema depends on it). */
export async function draftRegime(db: Db, requestId: number, userId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom("requests")
    .innerJoin("authorities", "authorities.id", "requests.authority_id")
    .select(["authorities.regime", "requests.user_id"])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
  return row && isOwner(actingUser(userId), row) ? row.regime : undefined;
}

export async function getOwnRequest(db: Db | Trx, requestId: number, userId: number): Promise<Request> {
  const request = await db.selectFrom("requests").selectAll().where("id", "=", requestId).executeTakeFirst();
  if (!request) throw new RequestError("not_found", "No such request");
  if (!isOwner(actingUser(userId), request)) throw new RequestError("forbidden", "This request belongs to someone else");
  return request;
}

/** The exact letter for a request, as it would leave today (or as it left). */
export async function letterFor(
  db: Db | Trx,
  config: Pick<Config, "baseUrl"> & Partial<Pick<Config, "secret" | "mailDomain">>,
  request: Request,
  channel: Channel = request.channel === "post" ? "post" : "email",
): Promise<{ letter: Letter; expectedDue: string | null; authority: Authority; displayName: string }> {
  const authority = await loadAuthority(db, request.authority_id);
  const user = await db.selectFrom("users").select(["display_name"]).where("id", "=", request.user_id).executeTakeFirstOrThrow();
  const received = request.received_date ?? todayInBrussels();
  const expectedDue = request.due_date ?? (isRegimeId(authority.regime) ? dueDate(authority.regime, received) : null);
  const regime = isRegimeId(authority.regime) ? authority.regime : "federal";
  const letter = composeLetter({
    regime,
    language: request.language as LetterLanguage,
    title: request.title,
    body: request.body,
    displayName: user.display_name,
    dueDate: expectedDue,
    publicUrl: requestUrl(config, request.id),
    postalAddress: postalAddressNeed(authority.regime) === "not_needed" ? null : request.postal_address,
    // A printed letter names the address to answer to (an e-mail answers its own message).
    replyByEmailTo: channel === "post" && config.secret && config.mailDomain ? replyAddress({ secret: config.secret, mailDomain: config.mailDomain }, request.id) : null,
  });
  return { letter, expectedDue, authority, displayName: user.display_name };
}

/** A letter the law requires to carry the requester's postal address has none (Brussels). */
export function postalAddressMissing(authority: Pick<Authority, "regime">, request: Pick<Request, "postal_address">): boolean {
  return postalAddressNeed(authority.regime) === "required" && !request.postal_address;
}

/**
 * Why a request cannot go to this authority through the chosen channel, or
 * null (requests/channels.ts decides). Without a choice: the default channel
 * (a verified e-mail, otherwise post), which only an inactive authority or a
 * post letter with no known address can block.
 */
export function cannotSendTo(
  authority: Pick<Authority, "email" | "email_verified" | "email_source" | "address" | "active">,
  choice: ChannelChoice = {},
): "no_email" | "inactive_authority" | "unverified_email" | "no_postal_address" | null {
  const decision = decideChannel(authority, choice);
  return decision.ok ? null : decision.reason;
}

const REFUSAL_MESSAGE = {
  no_email: "Dossier knows no e-mail address for this authority: send it by post",
  inactive_authority: "This authority no longer exists",
  unverified_email: "This e-mail address is not verified: agree to its source before writing to it, or send the request by post",
  no_postal_address: "Dossier knows no postal address for this authority: type it (at least a street line and a line with the postcode)",
} as const;

/**
 * Requests the citizen sent in the last 24 hours, toward DAILY_REQUEST_CAP.
 * A batch counts once, the day it is created: its letters leave over time
 * (batches/), bounded by the batch allowance an administrator sets.
 */
export async function sentToday(db: Db | Trx, userId: number): Promise<number> {
  const row = await db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("type", "=", "sent")
    .where("actor_user_id", "=", userId)
    .where("at", ">", sql<Date>`now() - interval '1 day'`)
    .where(sql<unknown>`data->'batch'`, "is", null)
    .executeTakeFirstOrThrow();
  const batches = await db
    .selectFrom("batches")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("created_at", ">", sql<Date>`now() - interval '1 day'`)
    .executeTakeFirstOrThrow();
  return Number(row.n) + Number(batches.n);
}

export type SendInput = { requestId: number; userId: number } & ChannelChoice;

export type SentRequest = { request: Request; replyAddress: string; messageId: string; channel: Channel };

type ChannelChosen = Extract<ChannelDecision, { ok: true }>;

/**
 * What every sending does once the channel is decided, in the caller's
 * transaction: the channel on the request, the letter written in the
 * authority's language, the state and the "sent" event, then the letter
 * queued to the authority (e-mail; `queue` is needed then) or kept on the
 * timeline to print (post: nothing leaves Dossier).
 */
async function dispatchLetter(
  trx: Trx,
  queue: JobQueue | null,
  config: MailSettings,
  input: { request: Request; user: Pick<User, "id" | "display_name">; authority: Authority; decision: ChannelChosen; batchId?: number },
): Promise<{ address: string; messageId: string }> {
  const { request, user, authority, decision } = input;
  const batch = input.batchId === undefined ? {} : { batch: input.batchId };
  const address = replyAddress(config, request.id);
  const messageId = newMessageId(request.id, config.mailDomain);
  if (decision.channel === "email") {
    await trx.updateTable("requests").set({ channel: "email" }).where("id", "=", request.id).execute();
    if (decision.consentAddress) await addEvent(trx, request.id, "unverified_email_consent", user.id, { address: decision.consentAddress, source: authority.email_source, ...batch });
  } else {
    await trx.updateTable("requests").set({ channel: "post", recipient_postal_address: decision.postalAddress }).where("id", "=", request.id).execute();
  }
  const current = await trx.selectFrom("requests").selectAll().where("id", "=", request.id).executeTakeFirstOrThrow();
  const { letter } = await letterFor(trx, config, current, decision.channel);
  await changeState(trx, request, "awaiting_response", user.id);
  await addEvent(trx, request.id, "sent", user.id, { to: "authority", channel: decision.channel, ...batch });
  if (decision.channel === "post") {
    await keepPrintedLetter(trx, { requestId: request.id, fromAddress: address, fromName: user.display_name, letter, messageId });
  } else {
    if (!queue) throw new Error("A letter by e-mail needs the job queue");
    await queueEmail(trx, queue, { requestId: request.id, kind: "request", from: { name: user.display_name, address }, to: [decision.address], replyTo: address, subject: letter.subject, text: letter.text, messageId });
  }
  return { address, messageId };
}

/**
 * Sends a draft: in one transaction the request becomes awaiting_response
 * and its channel is fixed (requests/channels.ts). By e-mail, the letter is
 * queued in the outbox and the citizen's copy too; the deadline starts when
 * the outbox actually delivers it. An unverified address needs the
 * citizen's consent, recorded here (who, when, which address). By post, the
 * letter is kept on the timeline for the citizen to print; the deadline
 * starts from the presumed receipt once they record the posting date
 * (recordPosting). A postal address the citizen typed becomes a change
 * proposal for the directory.
 */
export async function sendRequest(db: Db, queue: JobQueue, config: MailSettings, input: SendInput): Promise<SentRequest> {
  return db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("requests").selectAll().where("id", "=", input.requestId).forUpdate().executeTakeFirst();
    if (!request) throw new RequestError("not_found", "No such request");
    if (!isOwner(actingUser(input.userId), request)) throw new RequestError("forbidden", "This request belongs to someone else");
    if (request.state !== "draft") throw new RequestError("not_draft", "This request has already been sent");
    const user = await trx.selectFrom("users").selectAll().where("id", "=", request.user_id).executeTakeFirstOrThrow();
    if (!user.confirmed_at) throw new RequestError("unconfirmed", "Confirm your e-mail address before sending a request");
    const authority = await loadAuthority(trx, request.authority_id);
    const decision = decideChannel(authority, input);
    if (!decision.ok) throw new RequestError(decision.reason, REFUSAL_MESSAGE[decision.reason]);
    // One lock per user so that two tabs cannot both pass the cap.
    await sql`select pg_advisory_xact_lock(200, ${user.id})`.execute(trx);
    if ((await sentToday(trx, user.id)) >= config.dailyRequestCap) {
      throw new RequestError("daily_cap", `At most ${config.dailyRequestCap} requests a day`);
    }
    if (decision.channel === "email") {
      // The consent is the citizen's, given now, on this request.
      await trx
        .updateTable("requests")
        .set({ email_consent_address: decision.consentAddress, email_consent_at: decision.consentAddress ? sql`now()` : null, email_consent_user_id: decision.consentAddress ? user.id : null })
        .where("id", "=", request.id)
        .execute();
    } else if (decision.proposeAddress && decision.postalAddress) {
      await proposePostalAddress(trx, { authorityId: authority.id, address: decision.postalAddress, proposerUserId: user.id, comment: `Typed by the requester of request #${request.id} (letter by post)` });
    }
    const { address, messageId } = await dispatchLetter(trx, queue, config, { request, user, authority, decision });
    if (decision.channel === "email") {
      await queueEmail(trx, queue, {
        email: requestSentEmail,
        params: { title: request.title, authority: primaryName(authority), url: requestUrl(config, request.id) },
        to: { userId: user.id, address: user.email, locale: user.locale },
      });
    }
    const updated = await trx.selectFrom("requests").selectAll().where("id", "=", request.id).executeTakeFirstOrThrow();
    return { request: updated, replyAddress: address, messageId, channel: decision.channel };
  });
}

/** `consentAddress`: the unverified address the citizen agreed to when creating the batch (requests/channels.ts). */
export type BatchDraft = { authorityId: number; language: string; postalAddress: string | null; consentAddress: string | null };

/**
 * The drafts of a batch (batches/), one per authority, written in bulk in
 * the caller's transaction: a few statements whatever the number of
 * authorities. Each is an ordinary draft (private, with its own slug and,
 * once sent, its own reply address) marked with its batch.
 */
export async function createBatchDrafts(trx: Trx, input: { userId: number; batchId: number; title: string; body: string; drafts: BatchDraft[] }): Promise<Array<{ id: number; authority_id: number }>> {
  const { title, body } = cleanText(input);
  // Hundreds of requests share this title: a longer random suffix keeps their slugs apart.
  const created: Array<{ id: number; authority_id: number }> = [];
  for (let i = 0; i < input.drafts.length; i += 1000) {
    const chunk = input.drafts.slice(i, i + 1000);
    const rows = await trx
      .insertInto("requests")
      .values(chunk.map((d) => ({ authority_id: d.authorityId, user_id: input.userId, title, body, language: d.language, state: "draft", public_slug: slugify(title, 8), postal_address: d.postalAddress, batch_id: input.batchId, email_consent_address: d.consentAddress, email_consent_at: d.consentAddress ? new Date() : null, email_consent_user_id: d.consentAddress ? input.userId : null })))
      .returning(["id", "authority_id"])
      .execute();
    await recordEvents(trx, rows.map((r) => ({ request_id: r.id, type: "created", actor_user_id: input.userId, data: JSON.stringify({ batch: input.batchId }) })));
    created.push(...rows);
  }
  return created;
}

/** Checks the title and body of a batch before anything is written (same rules as a single request). */
export function checkRequestText(input: { title: string; body: string }): { title: string; body: string } {
  return cleanText(input);
}

/**
 * Sends one draft of a batch, in the caller's transaction (the batch room
 * holds the throttle's locks). Unlike `sendRequest` it neither counts toward
 * the daily cap (the batch did, once) nor e-mails the citizen a copy per
 * letter (the batch page and its digest tell them). Returns null when the
 * draft can no longer be sent (already sent, deleted, authority without
 * e-mail), with the reason.
 */
export async function sendBatchLetter(
  trx: Trx,
  queue: JobQueue,
  config: MailSettings,
  input: { requestId: number; batchId: number },
): Promise<{ ok: true; messageId: string } | { ok: false; reason: string }> {
  const request = await trx.selectFrom("requests").selectAll().where("id", "=", input.requestId).forUpdate().executeTakeFirst();
  if (!request || request.batch_id !== input.batchId) return { ok: false, reason: "not_found" };
  if (request.state !== "draft") return { ok: false, reason: "not_draft" };
  const user = await trx.selectFrom("users").selectAll().where("id", "=", request.user_id).executeTakeFirstOrThrow();
  if (!user.confirmed_at) return { ok: false, reason: "unconfirmed" };
  if (user.banned_at) return { ok: false, reason: "banned" };
  const authority = await loadAuthority(trx, request.authority_id);
  // The channel is decided where every request's is: a verified address, or the unverified one the citizen agreed to.
  const decision = decideChannel(authority, { channel: "email", consentTo: request.email_consent_address });
  if (!decision.ok) return { ok: false, reason: decision.reason };
  if (decision.channel !== "email") return { ok: false, reason: "no_email" };
  const { messageId } = await dispatchLetter(trx, queue, config, { request, user, authority, decision, batchId: input.batchId });
  return { ok: true, messageId };
}

/** The printed letter on the timeline; never in the outbox (no 'queued' status), so nothing e-mails it. */
async function keepPrintedLetter(trx: Trx, input: { requestId: number; fromAddress: string; fromName: string; letter: { subject: string; text: string }; messageId: string }): Promise<void> {
  await trx
    .insertInto("messages")
    .values({
      request_id: input.requestId,
      direction: "outbound",
      kind: "request",
      from_address: input.fromAddress,
      from_name: input.fromName,
      to_addresses: [],
      subject: input.letter.subject,
      body_text: input.letter.text,
      message_id: input.messageId,
      delivery_status: "by_post",
    })
    .execute();
}

/**
 * The letter by post of a batch draft (an authority without a usable
 * e-mail, when the requester chose to print for those): the request is
 * sent as one by post is — the letter kept on the timeline to print, the
 * deadline counted once the posting day is recorded (post.ts). Nothing is
 * throttled: nothing leaves Dossier.
 */
export async function sendBatchPostLetter(trx: Trx, config: MailSettings, input: { requestId: number; batchId: number }): Promise<{ ok: true } | { ok: false; reason: string }> {
  const request = await trx.selectFrom("requests").selectAll().where("id", "=", input.requestId).forUpdate().executeTakeFirst();
  if (!request || request.batch_id !== input.batchId) return { ok: false, reason: "not_found" };
  if (request.state !== "draft") return { ok: false, reason: "not_draft" };
  const user = await trx.selectFrom("users").selectAll().where("id", "=", request.user_id).executeTakeFirstOrThrow();
  const authority = await loadAuthority(trx, request.authority_id);
  const decision = decideChannel(authority, { channel: "post" });
  if (!decision.ok || decision.channel !== "post") return { ok: false, reason: decision.ok ? "no_postal_address" : decision.reason };
  await dispatchLetter(trx, null, config, { request, user, authority, decision, batchId: input.batchId });
  return { ok: true };
}

/** Deletes the unsent drafts of a batch (its unsent part, cancelled): drafts were never public. */
export async function deleteBatchDrafts(trx: Trx, batchId: number, requestIds: number[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < requestIds.length; i += 1000) {
    const ids = requestIds.slice(i, i + 1000);
    const drafts = await trx.selectFrom("requests").select("id").where("id", "in", ids).where("batch_id", "=", batchId).where("state", "=", "draft").forUpdate().execute();
    if (drafts.length === 0) continue;
    const draftIds = drafts.map((d) => d.id);
    await trx.deleteFrom("events").where("request_id", "in", draftIds).execute();
    deleted += Number((await trx.deleteFrom("requests").where("id", "in", draftIds).executeTakeFirst()).numDeletedRows);
  }
  return deleted;
}

/** Draft and send in one go (the CLI, and scripts). */
export async function createRequest(db: Db, queue: JobQueue, config: MailSettings, input: DraftInput & ChannelChoice): Promise<SentRequest> {
  const authority = await loadAuthority(db, input.authorityId);
  // Refuse before a draft is saved: the CLI leaves nothing behind on a refusal.
  const decision = decideChannel(authority, input);
  if (!decision.ok) throw new RequestError(decision.reason, REFUSAL_MESSAGE[decision.reason]);
  const draft = await createDraft(db, input, queue);
  return sendRequest(db, queue, config, { requestId: draft.id, userId: input.userId, channel: input.channel, consentTo: input.consentTo, authorityAddress: input.authorityAddress });
}

/** The owner says what the authority's answer amounts to. */
export async function classifyRequest(db: Db, input: { requestId: number; userId: number; state: string }): Promise<Request> {
  if (!(CLASSIFICATION_STATES as readonly string[]).includes(input.state)) throw new RequestError("invalid_input", `Unknown classification "${input.state}"`);
  return db.transaction().execute(async (trx) => {
    const request = await getOwnRequest(trx, input.requestId, input.userId);
    if (request.state === input.state) {
      await addEvent(trx, request.id, "classified", input.userId, { state: input.state });
    } else {
      await changeState(trx, request, input.state as ClassificationState, input.userId, { classified: true });
      await addEvent(trx, request.id, "classified", input.userId, { state: input.state });
    }
    return trx.selectFrom("requests").selectAll().where("id", "=", request.id).executeTakeFirstOrThrow();
  });
}

/**
 * A follow-up letter to the authority, threaded onto the conversation
 * (In-Reply-To the latest message, References all of them) and sent from the
 * same reply address, to the directory address or to a replier from the
 * authority's domain the citizen chose (follow-up-recipients.ts); at most
 * three a day per request.
 */
export async function sendFollowUp(db: Db, queue: JobQueue, config: MailSettings, input: { requestId: number; userId: number; body: string; to?: string | null }): Promise<{ messageId: string }> {
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (body.length < 5 || body.length > BODY_MAX) throw new RequestError("invalid_input", `A follow-up must have 5 to ${BODY_MAX} characters`);
  return db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("requests").selectAll().where("id", "=", input.requestId).forUpdate().executeTakeFirst();
    if (!request) throw new RequestError("not_found", "No such request");
    if (!isOwner(actingUser(input.userId), request)) throw new RequestError("forbidden", "This request belongs to someone else");
    if (!canFollowUp(actingUser(input.userId), request)) throw new RequestError("not_sent", "Only a sent, open request can be followed up");
    const user = await trx.selectFrom("users").selectAll().where("id", "=", request.user_id).executeTakeFirstOrThrow();
    const authority = await loadAuthority(trx, request.authority_id);
    const thread = await trx
      .selectFrom("messages")
      .select(["message_id", "direction", "from_address", "dmarc_failed"])
      .where("request_id", "=", request.id)
      .where("message_id", "is not", null)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    // Inbound Message-IDs are stored without angle brackets, ours with them.
    const ids = thread.map((m) => `<${m.message_id!.trim().replace(/^<|>$/g, "")}>`).filter((v, i, a) => a.indexOf(v) === i);
    // The directory address, or a replier from the authority's domain the citizen chose; never a stranger or a forged From.
    const to = chooseFollowUpRecipient(await followUpRecipients(trx, request, authority), input.to, authority);
    await limitFollowUps(trx, request.id);
    const address = replyAddress(config, request.id);
    const messageId = newMessageId(request.id, config.mailDomain);
    const letter = composeFollowUp({ language: request.language as LetterLanguage, title: request.title, body, displayName: user.display_name, publicUrl: requestUrl(config, request.id) });
    await queueEmail(trx, queue, {
      requestId: request.id,
      kind: "follow_up",
      from: { name: user.display_name, address },
      to: [to],
      replyTo: address,
      subject: letter.subject,
      text: letter.text,
      messageId,
      inReplyTo: ids.at(-1) ?? null,
      references: ids,
    });
    await addEvent(trx, request.id, "follow_up", user.id);
    if (request.state === "waiting_clarification") await changeState(trx, request, "awaiting_response", user.id, { reason: "clarified" });
    return { messageId };
  });
}

/** The owner withdraws the request; it stays public, marked withdrawn. */
export async function withdrawRequest(db: Db, input: { requestId: number; userId: number }): Promise<Request> {
  return db.transaction().execute(async (trx) => {
    const request = await getOwnRequest(trx, input.requestId, input.userId);
    await changeState(trx, request, "withdrawn", input.userId);
    return trx.selectFrom("requests").selectAll().where("id", "=", request.id).executeTakeFirstOrThrow();
  });
}

/** Deletes a draft the user owns (drafts were never public). */
export async function deleteDraft(db: Db, input: { requestId: number; userId: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const request = await getOwnRequest(trx, input.requestId, input.userId);
    if (request.state !== "draft") throw new RequestError("not_draft", "Only a draft can be deleted");
    await trx.deleteFrom("events").where("request_id", "=", request.id).execute();
    await trx.deleteFrom("requests").where("id", "=", request.id).execute();
  });
}

/** Earlier requests by the same citizen to the same authority with a similar title (last 90 days). */
export async function similarRequests(db: Db, input: { userId: number; authorityId: number; title: string; excludeId?: number }) {
  let q = db
    .selectFrom("requests")
    .select(["id", "title", "state", "created_at"])
    .where("user_id", "=", input.userId)
    .where("authority_id", "=", input.authorityId)
    .where("created_at", ">", sql<Date>`now() - interval '90 days'`)
    .where(sql<boolean>`similarity(lower(title), lower(${input.title})) > 0.45`)
    .orderBy("created_at", "desc")
    .limit(5);
  if (input.excludeId) q = q.where("id", "<>", input.excludeId);
  return q.execute();
}

export type RequestStatus = {
  state: string;
  /** The owner has a reply to classify. */
  awaitingClassification: boolean;
  /** The due date in force (extended when announced). */
  due: string | null;
  daysLeft: number | null;
  overdue: boolean;
  overdueSince: string | null;
};

/** Computed status: overdue and "awaiting classification" are never stored. */
export function requestStatus(
  request: Pick<Request, "state" | "due_date" | "extended_due_date">,
  opts: { today?: string; unclassifiedReply?: boolean } = {},
): RequestStatus {
  const today = opts.today ?? todayInBrussels();
  const due = request.extended_due_date ?? request.due_date;
  const waiting = isWaiting(request.state);
  const overdue = waiting && due !== null && compareDates(today, due) > 0;
  return {
    state: request.state,
    awaitingClassification: (opts.unclassifiedReply === true && request.state !== "withdrawn") || request.state === REPLY_RECEIVED,
    due,
    daysLeft: waiting && due && !overdue ? toDayNumber(due) - toDayNumber(today) : null,
    overdue,
    overdueSince: overdue ? due : null,
  };
}

/** True when an inbound reply arrived after the owner's last classification. */
export async function hasUnclassifiedReply(db: Db, requestId: number): Promise<boolean> {
  const lastReply = await db
    .selectFrom("messages")
    .select((eb) => eb.fn.max("created_at").as("at"))
    .where("request_id", "=", requestId)
    .where("direction", "=", "inbound")
    .where("kind", "=", "reply")
    .where("hidden", "=", false)
    .executeTakeFirst();
  if (!lastReply?.at) return false;
  const lastClassified = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("at").as("at"))
    .where("request_id", "=", requestId)
    .where("type", "=", "classified")
    .executeTakeFirst();
  return !lastClassified?.at || new Date(lastClassified.at as unknown as string) < new Date(lastReply.at as unknown as string);
}
