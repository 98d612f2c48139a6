/**
 * Escalation against the database: the facts of a request as the letters
 * need them, the polite reminder ("nudge") to the authority, and sending an
 * appeal. Letters leave from the request's own reply address, threaded on
 * the conversation, so every answer (the authority's or the appeal body's)
 * comes back onto the request. Mail waits in the outbox until commit.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { APPEAL_BODIES } from "../../authorities/appeal-bodies";
import { displayName } from "../../authorities/names";
import { isRegimeId } from "../../authorities/regimes";
import type { Database } from "../../db/schema";
import { queueEmail } from "../../mail/outbound";
import { emailForLaterLetters, usablePostalAddress } from "../channels";
import type { Config } from "../../core/config";
import type { JobQueue } from "../../core/jobs";
import { loadTracked, refreshRequestById, trackingInputOf } from "../deadlines/store";
import { brusselsDate, canEscalate, computeStoredDates, overdueStatus } from "../deadlines/tracking";
import { RequestError } from "../errors";
import { actingUser, escalationWindowOpen, isOwner } from "../policy";
import { changeState, replyAddress, requestUrl } from "../requests";
import { canTransition } from "../states";
import { attachToLetter } from "../../mail/outbound-attachments";
import { composeReminder, planEscalation, type Addressee, type Annex, type EscalationFacts, type EscalationPlan, type Letter, type OriginalFile } from "./letters";
import { renderLettersPdf } from "./pdf";
import type { LetterLanguage } from "./routes";
import { DossierError } from "../../core/errors";
import { recordEvent } from "../../core/events";

type Db = Kysely<Database>;
type MailSettings = Pick<Config, "secret" | "mailDomain" | "baseUrl">;

export type EscalationErrorCode = "not_eligible" | "already_pending" | "not_overdue" | "no_recipient" | "empty_letter" | "no_email";

/** A reason the wizard cannot send this appeal or reminder now; the code maps to a UI string. */
export class EscalationError extends DossierError {
  declare readonly code: EscalationErrorCode;
  constructor(code: EscalationErrorCode, message: string) {
    super(code, message, { status: code === "empty_letter" ? 400 : 409 });
  }
}

const ANNEX_TITLES: Record<LetterLanguage, Record<string, string>> = {
  fr: { request: "Demande", reply: "Réponse de l’autorité", follow_up: "Courrier de suivi", reminder: "Rappel", appeal: "Recours", other: "Courrier" },
  nl: { request: "Verzoek", reply: "Antwoord van de overheid", follow_up: "Opvolgbrief", reminder: "Herinnering", appeal: "Beroep", other: "Brief" },
  de: { request: "Antrag", reply: "Antwort der Behörde", follow_up: "Folgeschreiben", reminder: "Erinnerung", appeal: "Beschwerde", other: "Schreiben" },
};

function letterLanguage(value: string): LetterLanguage {
  return value === "nl" || value === "de" ? value : "fr";
}

