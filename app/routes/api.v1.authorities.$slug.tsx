import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorityJson } from "../../authorities/api";

/** GET /api/v1/authorities/:slug (public data only). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const body = await authorityJson(context.db, params.slug ?? "");
  if (!body) return Response.json({ error: "not_found" }, { status: 404, headers: { "Access-Control-Allow-Origin": "*" } });
  return Response.json(body, { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
}
