import type { LoaderFunctionArgs } from "@remix-run/node";
import { KINDS, REGIONS } from "../../authorities/vocabulary";
import { ATOM_HEADERS, buildFeed } from "../../watch/feeds";
import { areaLabel } from "../../watch/labels";
import { translate } from "~/i18n";
import { getLocale } from "~/i18n/locale.server";

/** GET /feeds/area?region=&kind= — Atom feed of every request to a group of authorities. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const region = url.searchParams.get("region") || null;
  const kind = url.searchParams.get("kind") || null;
  if ((region && !(REGIONS as readonly string[]).includes(region)) || (kind && !(KINDS as readonly string[]).includes(kind)) || (!region && !kind)) {
    return new Response("Give a known region and/or kind, e.g. ?region=wallonia&kind=cpas", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const locale = await getLocale(request);
  const query = new URLSearchParams();
  if (region) query.set("region", region);
  if (kind) query.set("kind", kind);
  const xml = await buildFeed(context.db, context.config, locale, { type: "area", region, kind }, {
    key: `area/${region ?? "*"}/${kind ?? "*"}`,
    title: translate(locale, "watch.feed.title.area", { area: areaLabel(locale, region, kind) }),
    selfPath: `/feeds/area?${query}`,
    pagePath: `/stats?${query}`,
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}
