/**
 * Authority scorecards in the database: a job reads every public request's
 * dates, computes each authority's figures with the pure functions of
 * stats.ts, and stores them in `authority_stats`; pages and the API only
 * read that table (figures are never computed per page view).
 */
import { sql } from "kysely";
import { todayInBrussels } from "../authorities/civil-date";
import { dueDate } from "../authorities/deadline";
import { provinceOf } from "../authorities/provinces";
import { isRegimeId } from "../authorities/regimes";
import type { Db } from "../db/connect";
import { computeScorecard, FIGURES, figureValue, OUTCOMES, rankBy, type Figure, type Outcome, type Scorecard, type StatsRecord } from "./stats";

const APPEAL_EVENT_TYPES = ["appeal", "appealed", "appeal_sent", "appeal_filed", "escalated"];
/** Message kinds that are an authority's real answer (not an auto-reply, acknowledgement or bounce). */
const REPLY_KINDS = ["reply"];

/** The stats records of the public requests of some authorities, grouped by authority. */
export async function loadStatsRecords(db: Db, authorityIds: number[]): Promise<Map<number, StatsRecord[]>> {
  const byAuthority = new Map<number, StatsRecord[]>();
  if (authorityIds.length === 0) return byAuthority;
  const rows = await db
    .selectFrom("requests as r")
    .innerJoin("authorities as a", "a.id", "r.authority_id")
    .select([
      "r.authority_id",
      "a.regime",
      "r.state",
      sql<string | null>`coalesce(r.received_date, (r.sent_at at time zone 'Europe/Brussels')::date)::text`.as("received"),
      sql<string | null>`coalesce(r.extended_due_date, r.due_date)::text`.as("due"),
      sql<string | null>`(
        select (min(m.created_at) at time zone 'Europe/Brussels')::date::text from messages m
        where m.request_id = r.id and m.direction = 'inbound' and m.kind in (${sql.join(REPLY_KINDS)}) and m.hidden = false
      )`.as("first_reply"),
      sql<string | null>`(
        select e.data->>'state' from events e
        where e.request_id = r.id and e.type = 'classified' and e.data->>'state' in (${sql.join([...OUTCOMES])})
        order by e.at desc, e.id desc limit 1
      )`.as("last_outcome"),
      sql<boolean>`r.state = 'appeal_pending' or exists (
        select 1 from events e where e.request_id = r.id
        and (e.type in (${sql.join(APPEAL_EVENT_TYPES)}) or (e.type = 'state_changed' and e.data->>'to' = 'appeal_pending'))
      )`.as("appealed"),
    ])
    .where("r.authority_id", "in", authorityIds)
    .where("r.hidden", "=", false)
    .where("r.state", "!=", "draft")
    .execute();
  for (const row of rows) {
    const received = row.received;
    const due = row.due ?? (received && isRegimeId(row.regime) ? dueDate(row.regime, received) : null);
    const outcome = ((OUTCOMES as readonly string[]).includes(row.state) ? row.state : row.last_outcome) as Outcome | null;
    const record: StatsRecord = { received, due, firstReply: row.first_reply, state: row.state, outcome, appealed: row.appealed };
    let list = byAuthority.get(row.authority_id);
    if (!list) byAuthority.set(row.authority_id, (list = []));
    list.push(record);
  }
  return byAuthority;
}

/**
 * Recomputes every authority's scorecard as of `today`. Authorities without a
 * public request lose their row. Returns the number of scorecards written.
 */
