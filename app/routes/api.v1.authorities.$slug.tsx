import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorityJson } from "../../authorities/api";
import { getAuthorityBySlug } from "../../authorities/directory";
import { channelsJson } from "../../requests/channels";
import { publicPage } from "~/utils/public-cache";

/** GET /api/v1/authorities/:slug (public data only), with the channels a request can take. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const [body, authority] = await Promise.all([authorityJson(context.db, params.slug ?? ""), getAuthorityBySlug(context.db, params.slug ?? "")]);
  if (!body || !authority) return Response.json({ error: "not_found" }, { status: 404, headers: { "Access-Control-Allow-Origin": "*" } });
  return Response.json({ ...body, ...channelsJson(authority) }, { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
}

/** The same JSON for every anonymous client: kept by the page cache until the data changes (docs/decisions/914). */
export const handle = publicPage;
