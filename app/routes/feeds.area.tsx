import type { LoaderFunctionArgs } from "@remix-run/node";
import { areaQuery, parseArea } from "../../watch/area";
import { ATOM_HEADERS, buildFeed } from "../../watch/feeds";
import { areaLabel } from "../../watch/labels";
import { translate } from "../../core/i18n/index";
import { getLocale } from "~/i18n/locale.server";

/** GET /feeds/area?region=&kind=&province= — Atom feed of every request to a group of authorities. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = parseArea(new URL(request.url).searchParams);
  if (!parsed.ok || (!parsed.area.region && !parsed.area.kind && !parsed.area.province)) {
    const error = parsed.ok ? "" : `${parsed.error}. `;
    return new Response(`${error}Give a known region, kind and/or province, e.g. ?kind=cpas&province=hainaut`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { region, kind, province } = parsed.area;
  const locale = await getLocale(request);
  const query = areaQuery(parsed.area);
  const xml = await buildFeed(context.db, context.config, locale, { type: "area", region, kind, province }, {
    // Feeds made before provinces existed keep their id.
    key: `area/${region ?? "*"}/${kind ?? "*"}${province ? `/${province}` : ""}`,
    title: translate(locale, "watch.feed.title.area", { area: areaLabel(locale, region, kind, province) }),
    selfPath: `/feeds/area?${query}`,
    pagePath: `/stats?${query}`,
  });
  return new Response(xml, { headers: ATOM_HEADERS });
}
