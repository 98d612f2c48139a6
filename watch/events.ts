/**
 * Reading the timeline events that watchers care about, with what is needed
 * to describe them publicly. Only whitelisted fields of an event's data are
 * read: other rooms keep private things there (a requester's address in a
 * notification event), and none of it may reach a feed or an alert.
 */
import { sql, type Kysely } from "kysely";
import { provinceOf } from "../authorities/provinces";
import type { Database } from "../db/schema";
import { alertKindOf, type AlertEvent, type AlertKind } from "./digest";
import { publishedTitles, type PublishedTitle } from "./published-titles";

export type WatchedEvent = AlertEvent & {
  /** The title as published (watch/published-titles.ts), in each language: never the raw title. */
  requestTitle: PublishedTitle;
  authoritySlug: string;
  authority: { name_fr: string | null; name_nl: string | null; name_de: string | null; name_en: string | null; languages: string[] };
  ownerName: string;
};

/** Event types that can alert (alertKindOf decides the rest from their data). */
export const ALERTABLE_TYPES = ["sent", "reply_received", "classified", "state_changed", "overdue", "became_overdue", "deadline_passed", "deadline_missed", "appeal", "appealed", "appeal_sent", "appeal_filed", "escalated"];

type Executor = Kysely<Database>;

function baseQuery(db: Executor) {
  return db
    .selectFrom("events as e")
    .innerJoin("requests as r", "r.id", "e.request_id")
    .innerJoin("authorities as a", "a.id", "r.authority_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select([
      "e.id",
      "e.type",
      "e.at",
      "e.actor_user_id",
      sql<string | null>`e.data->>'message_id'`.as("message_id"),
      sql<string | null>`coalesce(e.data->>'state', e.data->>'to')`.as("state"),
      "r.id as request_id",
      "r.title as request_title",
      "r.user_id as owner_id",
      "u.display_name as owner_name",
      "a.id as authority_id",
      "a.slug as authority_slug",
      "a.kind as authority_kind",
      "a.region",
      "a.nis_code",
      "a.address",
      "a.name_fr",
      "a.name_nl",
      "a.name_de",
      "a.name_en",
      "a.languages",
    ])
    .where("r.hidden", "=", false)
    .where("r.state", "!=", "draft")
    // A reply a moderator hid alerts nobody, even when its alert is already waiting.
    .where(sql<boolean>`not exists (select 1 from messages m where m.hidden and m.id = case when e.data->>'message_id' ~ '^[0-9]{1,9}$' then (e.data->>'message_id')::integer end)`)
    .where("e.type", "in", ALERTABLE_TYPES);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];

/** The events of `rows`, titles published. */
async function toWatchedEvents(db: Executor, rows: Row[]): Promise<WatchedEvent[]> {
  const titles = await publishedTitles(
    db,
    rows.map((row) => ({ id: row.request_id, user_id: row.owner_id, authority_id: row.authority_id, title: row.request_title })),
  );
  return rows.map((row) => toWatchedEvent(row, titles.get(row.request_id)!)).filter((e): e is WatchedEvent => e !== null);
}

function toWatchedEvent(row: Row, title: PublishedTitle): WatchedEvent | null {
  const kind: AlertKind | null = alertKindOf(row.type, { to: row.state });
  if (!kind) return null;
  const messageId = row.message_id && /^\d{1,10}$/.test(row.message_id) ? Number(row.message_id) : null;
  return {
    id: row.id,
    kind,
    at: new Date(row.at as unknown as Date),
    requestId: row.request_id,
    requestOwnerId: row.owner_id,
    authorityId: row.authority_id,
    region: row.region,
    province: provinceOf(row),
    authorityKind: row.authority_kind,
    actorUserId: row.actor_user_id,
    messageId: kind === "reply" ? messageId : null,
    state: kind === "classification" ? row.state : null,
    requestTitle: title,
    authoritySlug: row.authority_slug,
    authority: { name_fr: row.name_fr, name_nl: row.name_nl, name_de: row.name_de, name_en: row.name_en, languages: row.languages },
    ownerName: row.owner_name,
  };
}

/** The alertable, public events among `ids`. */
export async function loadWatchedEvents(db: Executor, ids: number[]): Promise<WatchedEvent[]> {
  if (ids.length === 0) return [];
  const rows = await baseQuery(db).where("e.id", "in", ids).orderBy("e.id").execute();
  return toWatchedEvents(db, rows);
}

export type FeedScope =
  | { type: "request"; requestId: number }
  | { type: "authority"; authorityId: number }
  | { type: "area"; region: string | null; kind: string | null; province?: string | null }
  | { type: "user"; userId: number }
  | { type: "requests"; requestIds: number[] };

/**
 * The authorities of a province (optionally of one region and kind). The
 * province is derived, not stored (authorities/provinces.ts), so it is
 * computed here over the candidates: a few hundred rows at most.
 */
export async function authorityIdsInProvince(db: Executor, province: string, filter: { region?: string | null; kind?: string | null } = {}): Promise<number[]> {
  let query = db.selectFrom("authorities").select(["id", "nis_code", "address"]);
  if (filter.region) query = query.where("region", "=", filter.region);
  if (filter.kind) query = query.where("kind", "=", filter.kind);
  return (await query.execute()).filter((a) => provinceOf(a) === province).map((a) => a.id);
}

/** The latest public events of a scope, newest first (for feeds). */
export async function latestEvents(db: Executor, scope: FeedScope, limit = 50): Promise<WatchedEvent[]> {
  let query = baseQuery(db);
  switch (scope.type) {
    case "request":
      query = query.where("r.id", "=", scope.requestId);
      break;
    case "authority":
      query = query.where("a.id", "=", scope.authorityId);
      break;
    case "area":
      if (scope.region) query = query.where("a.region", "=", scope.region);
      if (scope.kind) query = query.where("a.kind", "=", scope.kind);
      if (scope.province) {
        const ids = await authorityIdsInProvince(db, scope.province, scope);
        if (ids.length === 0) return [];
        query = query.where("a.id", "in", ids);
      }
      break;
    case "user":
      query = query.where("r.user_id", "=", scope.userId);
      break;
    case "requests":
      if (scope.requestIds.length === 0) return [];
      query = query.where("r.id", "in", scope.requestIds);
      break;
  }
  // Fetch a little more: state changes that are not appeals are dropped after.
  const rows = await query.orderBy("e.at", "desc").orderBy("e.id", "desc").limit(limit * 2).execute();
  return (await toWatchedEvents(db, rows)).slice(0, limit);
}