/** Everything the letters of a request need, for its owner, on `today`. */
export async function escalationFacts(db: Db, config: MailSettings, requestId: number, userId: number, today: string): Promise<{ facts: EscalationFacts; state: string; threadIds: string[]; lastInboundFrom: string | null }> {
  const request = await db.selectFrom("requests").selectAll().where("id", "=", requestId).executeTakeFirst();
  if (!request) throw new RequestError("not_found", "No such request");
  if (!isOwner(actingUser(userId), request)) throw new RequestError("forbidden", "This request belongs to someone else");
  const authority = await db.selectFrom("authorities").selectAll().where("id", "=", request.authority_id).executeTakeFirstOrThrow();
  if (!isRegimeId(authority.regime)) throw new RequestError("invalid_input", `Unknown regime ${authority.regime}`);
  const user = await db.selectFrom("users").select(["display_name"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const tracked = (await loadTracked(db, requestId))!;
  const language = letterLanguage(request.language);
  const messages = await db
    .selectFrom("messages")
    .select(["id", "direction", "kind", "from_name", "from_address", "to_addresses", "subject", "body_text", "message_id", "sent_at", "created_at"])
    .where("request_id", "=", requestId)
    .where("hidden", "=", false)
    .where((eb) => eb.or([eb("direction", "=", "inbound"), eb("delivery_status", "in", ["sent", "by_post"])]))
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const authorityName = displayName(authority, language);
  const titles = ANNEX_TITLES[language];
  const correspondence: Annex[] = messages
    .filter((m) => m.direction === "outbound" || m.kind === "reply" || m.kind === "acknowledgement")
    .map((m) => ({
      title: titles[m.direction === "inbound" ? "reply" : m.kind] ?? titles.other!,
      date: brusselsDate(m.sent_at ?? m.created_at),
      from: m.direction === "inbound" ? (m.from_name ?? m.from_address ?? authorityName) : user.display_name,
      to: m.direction === "inbound" ? user.display_name : authorityName,
      subject: m.subject ?? "",
      text: m.body_text,
    }));
  const originals = await originalFiles(
    db,
    messages.filter((m) => m.direction === "inbound" && (m.kind === "reply" || m.kind === "acknowledgement")).map((m) => ({ id: m.id, date: brusselsDate(m.created_at), from: m.from_name ?? m.from_address ?? authorityName })),
  );
  if (!correspondence.some((a) => a.title === titles.request)) {
    correspondence.unshift({ title: titles.request!, date: request.received_date ?? today, from: user.display_name, to: authorityName, subject: request.title, text: request.body });
  }
  // Appeal bodies' contact details as the directory knows them (an admin may have verified an e-mail).
  // Only a verified address is written to: an unverified one makes the appeal a letter by post (the outbox's guard refuses it anyway).
  const bodies = await db.selectFrom("authorities").select(["slug", "email", "email_verified", "address", "website"]).where("slug", "in", Object.keys(APPEAL_BODIES)).execute();
  const bodyContacts: EscalationFacts["bodyContacts"] = {};
  for (const b of bodies) {
    bodyContacts[b.slug] = {
      ...(b.email && b.email_verified ? { email: b.email } : {}),
      ...(b.address ? { postalAddress: b.address } : {}),
      ...(b.website ? { website: b.website } : {}),
    };
  }
  const threadIds = messages.map((m) => m.message_id).filter((v): v is string => !!v).filter((v, i, a) => a.indexOf(v) === i);
  const lastInboundFrom = [...messages].reverse().find((m) => m.direction === "inbound" && m.kind === "reply" && m.from_address)?.from_address ?? null;
  return {
    state: request.state,
    threadIds,
    lastInboundFrom,
    facts: {
      requestId,
      regime: authority.regime,
      language,
      title: request.title,
      body: request.body,
      citizenName: user.display_name,
      replyAddress: replyAddress(config, requestId),
      requestUrl: requestUrl(config, requestId),
      // The directory's address only when verified or agreed to (requests/channels.ts); otherwise the letter goes by post.
      authority: { name: authorityName, email: emailForLaterLetters(authority, request), postalAddress: request.recipient_postal_address ?? usablePostalAddress(authority.address) },
      state: request.state,
      // Computed live from the facts, so the letters are right even before the daily job stored them.
      dates: computeStoredDates(trackingInputOf(tracked)!),
      decisionDate: tracked.decision_date,
      appealNoticeMissing: tracked.appeal_notice_missing,
      environmental: tracked.environmental,
      correspondence,
      originals,
      today,
      bodyContacts,
    },
  };
}

/**
 * What an appeal e-mail may carry of the authority's files, in bytes: relays
 * commonly refuse messages over 20-25 MB, and base64 adds a third. Files past
 * the budget are listed in the letter, not attached.
 */
export const ORIGINALS_EMAIL_BUDGET = 15 * 1024 * 1024;

/**
 * The files the authority sent with its messages, as received: the appeal
 * body is not the public, so files withheld from the public page go too.
 */
async function originalFiles(db: Db, messages: Array<{ id: number; date: string; from: string }>): Promise<OriginalFile[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .selectFrom("attachments")
    .select(["message_id", "filename", "content_type", "size", "sha256", "file_key"])
    .where("message_id", "in", messages.map((m) => m.id))
    .orderBy("position")
    .orderBy("id")
    .execute();
  const order = new Map(messages.map((m, i) => [m.id, i]));
  rows.sort((a, b) => order.get(a.message_id)! - order.get(b.message_id)!);
  const fits = withinEmailBudget(rows.map((r) => r.size));
  return rows.map((r, i) => {
    const message = messages[order.get(r.message_id)!]!;
    return { filename: r.filename, contentType: r.content_type, size: r.size, sha256: r.sha256, fileKey: r.file_key, date: message.date, from: message.from, attached: fits[i]! };
  });
}

/** Which files the e-mail carries, in order: one that would overflow the budget is only listed; a smaller later one may still fit. */
export function withinEmailBudget(sizes: number[], budget = ORIGINALS_EMAIL_BUDGET): boolean[] {
  let left = budget;
  return sizes.map((size) => {
    if (size > left) return false;
    left -= size;
    return true;
  });
}

function newMessageId(requestId: number, domain: string): string {
  return `<r${requestId}.${randomBytes(8).toString("hex")}@${domain}>`;
}

export interface LetterEdit {
  subject: string;
  body: string;
}

function applyEdit(letter: Letter, edit: LetterEdit | undefined): Letter {
  if (!edit) return letter;
  const subject = edit.subject.replace(/\s+/g, " ").trim();
  const body = edit.body.replace(/\r\n/g, "\n").trim();
  if (subject.length === 0 || body.length === 0) throw new EscalationError("empty_letter", "A letter cannot be empty");
  return { ...letter, subject, body };
}

/** The reminder the citizen may send (for the preview), or why not. */
export async function nudgeDraft(db: Db, config: MailSettings, input: { requestId: number; userId: number; today: string }): Promise<{ letter: Letter; overdue: boolean }> {
  const { facts, state } = await escalationFacts(db, config, input.requestId, input.userId, input.today);
  return { letter: composeReminder(facts), overdue: overdueStatus(state, facts.dates, input.today).overdue };
}

/** Sends the polite reminder to the authority, threaded on the request. */
export async function sendNudge(db: Db, queue: JobQueue, config: MailSettings, input: { requestId: number; userId: number; today: string; edit?: LetterEdit }): Promise<{ messageId: string }> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("requests").select("id").where("id", "=", input.requestId).forUpdate().executeTakeFirst();
    const { facts, state, threadIds, lastInboundFrom } = await escalationFacts(trx, config, input.requestId, input.userId, input.today);
    if (!overdueStatus(state, facts.dates, input.today).overdue) throw new EscalationError("not_overdue", "The authority's deadline has not passed");
    const letter = applyEdit(composeReminder(facts), input.edit);
    const to = lastInboundFrom ?? facts.authority.email;
    if (!to) throw new EscalationError("no_email", "Dossier knows no e-mail address for this authority");
    const messageId = newMessageId(input.requestId, config.mailDomain);
    await queueEmail(trx, queue, {
      requestId: input.requestId,
      kind: "reminder",
      from: { name: facts.citizenName, address: facts.replyAddress },
      to: [to],
      replyTo: facts.replyAddress,
      subject: letter.subject,
      text: letter.body,
      messageId,
      inReplyTo: threadIds.at(-1) ?? null,
      references: threadIds,
    });
    await recordEvent(trx, { request_id: input.requestId, type: "nudge_sent", actor_user_id: input.userId, data: JSON.stringify({ message_id: messageId }) });
    return { messageId };
  });
}

