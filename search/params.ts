import { z } from "zod";
import { documentTypes, maxPerPage, type SearchFilters, type SearchRequest } from "../core/search";

/**
 * The search parameters of the page, the JSON API and the Atom feed — one
 * schema, read from a URL's query string:
 * q, authority, region, kind, state, year, attachments (yes|no), filetype,
 * lang, type, from, to (YYYY-MM-DD), sort (relevance|date), page, per_page.
 */
const value = z.string().trim().min(1).max(100);
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((value) => Number(value.slice(0, 4)) >= 1000, "must be a year from 1000 on")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "is not a day of the calendar");
const schema = z.object({
  q: z.string().max(500, "is longer than 500 characters").default(""),
  authority: z.array(value).max(20).default([]),
  region: z.array(value).max(20).default([]),
  kind: z.array(value).max(20).default([]),
  state: z.array(value).max(20).default([]),
  year: z.array(z.coerce.number().int().min(1900).max(2200)).max(50).default([]),
  filetype: z.array(value).max(20).default([]),
  lang: z.array(value).max(10).default([]),
  type: z.array(z.enum(documentTypes as [string, ...string[]])).max(3).default([]),
  attachments: z.enum(["yes", "no"]).optional(),
  from: date.optional(),
  to: date.optional(),
  sort: z.enum(["relevance", "date"]).default("relevance"),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  per_page: z.coerce.number().int().min(1).max(maxPerPage).default(20),
});
export type SearchParams = z.infer<typeof schema>;

const multi = ["authority", "region", "kind", "state", "year", "filetype", "lang", "type"] as const;

/** `errors` are English sentences for the API; `fields` name the parameters at fault, for a page to explain in the reader's language. */
export type ParsedSearchParams = { ok: true; params: SearchParams; request: SearchRequest } | { ok: false; errors: string[]; fields: SearchField[] };

/** The query-string parameters the search understands. */
export const searchFields = ["q", "authority", "region", "kind", "state", "year", "attachments", "filetype", "lang", "type", "from", "to", "sort", "page", "per_page"] as const;
export type SearchField = (typeof searchFields)[number];

export function parseSearchParams(search: URLSearchParams): ParsedSearchParams {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key).filter((v) => v !== "");
    if ((multi as readonly string[]).includes(key)) raw[key] = values;
    else if (values.length) raw[key] = values[values.length - 1];
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const fields = new Set(result.error.issues.map((i) => String(i.path[0] ?? "q")).filter((f): f is SearchField => (searchFields as readonly string[]).includes(f)));
    return { ok: false, errors: result.error.issues.map((i) => `${i.path.join(".") || "query"} ${i.message}`), fields: [...fields] };
  }
  const p = result.data;
  const filters: SearchFilters = {};
  if (p.authority.length) filters.authority = p.authority;
  if (p.region.length) filters.region = p.region;
  if (p.kind.length) filters.kind = p.kind;
  if (p.state.length) filters.state = p.state;
  if (p.year.length) filters.year = p.year;
  if (p.filetype.length) filters.fileType = p.filetype;
  if (p.lang.length) filters.language = p.lang;
  if (p.type.length) filters.type = p.type as SearchFilters["type"];
  if (p.attachments) filters.hasAttachments = p.attachments === "yes";
  if (p.from) filters.dateFrom = p.from;
  if (p.to) filters.dateTo = p.to;
  return { ok: true, params: p, request: { q: p.q, filters, sort: p.sort, page: p.page, perPage: p.per_page } };
}

/** Turns params back into a query string (for links that add or remove one filter). */
export function searchQueryString(params: Partial<SearchParams>): string {
  const out = new URLSearchParams();
  if (params.q) out.set("q", params.q);
  for (const key of multi) for (const v of (params[key] as Array<string | number> | undefined) ?? []) out.append(key, String(v));
  if (params.attachments) out.set("attachments", params.attachments);
  if (params.from) out.set("from", params.from);
  if (params.to) out.set("to", params.to);
  if (params.sort && params.sort !== "relevance") out.set("sort", params.sort);
  if (params.page && params.page > 1) out.set("page", String(params.page));
  if (params.per_page && params.per_page !== 20) out.set("per_page", String(params.per_page));
  return out.toString();
}

