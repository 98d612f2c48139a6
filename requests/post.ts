/**
 * Requests sent by post (requests/channels.ts): the citizen prints the
 * letter, posts it and records the day. The deadline counts from the
 * presumed receipt — the third working day after posting, the rule of
 * article 53bis of the Judicial Code for letters handed to the postal
 * services — shown to the citizen, who may replace it by the real day of
 * receipt (a registered letter's proof of delivery, a stamp).
 */
import { sql } from "kysely";
import { addWorkingDays } from "../authorities/calendar";
import { compareDates, isValidDate } from "../authorities/civil-date";
import { isRegimeId } from "../authorities/regimes";
import type { Db } from "../db/connect";
import type { Request } from "../db/schema";
import { recordEvent } from "../core/events";
import { refreshRequestById } from "./deadlines/store";
import { RequestError } from "./errors";
import { getOwnRequest, letterFor, replyAddress, requestUrl } from "./requests";
import type { Config } from "../core/config";
import { displayName } from "../authorities/names";
import { usablePostalAddress } from "./channels";
import { renderPostLetterPdf, renderPostLettersPdf, type PostLetterInput } from "./post-letter-pdf";
import type { LetterLanguage } from "./letter";
import { isWaiting } from "./states";

/** Working days between posting and presumed receipt (Judicial Code, art. 53bis, 2°). */
export const PRESUMED_RECEIPT_WORKING_DAYS = 3;

/** The day a letter posted on `postedOn` is presumed received, under the authority's calendar. */
export function presumedReceipt(postedOn: string, regime: string): string {
  return addWorkingDays(postedOn, PRESUMED_RECEIPT_WORKING_DAYS, isRegimeId(regime) ? regime : "federal");
}

export type PostingInput = {
  requestId: number;
  userId: number;
  postedOn: string;
  registered: boolean;
  /** The real day of receipt when the citizen knows it; otherwise the presumed one. */
  receivedOn?: string | null;
  today: string;
};

/**
 * Records (or corrects) when a posted letter left and arrived: the
 * request's received date, and so its deadlines, follow.
 */
export async function recordPosting(db: Db, input: PostingInput): Promise<Request> {
  if (!isValidDate(input.postedOn)) throw new RequestError("invalid_input", "The posting date must be a date (YYYY-MM-DD)");
  if (compareDates(input.postedOn, input.today) > 0) throw new RequestError("invalid_input", "The posting date cannot be in the future");
  const received = input.receivedOn ? input.receivedOn : null;
  if (received !== null && (!isValidDate(received) || compareDates(received, input.postedOn) < 0)) {
    throw new RequestError("invalid_input", "The day of receipt must be a date on or after the posting date");
  }
  return db.transaction().execute(async (trx) => {
    const request = await getOwnRequest(trx, input.requestId, input.userId);
    if (request.channel !== "post") throw new RequestError("not_post", "This request was not sent by post");
    if (request.state === "draft" || !isWaiting(request.state)) throw new RequestError("not_sent", "Only a sent request still waiting for its answer takes a posting date");
    const authority = await trx.selectFrom("authorities").select(["regime"]).where("id", "=", request.authority_id).executeTakeFirstOrThrow();
    const receivedDate = received ?? presumedReceipt(input.postedOn, authority.regime);
    await trx
      .updateTable("requests")
      .set({
        posted_on: input.postedOn,
        posted_registered: input.registered,
        presumed_receipt_assumed: received === null,
        // Noon in Brussels: the day is what counts, never the hour.
        sent_at: request.sent_at ?? new Date(`${input.postedOn}T11:00:00Z`),
        received_date: receivedDate,
        updated_at: sql`now()`,
      })
      .where("id", "=", request.id)
      .execute();
    await trx.updateTable("messages").set({ sent_at: new Date(`${input.postedOn}T11:00:00Z`) }).where("request_id", "=", request.id).where("delivery_status", "=", "by_post").execute();
    await recordEvent(trx, {
      request_id: request.id,
      type: "posted",
      actor_user_id: input.userId,
      data: JSON.stringify({ posted_on: input.postedOn, registered: input.registered, received_date: receivedDate, presumed: received === null }),
    });
    await refreshRequestById(trx, request.id, input.today);
    return trx.selectFrom("requests").selectAll().where("id", "=", request.id).executeTakeFirstOrThrow();
  });
}

