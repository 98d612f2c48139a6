import { getLocale } from "~/i18n/locale.server";
import { provinceOf } from "../../authorities/provinces";
import type { Db } from "../../db/connect";
import { areaQuery } from "../../watch/area";
import { areaLabel } from "../../watch/labels";
import { getAuthorityScorecard } from "../../watch/scorecards";
import { followState } from "./follow-state.server";

/** "Every CPAS in Hainaut": the authority's kind in its province, when it has one. */
async function provinceWatch(request: Request, db: Db, authority: { kind: string; nis_code: string | null; address: string | null }) {
  const province = provinceOf(authority);
  if (!province) return null;
  const area = { region: null, kind: authority.kind, province };
  return {
    label: areaLabel(await getLocale(request), null, authority.kind, province),
    follow: await followState(request, db, { type: "area", ...area }),
    feedPath: `/feeds/area?${areaQuery(area)}`,
    rankingPath: `/stats?${areaQuery(area)}`,
  };
}

/** Everything the authority page shows from the watchdogs' room: one call in its loader. */
export async function authorityWatch(
  request: Request,
  db: Db,
  authority: { id: number; slug: string; region: string | null; kind: string; nis_code: string | null; address: string | null },
) {
  const area = new URLSearchParams();
  if (authority.region) area.set("region", authority.region);
  area.set("kind", authority.kind);
  const [scorecard, follow, followArea, province] = await Promise.all([
    getAuthorityScorecard(db, authority.id),
    followState(request, db, { type: "authority", authorityId: authority.id }),
    followState(request, db, { type: "area", region: authority.region, kind: authority.kind }),
    provinceWatch(request, db, authority),
  ]);
  return {
    scorecard,
    follow,
    followArea,
    province,
    region: authority.region,
    kind: authority.kind,
    feedPath: `/feeds/authorities/${encodeURIComponent(authority.slug)}`,
    areaFeedPath: `/feeds/area?${area}`,
    rankingPath: `/stats?${area}`,
  };
}

export type AuthorityWatchData = Awaited<ReturnType<typeof authorityWatch>>;
