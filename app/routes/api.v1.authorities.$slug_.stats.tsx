import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorityStatsJson } from "../../watch/stats-api";
import { publicPage } from "~/utils/public-cache";

const CORS = { "Access-Control-Allow-Origin": "*" };

/** GET /api/v1/authorities/:slug/stats — the precomputed scorecard of one authority. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const body = await authorityStatsJson(context.db, params.slug ?? "");
  if (!body) return Response.json({ error: "not_found" }, { status: 404, headers: CORS });
  return Response.json(body, { headers: { ...CORS, "Cache-Control": "public, max-age=300" } });
}

/** The same JSON for every anonymous client: kept by the page cache until the data changes (docs/decisions/914). */
export const handle = publicPage;
