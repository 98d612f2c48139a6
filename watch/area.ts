/**
 * A group of authorities — a region, a kind and/or a province — as the
 * ranking page, the area feed and area follows read it from a query string
 * (`?region=wallonia&kind=cpas&province=hainaut`).
 */
import { isProvince, PROVINCES } from "../authorities/provinces";
import { KINDS, REGIONS } from "../authorities/vocabulary";

export type Area = { region: string | null; kind: string | null; province: string | null };

/** Reads region, kind and province; an unknown value is an error, not silently ignored. */
export function parseArea(params: URLSearchParams): { ok: true; area: Area } | { ok: false; error: string } {
  const region = params.get("region") || null;
  const kind = params.get("kind") || null;
  const province = params.get("province") || null;
  if (region && !(REGIONS as readonly string[]).includes(region)) return { ok: false, error: `unknown region "${region}" (one of ${REGIONS.join(", ")})` };
  if (kind && !(KINDS as readonly string[]).includes(kind)) return { ok: false, error: `unknown kind "${kind}" (one of ${KINDS.join(", ")})` };
  if (province && !isProvince(province)) return { ok: false, error: `unknown province "${province}" (one of ${PROVINCES.join(", ")})` };
  return { ok: true, area: { region, kind, province } };
}

export function areaQuery(area: Partial<Area>, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (area.region) params.set("region", area.region);
  if (area.kind) params.set("kind", area.kind);
  if (area.province) params.set("province", area.province);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}
