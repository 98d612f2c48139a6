/**
 * Deadline tracking against the database: recompute the stored dates of a
 * request (after an event, or for all requests when a rule or the calendar
 * changed), mark and clear overdue requests, list them, and the facts the
 * request page and the reminders need. Domain functions take the db first.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { isRegimeId, REGIMES, type RegimeTable } from "../../authorities/regimes";
import { loadRegimeTable } from "../../authorities/regime-overrides";
import type { Database } from "../../db/schema";
import type { Db } from "../../db/connect";
import { RequestError } from "../errors";
import { actingUser, canMarkExtension, canSetAppealNotice, isOwner } from "../policy";
import { APPEALABLE_STATES, appealWindow, computeStoredDates, factsFromEvents, dueInForce, isWaitingState, overdueStatus, storedDatesEqual, type StoredDates, type TrackingInput } from "./tracking";
import { recordEvent } from "../../core/events";
import { stripBidiControls } from "../../core/text";
import type { MaskLocale } from "../../moderation/mask";
import { publishersForRequests } from "../../moderation/publish";

// A transaction is a Kysely too; one type keeps method calls simple.
type Executor = Kysely<Database>;

const TRACKED_COLUMNS = [
  "requests.id",
  "requests.user_id",
  "requests.state",
  "requests.received_date",
  "requests.due_date",
  "requests.extended_due_date",
  "requests.appeal_deadline",
  "requests.extension_announced_on",
  "requests.decision_date",
  "requests.appeal_notice_missing",
  "requests.environmental",
  "requests.overdue_since",
  "authorities.regime",
] as const;

export interface TrackedRow {
  id: number;
  /** The owner, for the request policy (requests/policy.ts). */
  user_id: number;
  state: string;
  received_date: string | null;
  due_date: string | null;
  extended_due_date: string | null;
  appeal_deadline: string | null;
  extension_announced_on: string | null;
  decision_date: string | null;
  appeal_notice_missing: boolean;
  environmental: boolean;
  overdue_since: string | null;
  regime: string;
  /** What the column holds, when decision_date was derived live (undefined: same). */
  stored_decision_date?: string | null;
}

export function trackingInputOf(row: TrackedRow): TrackingInput | null {
  if (!isRegimeId(row.regime)) return null;
  return {
    regime: row.regime,
    receivedDate: row.received_date,
    extended: row.extension_announced_on !== null,
    decisionDate: row.decision_date,
    appealNoticeMissing: row.appeal_notice_missing,
    environmental: row.environmental,
  };
}

export function storedOf(row: TrackedRow): StoredDates {
  return { received_date: row.received_date, due_date: row.due_date, extended_due_date: row.extended_due_date, appeal_deadline: row.appeal_deadline };
}

/**
 * The decision date the events say: the last authority reply before the
 * latest classification as refused or partially successful (tracking.ts,
 * factsFromEvents). Read live, so a classification made by the requests
 * room counts at once, before any job ran.
 */
export async function derivedDecisionDate(db: Executor, requestId: number): Promise<string | null> {
  const events = await db.selectFrom("events").select(["type", "at", "data"]).where("request_id", "=", requestId).where("type", "=", "state_changed").execute();
  if (events.length === 0) return null;
  const replies = await db
    .selectFrom("messages")
    .select(["created_at"])
    .where("request_id", "=", requestId)
    .where("direction", "=", "inbound")
    .where("kind", "=", "reply")
    .execute();
  return factsFromEvents(
    events.map((e) => ({ type: e.type, at: e.at, data: (typeof e.data === "string" ? JSON.parse(e.data) : e.data) as Record<string, unknown> })),
    replies.map((r) => r.created_at),
  ).decisionDate;
}

/** The request's tracked facts, with the decision date read live from its events. */
export async function loadTracked(db: Executor, requestId: number): Promise<TrackedRow | undefined> {
  const row = await db.selectFrom("requests").innerJoin("authorities", "authorities.id", "requests.authority_id").select(TRACKED_COLUMNS).where("requests.id", "=", requestId).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, stored_decision_date: row.decision_date, decision_date: await derivedDecisionDate(db, requestId) };
}

/**
 * Recomputes one request's stored dates and overdue mark for `today`.
 * Returns whether anything changed. Records an `overdue` event the first
 * time a request becomes overdue.
 */
