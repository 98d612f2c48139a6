import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { searchFromQuery } from "../../search/run-search.server";
import { snippetText } from "../../search/snippet";
import { publicPageWithDatabaseSearch } from "~/utils/public-cache";

/**
 * GET /api/v1/search?q=… — the search page's results as JSON, with the same
 * filters (authority, region, kind, state, year, attachments, filetype,
 * lang, type, from, to), sort, page and per_page. Public data only.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const outcome = await searchFromQuery(context, new URL(request.url).searchParams);
  const headers = { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60" };
  if (outcome.status === "invalid") return json({ error: "invalid_query", messages: outcome.errors }, { status: 400, headers });
  if (outcome.status === "empty") return json({ error: "missing_query", messages: ["q is required"] }, { status: 400, headers });
  const { params, result } = outcome;
  const base = context.config.baseUrl;
  return json(
    {
      query: params.q,
      sort: params.sort,
      page: result.page,
      per_page: result.perPage,
      total: result.total,
      total_is_lower_bound: result.totalIsLowerBound,
      results: result.hits.map((hit) => ({
        id: hit.id,
        type: hit.type,
        url: base + hit.url,
        request: { id: hit.requestId, slug: hit.requestSlug, title: hit.title, state: hit.state, url: `${base}/requests/${hit.requestId}` },
        message_id: hit.messageId,
        attachment_id: hit.attachmentId,
        subtitle: hit.subtitle,
        authority: { slug: hit.authoritySlug, names: hit.authorityNames },
        region: hit.region,
        kind: hit.kind,
        language: hit.language,
        date: hit.date,
        has_attachments: hit.hasAttachments,
        file_type: hit.fileType,
        snippet: hit.snippet ? snippetText(hit.snippet.map((p) => ({ ...p, text: escapeHtml(p.text) })), "<mark>", "</mark>") : null,
        snippet_text: hit.snippet ? snippetText(hit.snippet) : null,
        page: hit.page,
        text_recognised: hit.recognised,
      })),
      facets: result.facets,
      facets_approximate: result.facetsApproximate,
    },
    { headers },
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The same JSON for every anonymous client: kept by the page cache until the data changes (docs/decisions/914). */
export const handle = publicPageWithDatabaseSearch;
