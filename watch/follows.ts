/**
 * Following: a signed-in user follows a request, an authority, a region
 * and/or kind of authority, a user's requests, or a saved search. Each
 * follow is one row, unique per (user, target), with its own frequency.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database, FollowRow } from "../db/schema";

type Executor = Kysely<Database>;
import { PROVINCES } from "../authorities/provinces";
import { FREQUENCIES, type Follow, type FollowTarget, type Frequency, type SearchFollowQuery } from "./digest";
import { NotFoundError } from "../core/errors";
import { publishedTitles, type PublishedTitle } from "./published-titles";

export type { Follow, FollowTarget, Frequency };

/** Search parameters that describe results rather than a page of them. */
const SEARCH_PAGING_PARAMS = new Set(["page", "perPage", "sort", "format"]);
const MAX_QUERY_LENGTH = 500;

/** A saved search from a search page's query string (`q` plus its filters). */
export function searchFromParams(params: URLSearchParams): SearchFollowQuery {
  const filters: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (key === "q" || SEARCH_PAGING_PARAMS.has(key) || value.trim() === "") continue;
    (filters[key] ??= []).push(value.trim().slice(0, 200));
  }
  for (const key of Object.keys(filters)) filters[key] = [...new Set(filters[key])].sort();
  return { q: (params.get("q") ?? "").trim().replace(/\s+/g, " ").slice(0, MAX_QUERY_LENGTH), filters };
}

/** The query string of a saved search (for links and feeds). */
export function searchToParams(search: SearchFollowQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set("q", search.q);
  for (const key of Object.keys(search.filters).sort()) for (const value of search.filters[key]) params.append(key, value);
  return params;
}

/** One canonical key per target, so that a user follows each thing at most once. */
export function targetKey(target: FollowTarget): string {
  switch (target.type) {
    case "request":
      return `request:${target.requestId}`;
    case "authority":
      return `authority:${target.authorityId}`;
    case "area":
      // Follows made before provinces existed keep their key.
      return `area:${target.region ?? "*"}:${target.kind ?? "*"}${target.province ? `:${target.province}` : ""}`;
    case "user":
      return `user:${target.userId}`;
    case "search":
      return `search:${searchToParams({ q: target.search.q.toLowerCase(), filters: target.search.filters }).toString()}`;
  }
}

const id = z.coerce.number().int().positive().max(2 ** 31 - 1);
const slugish = z.string().trim().regex(/^[a-z_]{1,40}$/);

/** The follow form: one schema for every kind of target (hidden fields of the follow buttons). */
export const followFormSchema = z.discriminatedUnion("target_type", [
  z.object({ target_type: z.literal("request"), request_id: id }),
  z.object({ target_type: z.literal("authority"), authority_id: id }),
  z.object({
    target_type: z.literal("area"),
    region: slugish.optional().or(z.literal("")),
    kind: slugish.optional().or(z.literal("")),
    province: z.enum(PROVINCES).optional().or(z.literal("")),
  }),
  z.object({ target_type: z.literal("user"), user_id: id }),
  z.object({ target_type: z.literal("search"), search: z.string().max(2000) }),
]);

export const frequencySchema = z.enum(FREQUENCIES);

export function targetFromForm(form: z.infer<typeof followFormSchema>): FollowTarget {
  switch (form.target_type) {
    case "request":
      return { type: "request", requestId: form.request_id };
    case "authority":
      return { type: "authority", authorityId: form.authority_id };
    case "area":
      if (!form.region && !form.kind && !form.province) throw new FollowTargetNotFound();
      return { type: "area", region: form.region || null, kind: form.kind || null, province: form.province || null };
    case "user":
      return { type: "user", userId: form.user_id };
    case "search":
      return { type: "search", search: searchFromParams(new URLSearchParams(form.search.replace(/^\?/, ""))) };
  }
}

