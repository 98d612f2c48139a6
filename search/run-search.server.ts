import type { AppContext } from "../core/context";
import { parseSearchParams, type SearchField, type SearchParams } from "./params";
import { facetValuesShown, SearchQueryError, type SearchRequest, type SearchResult } from "../core/search";

/** Server-only (the `.server` name keeps it out of the browser bundle). */
export type SearchOutcome =
  | { status: "empty"; params: SearchParams }
  | { status: "invalid"; errors: string[]; fields: SearchField[] }
  | { status: "ok"; params: SearchParams; result: SearchResult; authorityNames: Record<string, Record<string, string | null>> };

/** Runs a search from a query string with the configured backend. */
export async function searchFromQuery(context: Pick<AppContext, "db" | "search">, search: URLSearchParams, overrides: Partial<SearchRequest> = {}): Promise<SearchOutcome> {
  const { db } = context;
  const parsed = parseSearchParams(search);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors, fields: parsed.fields };
  if (!parsed.params.q.trim()) return { status: "empty", params: parsed.params };
  let result: SearchResult;
  try {
    result = await context.search.search({ ...parsed.request, ...overrides });
  } catch (error) {
    if (error instanceof SearchQueryError) return { status: "invalid", errors: [error.message], fields: ["q"] };
    throw error;
  }
  const slugs = new Set<string>([...(result.facets?.authority ?? []).slice(0, facetValuesShown).map((f) => f.value), ...parsed.params.authority]);
  const authorityNames: Record<string, Record<string, string | null>> = {};
  if (slugs.size) {
    const rows = await db.selectFrom("authorities").select(["slug", "name_fr", "name_nl", "name_de", "name_en"]).where("slug", "in", [...slugs]).execute();
    for (const r of rows) authorityNames[r.slug] = { fr: r.name_fr, nl: r.name_nl, de: r.name_de, en: r.name_en };
  }
  return { status: "ok", params: parsed.params, result, authorityNames };
}
