import type { LoaderFunctionArgs } from "@remix-run/node";
import { batchStats, batchStatsJson } from "../../batches/stats";
import { parseRankingQuery, rankingCsv, rankingJson, rankingRows, StatsQueryError } from "../../watch/stats-api";
import { publicPage } from "~/utils/public-cache";

const CORS = { "Access-Control-Allow-Origin": "*" };

/**
 * GET /api/v1/stats?region=&kind=&sort=&dir=&format=json|csv — scorecards of a group of authorities, ranked;
 * the JSON also lists the recent batches with their response rate (`batches`, as on /stats).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  let query;
  try {
    query = parseRankingQuery(params);
  } catch (error) {
    if (error instanceof StatsQueryError) return Response.json({ error: "bad_request", message: error.message }, { status: 400, headers: CORS });
    throw error;
  }
  const format = params.get("format") ?? "json";
  if (format !== "json" && format !== "csv") return Response.json({ error: "bad_request", message: "format must be json or csv" }, { status: 400, headers: CORS });
  const result = await rankingRows(context.db, query);
  const headers = { ...CORS, "Cache-Control": "public, max-age=300" };
  if (format === "csv") {
    const name = ["dossier-stats", query.region, query.kind].filter(Boolean).join("-");
    return new Response(rankingCsv(result), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.csv"` } });
  }
  const batches = batchStatsJson(await batchStats(context.db), context.config.baseUrl);
  return Response.json({ ...rankingJson(query, result), batches }, { headers });
}

/** The same JSON for every anonymous client: kept by the page cache until the data changes (docs/decisions/914). */
export const handle = publicPage;