export function rowToFollow(
  row: Pick<FollowRow, "id" | "user_id" | "frequency" | "target_type" | "request_id" | "authority_id" | "region" | "kind" | "province" | "followed_user_id" | "search_query" | "search_filters">,
): Follow {
  const frequency = (row.frequency === "daily" ? "daily" : "immediate") as Frequency;
  const base = { id: row.id, userId: row.user_id, frequency };
  switch (row.target_type) {
    case "request":
      return { ...base, target: { type: "request", requestId: row.request_id! } };
    case "authority":
      return { ...base, target: { type: "authority", authorityId: row.authority_id! } };
    case "area":
      return { ...base, target: { type: "area", region: row.region, kind: row.kind, province: row.province } };
    case "user":
      return { ...base, target: { type: "user", userId: row.followed_user_id! } };
    default:
      return { ...base, target: { type: "search", search: { q: row.search_query ?? "", filters: (row.search_filters ?? {}) as Record<string, string[]> } } };
  }
}

export class FollowTargetNotFound extends NotFoundError {
  constructor() {
    super("Nothing to follow there", "follow_target_not_found");
  }
}

/** Only public things can be followed: a visible, sent request; an existing authority or user. */
async function assertTargetExists(db: Db, target: FollowTarget): Promise<void> {
  let found = true;
  if (target.type === "request") {
    found = !!(await db.selectFrom("requests").select("id").where("id", "=", target.requestId).where("hidden", "=", false).where("state", "!=", "draft").executeTakeFirst());
  } else if (target.type === "authority") {
    found = !!(await db.selectFrom("authorities").select("id").where("id", "=", target.authorityId).executeTakeFirst());
  } else if (target.type === "user") {
    found = !!(await db.selectFrom("users").select("id").where("id", "=", target.userId).where("banned_at", "is", null).executeTakeFirst());
  }
  if (!found) throw new FollowTargetNotFound();
}

