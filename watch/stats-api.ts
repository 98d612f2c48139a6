/**
 * The public JSON and CSV shapes of scorecards (`/api/v1/authorities/:slug/stats`,
 * `/api/v1/stats?region=&kind=`). Public data only: names, kinds and figures.
 */
import { displayName } from "../authorities/names";
import { parseArea } from "./area";
import type { Db } from "../db/connect";
import { flatFigures, getAuthorityScorecard, ranking, toCsv, type RankingRow } from "./scorecards";
import { DEFAULT_THRESHOLD, isFigure, type Figure } from "./stats";
import { InvalidInputError } from "../core/errors";

export type RankingQuery = { region: string | null; kind: string | null; province: string | null; sort: Figure; direction: "asc" | "desc" };

export class StatsQueryError extends InvalidInputError {}

/** Reads ?region=&kind=&province=&sort=&dir= ; unknown values are an error, not silently ignored. */
export function parseRankingQuery(params: URLSearchParams): RankingQuery {
  const parsed = parseArea(params);
  const sort = params.get("sort") || "answeredInTime";
  const dir = params.get("dir") || "desc";
  if (!parsed.ok) throw new StatsQueryError(parsed.error);
  if (!isFigure(sort)) throw new StatsQueryError(`unknown sort "${sort}"`);
  if (dir !== "asc" && dir !== "desc") throw new StatsQueryError(`dir must be asc or desc`);
  return { ...parsed.area, sort, direction: dir };
}

export async function rankingRows(db: Db, query: RankingQuery) {
  return ranking(db, { region: query.region, kind: query.kind, province: query.province }, query.sort, query.direction, (names) => displayName(names, "fr"));
}

function authorityRecord(row: RankingRow) {
  return { slug: row.slug, name_fr: row.names.name_fr, name_nl: row.names.name_nl, name_de: row.names.name_de, name_en: row.names.name_en, kind: row.kind, region: row.region };
}

export function rankingJson(query: RankingQuery, result: { rows: RankingRow[]; computedOn: string | null }) {
  return {
    region: query.region,
    kind: query.kind,
    province: query.province,
    sort: query.sort,
    dir: query.direction,
    computed_on: result.computedOn,
    threshold: DEFAULT_THRESHOLD,
    authorities: result.rows.map((row) => ({ ...authorityRecord(row), figures: row.card })),
  };
}

export function rankingCsv(result: { rows: RankingRow[] }): string {
  return toCsv(result.rows.map((row) => ({ ...authorityRecord(row), ...flatFigures(row.card) })));
}

export async function authorityStatsJson(db: Db, slug: string) {
  const authority = await db.selectFrom("authorities").select(["id", "slug", "name_fr", "name_nl", "name_de", "name_en", "kind", "region"]).where("slug", "=", slug).executeTakeFirst();
  if (!authority) return null;
  const { card, computedOn } = await getAuthorityScorecard(db, authority.id);
  const { id: _id, ...publicFields } = authority;
  return { ...publicFields, computed_on: computedOn, threshold: DEFAULT_THRESHOLD, figures: card };
}
