import type { Db } from "../../db/connect";
import { getAuthorityScorecard } from "../../watch/scorecards";
import { followState } from "./follow-state.server";

/** Everything the authority page shows from the watchdogs' room: one call in its loader. */
export async function authorityWatch(request: Request, db: Db, authority: { id: number; slug: string; region: string | null; kind: string }) {
  const area = new URLSearchParams();
  if (authority.region) area.set("region", authority.region);
  area.set("kind", authority.kind);
  const [scorecard, follow, followArea] = await Promise.all([
    getAuthorityScorecard(db, authority.id),
    followState(request, db, { type: "authority", authorityId: authority.id }),
    followState(request, db, { type: "area", region: authority.region, kind: authority.kind }),
  ]);
  return {
    scorecard,
    follow,
    followArea,
    region: authority.region,
    kind: authority.kind,
    feedPath: `/feeds/authorities/${encodeURIComponent(authority.slug)}`,
    areaFeedPath: `/feeds/area?${area}`,
    rankingPath: `/stats?${area}`,
  };
}

export type AuthorityWatchData = Awaited<ReturnType<typeof authorityWatch>>;