/** Follows `target` (or changes the frequency of an existing follow). Returns the follow's id. */
export async function follow(db: Db, userId: number, target: FollowTarget, frequency: Frequency = "immediate"): Promise<number> {
  await assertTargetExists(db, target);
  const row = await db
    .insertInto("follows")
    .values({
      user_id: userId,
      target_type: target.type,
      request_id: target.type === "request" ? target.requestId : null,
      authority_id: target.type === "authority" ? target.authorityId : null,
      region: target.type === "area" ? target.region : null,
      kind: target.type === "area" ? target.kind : null,
      province: target.type === "area" ? (target.province ?? null) : null,
      followed_user_id: target.type === "user" ? target.userId : null,
      search_query: target.type === "search" ? target.search.q : null,
      search_filters: target.type === "search" ? JSON.stringify(target.search.filters) : null,
      target_key: targetKey(target),
      frequency,
    })
    .onConflict((oc) => oc.constraint("follows_user_target").doUpdateSet({ frequency }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Stops following `target`. Returns whether there was a follow. */
export async function unfollow(db: Db, userId: number, target: FollowTarget): Promise<boolean> {
  const existing = await findFollow(db, userId, target);
  return existing ? unfollowById(db, userId, existing.id) : false;
}

/** Removes one of the user's follows, and the alerts it still had waiting. */
export async function unfollowById(db: Db, userId: number, followId: number): Promise<boolean> {
  const owned = await db.selectFrom("follows").select("id").where("id", "=", followId).where("user_id", "=", userId).executeTakeFirst();
  if (!owned) return false;
  return (await unsubscribe(db, { follow: followId })) > 0;
}

export async function setFrequency(db: Db, userId: number, followId: number, frequency: Frequency): Promise<boolean> {
  const result = await db.updateTable("follows").set({ frequency }).where("user_id", "=", userId).where("id", "=", followId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The user's follow of `target`, if any. */
export async function findFollow(db: Db, userId: number, target: FollowTarget): Promise<{ id: number; frequency: Frequency } | null> {
  const row = await db.selectFrom("follows").select(["id", "frequency"]).where("user_id", "=", userId).where("target_key", "=", targetKey(target)).executeTakeFirst();
  return row ? { id: row.id, frequency: row.frequency === "daily" ? "daily" : "immediate" } : null;
}

export async function followerCount(db: Db, target: FollowTarget): Promise<number> {
  const row = await db
    .selectFrom("follows")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("target_key", "=", targetKey(target))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type FollowListItem = {
  id: number;
  userId: number;
  frequency: Frequency;
  createdAt: Date;
  target: FollowTarget;
  /** What to call it: a request title, an authority's names, a user's display name. */
  request: { id: number; title: PublishedTitle } | null;
  authority: { slug: string; name_fr: string | null; name_nl: string | null; name_de: string | null; name_en: string | null; languages: string[] } | null;
  user: { id: number; displayName: string } | null;
};

function followItemsQuery(db: Executor) {
  return db
    .selectFrom("follows as f")
    .leftJoin("requests as r", "r.id", "f.request_id")
    .leftJoin("authorities as a", "a.id", "f.authority_id")
    .leftJoin("users as u", "u.id", "f.followed_user_id")
    .selectAll("f")
    .select(["r.title as request_title", "r.hidden as request_hidden", "r.user_id as request_owner_id", "r.authority_id as request_authority_id", "a.slug as authority_slug", "a.name_fr", "a.name_nl", "a.name_de", "a.name_en", "a.languages", "u.display_name as user_name"]);
}

type FollowItemRow = Awaited<ReturnType<ReturnType<typeof followItemsQuery>["execute"]>>[number];

/** The follow items of `rows`, request titles published (watch/published-titles.ts). */
async function toFollowItems(db: Executor, rows: FollowItemRow[]): Promise<FollowListItem[]> {
  const requests = rows.flatMap((row) =>
    row.request_id && row.request_title != null && row.request_owner_id != null && row.request_authority_id != null
      ? [{ id: row.request_id, user_id: row.request_owner_id, authority_id: row.request_authority_id, title: row.request_title }]
      : [],
  );
  const titles = await publishedTitles(db, requests);
  return rows.map((row) => toFollowItem(row, row.request_id ? titles.get(row.request_id) : undefined));
}

function toFollowItem(row: FollowItemRow, title: PublishedTitle | undefined): FollowListItem {
  const f = rowToFollow(row);
  return {
    id: f.id,
    userId: f.userId,
    frequency: f.frequency,
    createdAt: new Date(row.created_at as unknown as Date),
    target: f.target,
    request: row.request_id && title && !row.request_hidden ? { id: row.request_id, title } : null,
    authority: row.authority_slug ? { slug: row.authority_slug, name_fr: row.name_fr, name_nl: row.name_nl, name_de: row.name_de, name_en: row.name_en, languages: row.languages ?? [] } : null,
    user: row.followed_user_id && row.user_name != null ? { id: row.followed_user_id, displayName: row.user_name } : null,
  };
}

/** Everything `userId` follows, newest first. */
export async function listFollows(db: Executor, userId: number): Promise<FollowListItem[]> {
  const rows = await followItemsQuery(db).where("f.user_id", "=", userId).orderBy("f.created_at", "desc").orderBy("f.id", "desc").execute();
  return toFollowItems(db, rows);
}

/** Some follows by id, whoever they belong to (for alert e-mails and unsubscribe pages). */
export async function getFollowItems(db: Executor, ids: number[]): Promise<Map<number, FollowListItem>> {
  if (ids.length === 0) return new Map();
  const rows = await followItemsQuery(db).where("f.id", "in", ids).execute();
  return new Map((await toFollowItems(db, rows)).map((item) => [item.id, item]));
}

/** Handles a verified unsubscribe token: removes one follow, or every follow of a user. */
export async function unsubscribe(db: Db, scope: { follow: number } | { user: number }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Alerts already waiting for the digest would otherwise still be sent
    // (cancelled first: deleting the follow clears their follow_id).
    const pending = trx.updateTable("alert_deliveries").set({ status: "cancelled" }).where("status", "=", "pending");
    await ("follow" in scope ? pending.where("follow_id", "=", scope.follow) : pending.where("user_id", "=", scope.user)).execute();
    const query = "follow" in scope ? trx.deleteFrom("follows").where("id", "=", scope.follow) : trx.deleteFrom("follows").where("user_id", "=", scope.user);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}