export async function refreshRequest(db: Executor, row: TrackedRow, today: string, table?: RegimeTable): Promise<{ datesChanged: boolean; becameOverdue: boolean }> {
  const input = trackingInputOf(row);
  if (!input) return { datesChanged: false, becameOverdue: false };
  // Without a table given, the administrators' overrides apply (authorities/regime-overrides.ts).
  const dates = computeStoredDates(input, table ?? (await loadRegimeTable(db)));
  const datesChanged = !storedDatesEqual(dates, storedOf(row));
  const overdue = overdueStatus(row.state, dates, today);
  const overdueSince = overdue.overdueSince;
  const becameOverdue = overdueSince !== null && row.overdue_since === null;
  if (datesChanged || overdueSince !== row.overdue_since || row.decision_date !== row.stored_decision_date) {
    await db
      .updateTable("requests")
      .set({ ...dates, overdue_since: overdueSince, decision_date: row.decision_date, updated_at: sql`now()` })
      .where("id", "=", row.id)
      .execute();
  }
  if (becameOverdue) {
    await recordEvent(db, { request_id: row.id, type: "overdue", actor_user_id: null, data: JSON.stringify({ due: dueInForce(dates), overdue_since: overdueSince }) });
  }
  return { datesChanged, becameOverdue };
}

export async function refreshRequestById(db: Executor, requestId: number, today: string, table?: RegimeTable) {
  const row = await loadTracked(db, requestId);
  return row ? refreshRequest(db, row, today, table) : { datesChanged: false, becameOverdue: false };
}

/**
 * `dossier deadlines recompute` and the daily pass: every sent request, in
 * batches by id. Returns how many requests were checked, how many had
 * their stored dates changed, and which became overdue.
 */
export async function recomputeAll(db: Kysely<Database>, today: string, given?: RegimeTable, batch = 500): Promise<{ checked: number; changed: number; newlyOverdue: number[] }> {
  const table = given ?? (await loadRegimeTable(db));
  let after = 0;
  let checked = 0;
  let changed = 0;
  const newlyOverdue: number[] = [];
  for (;;) {
    const rows = await db
      .selectFrom("requests")
      .innerJoin("authorities", "authorities.id", "requests.authority_id")
      .select(TRACKED_COLUMNS)
      .where("requests.id", ">", after)
      .where("requests.received_date", "is not", null)
      .orderBy("requests.id")
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    await db.transaction().execute(async (trx) => {
      for (const stored of rows) {
        const row = { ...stored, stored_decision_date: stored.decision_date, decision_date: await derivedDecisionDate(trx, stored.id) };
        const r = await refreshRequest(trx, row, today, table);
        checked++;
        if (r.datesChanged) changed++;
        if (r.becameOverdue) newlyOverdue.push(row.id);
      }
    });
    after = rows[rows.length - 1]!.id;
  }
  return { checked, changed, newlyOverdue };
}

/** The owner marks (or withdraws) an extension the authority announced, on `today`; refuses anyone else. */
export async function markExtension(db: Db, input: { requestId: number; userId: number; announced: boolean; today: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("requests").select(["user_id", "state"]).where("id", "=", input.requestId).forUpdate().executeTakeFirst();
    if (!request) throw new RequestError("not_found", "No such request");
    if (!canMarkExtension(actingUser(input.userId), request)) throw new RequestError("forbidden", "This request belongs to someone else");
    await setExtension(trx, input.requestId, input.userId, input.announced ? input.today : null, input.today);
  });
}

/** `setAppealNoticeMissing` in its own transaction (the request page's checkbox). */
export async function markAppealNotice(db: Db, input: { requestId: number; userId: number; missing: boolean; today: string }): Promise<void> {
  await db.transaction().execute((trx) => setAppealNoticeMissing(trx, input.requestId, input.userId, input.missing, input.today));
}

/** The citizen marks (or withdraws) an extension the authority announced (ownership checked by the caller, see markExtension). */
export async function setExtension(trx: Transaction<Database>, requestId: number, actorUserId: number, announcedOn: string | null, today: string): Promise<void> {
  await trx.updateTable("requests").set({ extension_announced_on: announcedOn, updated_at: sql`now()` }).where("id", "=", requestId).execute();
  await recordEvent(trx, { request_id: requestId, type: announcedOn ? "extension_marked" : "extension_unmarked", actor_user_id: actorUserId, data: JSON.stringify(announcedOn ? { announced_on: announcedOn } : {}) });
  await refreshRequestById(trx, requestId, today);
}

/**
 * The citizen says whether the authority's decision mentioned the appeal
 * route. Where the law gives more time when it did not (Flanders), the
 * stored appeal deadline moves at once; everywhere the appeal letter says so.
 */
