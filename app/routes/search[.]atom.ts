import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";
import { searchQueryString } from "../../search/params";
import { searchFromQuery } from "../../search/run-search.server";
import { snippetText } from "../../search/snippet";

/** GET /search.atom?q=… — an Atom feed of any search, newest first, so journalists can follow it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const outcome = await searchFromQuery(context, url.searchParams, { sort: "date", page: 1, perPage: 50, facets: false });
  if (outcome.status !== "ok") {
    const message = outcome.status === "invalid" ? outcome.errors.join("\n") : "q is required";
    return new Response(`${message}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const locale = await getLocale(request);
  const base = context.config.baseUrl;
  const query = searchQueryString({ ...outcome.params, sort: "relevance", page: 1 });
  const self = `${base}/search.atom?${query}`;
  const hits = outcome.result.hits;
  const updated = hits[0]?.date ?? new Date(0).toISOString();
  const entries = hits.map((hit) => {
    const authority = hit.authorityNames[locale] ?? hit.authorityNames.fr ?? hit.authorityNames.nl ?? hit.authorityNames.de ?? hit.authoritySlug ?? "";
    const title = hit.subtitle ? `${hit.title} — ${hit.subtitle}` : hit.title;
    return `  <entry>
    <id>${xml(base + hit.url)}</id>
    <title>${xml(title)}</title>
    <link rel="alternate" type="text/html" href="${xml(base + hit.url)}"/>
    <updated>${xml(hit.date)}</updated>
    <author><name>${xml(authority)}</name></author>
    <category term="${xml(hit.type)}"/>
    <summary>${xml(snippetText(hit.snippet))}</summary>
  </entry>`;
  });
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
  <id>${xml(self)}</id>
  <title>${xml(translate(locale, "search.feedTitle", { q: outcome.params.q }))}</title>
  <updated>${xml(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}/search?${query}`)}"/>
${entries.join("\n")}
</feed>
`;
  return new Response(body, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}

function xml(text: string): string {
  // Characters XML 1.0 forbids (control characters from extracted PDFs) are dropped.
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