export async function recomputeAuthorityStats(db: Db, today: string = todayInBrussels(), chunk = 500): Promise<number> {
  const ids = (await db.selectFrom("requests").select("authority_id").distinct().where("hidden", "=", false).where("state", "!=", "draft").execute()).map((r) => r.authority_id);
  let written = 0;
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    const records = await loadStatsRecords(db, part);
    const values = part.map((id) => {
      const card = computeScorecard(records.get(id) ?? [], today);
      return { authority_id: id, requests: card.requests, card: JSON.stringify(card), computed_on: today, computed_at: new Date() };
    });
    await db
      .insertInto("authority_stats")
      .values(values)
      .onConflict((oc) =>
        oc.column("authority_id").doUpdateSet((eb) => ({
          requests: eb.ref("excluded.requests"),
          card: eb.ref("excluded.card"),
          computed_on: eb.ref("excluded.computed_on"),
          computed_at: eb.ref("excluded.computed_at"),
        })),
      )
      .execute();
    written += values.length;
  }
  await db.deleteFrom("authority_stats").where(ids.length ? (eb) => eb("authority_id", "not in", ids) : sql<boolean>`true`).execute();
  return written;
}

const EMPTY_CARD = computeScorecard([], "2000-01-01");

export type StoredScorecard = { card: Scorecard; computedOn: string | null };

export async function getAuthorityScorecard(db: Db, authorityId: number): Promise<StoredScorecard> {
  const row = await db.selectFrom("authority_stats").select(["card", sql<string>`computed_on::text`.as("computed_on")]).where("authority_id", "=", authorityId).executeTakeFirst();
  return row ? { card: row.card as Scorecard, computedOn: row.computed_on } : { card: EMPTY_CARD, computedOn: null };
}

export type RankingRow = {
  slug: string;
  names: { name_fr: string | null; name_nl: string | null; name_de: string | null; name_en: string | null; languages: string[] };
  name: string;
  kind: string;
  region: string | null;
  card: Scorecard;
};

/** Authorities of a region and/or kind with their stored scorecards, ranked by one figure. */
export async function ranking(
  db: Db,
  filter: { region?: string | null; kind?: string | null; province?: string | null },
  sort: Figure,
  direction: "asc" | "desc",
  nameOf: (a: RankingRow["names"]) => string,
): Promise<{ rows: RankingRow[]; computedOn: string | null }> {
  let query = db
    .selectFrom("authorities as a")
    .leftJoin("authority_stats as s", "s.authority_id", "a.id")
    .select(["a.slug", "a.kind", "a.region", "a.nis_code", "a.address", "a.name_fr", "a.name_nl", "a.name_de", "a.name_en", "a.languages", "s.card", sql<string | null>`s.computed_on::text`.as("computed_on")])
    .where("a.active", "=", true);
  if (filter.region) query = query.where("a.region", "=", filter.region);
  if (filter.kind) query = query.where("a.kind", "=", filter.kind);
  // The province is derived (authorities/provinces.ts), so it filters here.
  const rows = (await query.execute()).filter((r) => !filter.province || provinceOf(r) === filter.province);
  let computedOn: string | null = null;
  const ranked = rows.map((r) => {
    if (r.computed_on && (!computedOn || r.computed_on > computedOn)) computedOn = r.computed_on;
    const names = { name_fr: r.name_fr, name_nl: r.name_nl, name_de: r.name_de, name_en: r.name_en, languages: r.languages };
    return { slug: r.slug, names, name: nameOf(names), kind: r.kind, region: r.region, card: (r.card as Scorecard | null) ?? EMPTY_CARD };
  });
  return { rows: rankBy(ranked, sort, direction), computedOn };
}

/** One flat record per authority for CSV and JSON: each figure with its n and interval. */
export function flatFigures(card: Scorecard): Record<string, number | null | boolean> {
  const out: Record<string, number | null | boolean> = { requests: card.requests };
  for (const figure of FIGURES) {
    if (figure === "requests") continue;
    const f = card[figure];
    out[`${snake(figure)}`] = figureValue(card, figure);
    out[`${snake(figure)}_n`] = f.n;
    if ("count" in f) {
      out[`${snake(figure)}_count`] = f.count;
      out[`${snake(figure)}_low`] = f.low;
      out[`${snake(figure)}_high`] = f.high;
    }
  }
  return out;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(Math.round(value * 1e6) / 1e6) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(records: Record<string, unknown>[]): string {
  if (records.length === 0) return "";
  const columns = Object.keys(records[0]);
  return [columns.join(","), ...records.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\r\n") + "\r\n";
}