export async function setAppealNoticeMissing(trx: Transaction<Database>, requestId: number, actorUserId: number, missing: boolean, today: string): Promise<void> {
  const request = await trx.selectFrom("requests").select(["user_id", "state"]).where("id", "=", requestId).forUpdate().executeTakeFirst();
  if (!request) throw new RequestError("not_found", "No such request");
  if (request.user_id !== actorUserId) throw new RequestError("forbidden", "This request belongs to someone else");
  if (!canSetAppealNotice(actingUser(actorUserId), request)) throw new RequestError("invalid_transition", "Only a refusal or a partial refusal can omit the appeal route");
  await trx.updateTable("requests").set({ appeal_notice_missing: missing, updated_at: sql`now()` }).where("id", "=", requestId).execute();
  await recordEvent(trx, { request_id: requestId, type: missing ? "appeal_notice_missing_marked" : "appeal_notice_missing_unmarked", actor_user_id: actorUserId, data: JSON.stringify({}) });
  await refreshRequestById(trx, requestId, today);
}

export interface OverdueListItem {
  id: number;
  title: string;
  publicSlug: string;
  authoritySlug: string;
  authorityNameFr: string | null;
  authorityNameNl: string | null;
  authorityNameDe: string | null;
  authorityNameEn: string | null;
  authorityLanguages: string[];
  due: string;
  overdueSince: string;
  receivedDate: string | null;
}

/**
 * Overdue requests, oldest first (public data only: never the requester's
 * e-mail); titles published through each request's Publisher (its rules,
 * its requester's, its authority's, the site's, then masking) in `locale`.
 */
export async function listOverdue(db: Executor, opts: { authorityId?: number; limit?: number; offset?: number; locale?: MaskLocale } = {}): Promise<{ items: OverdueListItem[]; total: number }> {
  let q = db
    .selectFrom("requests")
    .innerJoin("authorities", "authorities.id", "requests.authority_id")
    .where("requests.overdue_since", "is not", null)
    .where("requests.hidden", "=", false)
    .where("requests.state", "in", ["awaiting_response", "waiting_clarification"]);
  if (opts.authorityId !== undefined) q = q.where("requests.authority_id", "=", opts.authorityId);
  const total = Number((await q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirst())?.n ?? 0);
  const rows = await q
    .select([
      "requests.id",
      "requests.user_id",
      "requests.authority_id",
      "requests.title",
      "requests.public_slug",
      "requests.due_date",
      "requests.extended_due_date",
      "requests.overdue_since",
      "requests.received_date",
      "authorities.slug",
      "authorities.name_fr",
      "authorities.name_nl",
      "authorities.name_de",
      "authorities.name_en",
      "authorities.languages",
    ])
    .orderBy("requests.overdue_since", "asc")
    .orderBy("requests.id", "asc")
    .limit(opts.limit ?? 50)
    .offset(opts.offset ?? 0)
    .execute();
  const publishers = await publishersForRequests(db, rows);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      title: stripBidiControls(publishers.get(r.id)!.displayText(r.title, opts.locale ?? "en")),
      publicSlug: r.public_slug,
      authoritySlug: r.slug,
      authorityNameFr: r.name_fr,
      authorityNameNl: r.name_nl,
      authorityNameDe: r.name_de,
      authorityNameEn: r.name_en,
      authorityLanguages: r.languages,
      due: (r.extended_due_date ?? r.due_date)!,
      overdueSince: r.overdue_since!,
      receivedDate: r.received_date,
    })),
  };
}

/** The appeal window of a tracked request (for the page and the wizard). */
export function appealWindowOf(row: TrackedRow, table: RegimeTable = REGIMES) {
  const input = trackingInputOf(row);
  return input ? appealWindow(input, table) : null;
}

/**
 * A sort key for "my requests": what needs the citizen's action comes first.
 * Lower sorts first; ties broken by the caller (e.g. newest first).
 *   0  an appeal deadline within 7 days
 *   1  a reply waiting to be classified
 *   2  overdue (the citizen can nudge or escalate)
 *   3  refused or partially successful (can appeal)
 *   4  waiting for the authority
 *   5  appeal pending
 *   6  draft
 *   7  finished (successful, not held, withdrawn…)
 */
export function needsActionRank(
  request: { state: string; due_date: string | null; extended_due_date: string | null; appeal_deadline: string | null },
  today: string,
  opts: { unclassifiedReply?: boolean } = {},
): number {
  const appealSoon =
    request.appeal_deadline !== null &&
    request.state !== "successful" &&
    request.state !== "withdrawn" &&
    request.state !== "appeal_pending" &&
    request.appeal_deadline >= today &&
    daysBetween(today, request.appeal_deadline) <= 7 &&
    (!isWaitingState(request.state) || overdueStatus(request.state, request, today).overdue);
  if (appealSoon) return 0;
  if (opts.unclassifiedReply) return 1;
  if (overdueStatus(request.state, request, today).overdue) return 2;
  if (request.state === "refused" || request.state === "partially_successful") return 3;
  if (isWaitingState(request.state)) return 4;
  if (request.state === "appeal_pending") return 5;
  if (request.state === "draft") return 6;
  return 7;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}