/**
 * The printable letter of a request sent by post, for its owner: the text
 * kept on the timeline when it was sent (what the authority receives), the
 * address it carries, the reply address and public page.
 */
export async function postLetterPdf(
  db: Db,
  config: Pick<Config, "baseUrl" | "secret" | "mailDomain">,
  input: { requestId: number; userId: number; today: string },
): Promise<{ filename: string; pdf: Buffer }> {
  const request = await getOwnRequest(db, input.requestId, input.userId);
  if (request.channel !== "post" || request.state === "draft") throw new RequestError("not_post", "This request was not sent by post");
  const pdf = await renderPostLetterPdf(await printedLetter(db, config, request, input.today));
  return { filename: `dossier-${request.id}-letter.pdf`, pdf };
}

/** One printed letter: the text kept on the timeline when it was sent, the address it carries, the reply address. */
async function printedLetter(db: Db, config: Pick<Config, "baseUrl" | "secret" | "mailDomain">, request: Request, today: string): Promise<PostLetterInput> {
  const { letter, authority, displayName: name } = await letterFor(db, config, request, "post");
  const kept = await db
    .selectFrom("messages")
    .select(["subject", "body_text", "created_at"])
    .where("request_id", "=", request.id)
    .where("delivery_status", "=", "by_post")
    .orderBy("id")
    .executeTakeFirst();
  const language = request.language as LetterLanguage;
  const address = request.recipient_postal_address ?? usablePostalAddress(authority.address) ?? "";
  return {
    language,
    subject: kept?.subject ?? letter.subject,
    text: kept?.body_text ?? letter.text,
    recipient: { name: displayName(authority, language), address },
    sender: { name, postalAddress: request.postal_address },
    replyAddress: replyAddress(config, request.id),
    publicUrl: requestUrl(config, request.id),
    date: request.posted_on ?? today,
  };
}

/**
 * Every letter by post of a batch, for its owner, in one print file (one
 * letter per page group, in the batch's order). Null when the batch has none.
 */
export async function batchPostLettersPdf(
  db: Db,
  config: Pick<Config, "baseUrl" | "secret" | "mailDomain">,
  input: { batchId: number; userId: number; today: string },
): Promise<{ filename: string; pdf: Buffer; count: number } | null> {
  const requests = await db
    .selectFrom("requests")
    .selectAll()
    .where("batch_id", "=", input.batchId)
    .where("user_id", "=", input.userId)
    .where("channel", "=", "post")
    .where("state", "!=", "draft")
    .orderBy("id")
    .execute();
  if (requests.length === 0) return null;
  const letters: PostLetterInput[] = [];
  for (const request of requests) letters.push(await printedLetter(db, config, request, input.today));
  return { filename: `dossier-batch-${input.batchId}-letters.pdf`, pdf: await renderPostLettersPdf(letters), count: letters.length };
}

/** What the "post and paper replies" page shows: to the requester and administrators only. */
export async function paperFacts(db: Db, requestId: number, viewer: { userId: number | null; isAdmin: boolean }) {
  const r = await db.selectFrom("requests").selectAll().where("id", "=", requestId).executeTakeFirst();
  if (!r) return null;
  const owner = viewer.userId !== null && viewer.userId === r.user_id;
  if (!owner && !viewer.isAdmin) return null;
  return {
    id: r.id,
    title: r.title,
    state: r.state,
    channel: r.channel,
    isOwner: owner,
    postedOn: r.posted_on,
    registered: r.posted_registered ?? false,
    receivedOn: r.posted_on ? r.received_date : null,
    presumed: r.presumed_receipt_assumed ?? true,
  };
}
