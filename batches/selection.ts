/**
 * Which authorities a batch goes to: a kind (or several), a region, a
 * province, a parent, a directory search (the same query string as the
 * directory page, so a saved directory search can be pasted), and the
 * ticked ones among them. Province is derived (authorities/provinces.ts),
 * so it is applied here, after the database narrowed the rest.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../db/connect";
import { isProvince, provinceOf, PROVINCES } from "../authorities/provinces";
import { KINDS, REGIONS } from "../authorities/vocabulary";
import { foldAccents } from "../core/text";
import { InvalidInputError } from "../core/errors";

export type Selection = {
  kinds: string[];
  region: string | null;
  province: string | null;
  /** The parent authority's slug. */
  parent: string | null;
  /** Words of the authority's names (accents and case ignored). */
  q: string;
  /** Slugs of the ticked authorities; empty means every authority the filters find. */
  ticked: string[];
};

export const MAX_BATCH_AUTHORITIES = 2000;

const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(200).optional());

const selectionSchema = z.object({
  kinds: z.array(z.enum(KINDS, { errorMap: () => ({ message: "unknown kind of authority" }) })).max(KINDS.length),
  region: z.preprocess((v) => (v === "" ? undefined : v), z.enum(REGIONS, { errorMap: () => ({ message: "unknown region" }) }).optional()),
  province: z.preprocess((v) => (v === "" ? undefined : v), z.enum(PROVINCES, { errorMap: () => ({ message: "unknown province" }) }).optional()),
  parent: optionalText,
  q: optionalText,
  ticked: z.array(z.string().trim().regex(/^[a-z0-9-]{1,120}$/, "not an authority")).max(MAX_BATCH_AUTHORITIES),
});

/** Reads a selection from a query string or form (`kind` may repeat; `authority` repeats once per ticked body). */
export function selectionFromParams(params: URLSearchParams): Selection {
  const parsed = selectionSchema.safeParse({
    kinds: params.getAll("kind").filter((k) => k !== ""),
    region: params.get("region") ?? undefined,
    province: params.get("province") ?? undefined,
    parent: params.get("parent") ?? undefined,
    q: params.get("q") ?? undefined,
    ticked: params.getAll("authority").filter((a) => a !== ""),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(`${issue.path.join(".")}: ${issue.message}`, "invalid_selection");
  }
  const s = parsed.data;
  // The chooser's form says it lists ticked boxes: none ticked is an empty choice, not "all of them".
  if (params.has("ticking") && s.ticked.length === 0) throw new InvalidInputError("Tick at least one authority", "empty_selection");
  return { kinds: [...new Set(s.kinds)], region: s.region ?? null, province: s.province ?? null, parent: s.parent ?? null, q: s.q ?? "", ticked: [...new Set(s.ticked)] };
}

/** The query string of a selection (links back to the chooser, the batch page's "how it was chosen"). */
export function selectionToParams(selection: Selection, withTicked = true): URLSearchParams {
  const params = new URLSearchParams();
  for (const k of selection.kinds) params.append("kind", k);
  if (selection.region) params.set("region", selection.region);
  if (selection.province) params.set("province", selection.province);
  if (selection.parent) params.set("parent", selection.parent);
  if (selection.q) params.set("q", selection.q);
  if (withTicked) for (const slug of selection.ticked) params.append("authority", slug);
  return params;
}

export function hasFilter(selection: Selection): boolean {
  return selection.kinds.length > 0 || selection.region !== null || selection.province !== null || selection.parent !== null || selection.q !== "" || selection.ticked.length > 0;
}

export type CandidateAuthority = {
  id: number;
  slug: string;
  name_fr: string | null;
  name_nl: string | null;
  name_de: string | null;
  name_en: string | null;
  kind: string;
  region: string | null;
  regime: string;
  languages: string[];
  email: string | null;
  email_verified: boolean;
  email_source: string | null;
  address: string | null;
  active: boolean;
  province: string | null;
};

/**
 * The active authorities the filters find, in name order (ticked slugs,
 * when given, narrow them further). Refuses an empty selection: a batch
 * to "everyone" must be asked for with at least one filter.
 */
export async function selectAuthorities(db: Db, selection: Selection): Promise<CandidateAuthority[]> {
  if (!hasFilter(selection)) throw new InvalidInputError("Choose at least a kind, a region, a province, a parent, a search or some authorities", "empty_selection");
  let q = db
    .selectFrom("authorities")
    .select(["id", "slug", "name_fr", "name_nl", "name_de", "name_en", "kind", "region", "regime", "languages", "email", "email_verified", "email_source", "active", "nis_code", "address"])
    .where("active", "=", true)
    .orderBy("sort_name")
    .orderBy("id");
  if (selection.kinds.length) q = q.where("kind", "in", selection.kinds);
  if (selection.region) q = q.where("region", "=", selection.region);
  if (selection.parent) q = q.where("parent_slug", "=", selection.parent);
  if (selection.ticked.length) q = q.where("slug", "in", selection.ticked);
  if (selection.q) {
    // The normalised keys the directory search uses, or the names as written.
    for (const word of selection.q.split(/\s+/).filter((w) => w.length > 0)) {
      const folded = `%${foldAccents(word).toLowerCase().replace(/[\\%_]/g, "")}%`;
      const raw = `%${word.replace(/[\\%_]/g, "")}%`;
      q = q.where((eb) => eb.or([eb("search_keys", "like", folded), eb(sql<string>`concat_ws(' ', name_fr, name_nl, name_de, name_en)`, "ilike", raw)]));
    }
  }
  const rows = await q.execute();
  const withProvince = rows.map(({ nis_code, ...a }) => ({ ...a, province: provinceOf({ nis_code, address: a.address }) }));
  const found = selection.province ? withProvince.filter((a) => isProvince(selection.province) && a.province === selection.province) : withProvince;
  if (found.length > MAX_BATCH_AUTHORITIES) throw new InvalidInputError(`A batch reaches at most ${MAX_BATCH_AUTHORITIES} authorities; narrow the selection`, "selection_too_large");
  return found;
}