/** The plan for the wizard's preview. */
export async function escalationDraft(db: Db, config: MailSettings, input: { requestId: number; userId: number; today: string }): Promise<{ plan: EscalationPlan; eligible: boolean; state: string }> {
  const { facts, state } = await escalationFacts(db, config, input.requestId, input.userId, input.today);
  return { plan: planEscalation(facts), eligible: escalationWindowOpen(state, facts.dates, input.today), state };
}

function pdfName(requestId: number, letter: Letter, index: number): string {
  return `dossier-${requestId}-${index + 1}-${letter.kind.replace(/_/g, "-")}.pdf`;
}

export interface SentAppeal {
  appealId: number;
  emailed: Array<{ kind: string; to: string; messageId: string }>;
  postal: Letter[];
}

/**
 * Sends the appeal: every letter that has an e-mail address goes now, in
 * one transaction (the federal pair the same day, by construction), each
 * with a PDF of the letter and the correspondence, and, for an appeal body,
 * the files the authority sent, as received; postal letters are left for
 * the citizen to print. The request becomes appeal_pending.
 */
export async function sendAppeal(db: Db, queue: JobQueue, config: MailSettings, input: { requestId: number; userId: number; today: string; edits?: Array<LetterEdit | undefined> }): Promise<SentAppeal> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom("requests").select(["id", "state"]).where("id", "=", input.requestId).forUpdate().executeTakeFirst();
    if (!locked) throw new RequestError("not_found", "No such request");
    const { facts, state, threadIds } = await escalationFacts(trx, config, input.requestId, input.userId, input.today);
    if (state === "appeal_pending") throw new EscalationError("already_pending", "An appeal is already pending");
    if (!canEscalate(state, facts.dates, input.today)) throw new EscalationError("not_eligible", "This request cannot be escalated yet");
    const plan = planEscalation(facts);
    const letters = plan.letters.map((l, i) => applyEdit(l, input.edits?.[i]));
    const emailable = letters.filter((l) => !l.postal && l.to.email);
    if (emailable.length === 0) throw new EscalationError("no_recipient", "None of these letters can be e-mailed");
    const emailed: SentAppeal["emailed"] = [];
    const references = [...threadIds];
    for (const [index, letter] of letters.entries()) {
      if (letter.postal || !letter.to.email) continue;
      const messageId = newMessageId(input.requestId, config.mailDomain);
      const ref = await queueEmail(trx, queue, {
        requestId: input.requestId,
        kind: "appeal",
        from: { name: facts.citizenName, address: facts.replyAddress },
        to: [letter.to.email],
        replyTo: facts.replyAddress,
        subject: letter.subject,
        text: letter.body,
        messageId,
        inReplyTo: threadIds.at(-1) ?? null,
        references,
      });
      const pdf = await renderLettersPdf([letter], input.today);
      await attachToLetter(trx, ref.id, [
        { filename: pdfName(input.requestId, letter, index), contentType: "application/pdf", content: pdf },
        ...letter.files.filter((f) => f.attached).map((f) => ({ filename: f.filename, contentType: f.contentType, fileKey: f.fileKey })),
      ]);
      emailed.push({ kind: letter.kind, to: letter.to.email, messageId });
    }
    const bodyId = plan.route === "no_commission" ? "dg-ombudsdienst" : (plan.letters.find((l) => l.to.id !== "authority")?.to.id ?? "");
    const appeal = await trx
      .insertInto("appeals")
      .values({
        request_id: input.requestId,
        regime: plan.regime,
        route: plan.route,
        body: bodyId,
        sent_on: input.today,
        body_decision_by: plan.bodyDecision?.by ?? null,
        environmental_body: plan.environmental?.body ?? null,
        letters: JSON.stringify(letters.map((l) => ({ kind: l.kind, to: summary(l.to), subject: l.subject, language: l.language, emailed: !l.postal && !!l.to.email, postal: l.postal }))),
        created_by_user_id: input.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (canTransition(state, "appeal_pending")) {
      await changeState(trx as Transaction<Database>, { id: input.requestId, state }, "appeal_pending", input.userId, { appeal_id: appeal.id });
    }
    await recordEvent(trx, { request_id: input.requestId, type: "appeal_sent", actor_user_id: input.userId, data: JSON.stringify({ appeal_id: appeal.id, route: plan.route, body: bodyId, letters: emailed.map((e) => e.kind) }) });
    await trx.updateTable("requests").set({ updated_at: sql`now()` }).where("id", "=", input.requestId).execute();
    await refreshRequestById(trx, input.requestId, input.today);
    return { appealId: appeal.id, emailed, postal: letters.filter((l) => l.postal || !l.to.email) };
  });
}

function summary(to: Addressee) {
  return { id: to.id, name: to.name, email: to.email };
}

/** The latest appeal of a request (for the timeline). */
export async function latestAppeal(db: Db, requestId: number) {
  return db.selectFrom("appeals").selectAll().where("request_id", "=", requestId).orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirst();
}
