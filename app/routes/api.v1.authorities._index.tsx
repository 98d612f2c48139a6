import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAuthoritiesJson } from "../../authorities/api";
import { MAX_DIRECTORY_PAGE } from "../../authorities/directory";
import { isDossierError } from "../../core/errors";
import { publicPage } from "~/utils/public-cache";

/** GET /api/v1/authorities?q=&region=&kind=&letter=&page=&per_page= (public data only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const num = (name: string, fallback: number) => {
    const n = Number(url.searchParams.get(name) ?? fallback);
    return Number.isFinite(n) ? n : fallback;
  };
  const body = await listAuthoritiesJson(context.db, {
    q: url.searchParams.get("q"),
    region: url.searchParams.get("region"),
    kind: url.searchParams.get("kind"),
    letter: url.searchParams.get("letter"),
    page: num("page", 1),
    perPage: num("per_page", 50),
  }).catch((error: unknown) => {
    if (isDossierError(error) && error.status === 400) return null;
    throw error;
  });
  if (!body) return Response.json({ error: "bad_request", message: `page must be a whole number from 1 to ${MAX_DIRECTORY_PAGE}` }, { status: 400, headers: { "Access-Control-Allow-Origin": "*" } });
  return Response.json(body, { headers: { "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" } });
}

/** The same JSON for every anonymous client: kept by the page cache until the data changes (docs/decisions/914). */
export const handle = publicPage;
