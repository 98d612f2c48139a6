/**
 * The public JSON of the directory (/api/v1/authorities and
 * /api/v1/authorities/:slug): the export contract's fields, plus, for one
 * authority, the law that applies to it.
 */
import type { Db } from "../db/connect";
import { APPEAL_BODIES } from "./appeal-bodies";
import { getAuthorityBySlug, getChildren, searchDirectory, type DirectoryQuery } from "./directory";
import { authorityToDirectoryRow } from "./import";
import { isRegimeId, REGIMES } from "./regimes";
import { CONTRACT_COLUMNS } from "./vocabulary";

function contractShape(row: ReturnType<typeof authorityToDirectoryRow>) {
  return Object.fromEntries(CONTRACT_COLUMNS.map((c) => [c, row[c]]));
}

export async function listAuthoritiesJson(db: Db, query: DirectoryQuery) {
  const page = await searchDirectory(db, query);
  const slugs = page.items.map((i) => i.slug);
  const rows = slugs.length
    ? await db.selectFrom("authorities").selectAll().where("slug", "in", slugs).execute()
    : [];
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  return {
    query: page.query,
    total: page.total,
    page: page.page,
    per_page: page.perPage,
    pages: page.pages,
    items: slugs.map((s) => contractShape(authorityToDirectoryRow(bySlug.get(s)!))),
  };
}

export async function authorityJson(db: Db, slug: string) {
  const a = await getAuthorityBySlug(db, slug);
  if (!a) return null;
  const row = authorityToDirectoryRow(a);
  const children = await getChildren(db, slug);
  const regime = isRegimeId(a.regime) ? REGIMES[a.regime] : null;
  const body = regime ? APPEAL_BODIES[regime.appealBody.value] ?? null : null;
  return {
    ...contractShape(row),
    language_facilities: row.language_facilities,
    address: row.address,
    notes: row.notes,
    children: children.map((c) => c.slug),
    access_regime: regime
      ? {
          id: regime.id,
          legal_basis: regime.legalBasis.value,
          due: { ...regime.due.value, verified: regime.due.verified, source: regime.due.source },
          extended_due: { ...regime.extendedDue.value, verified: regime.extendedDue.verified, source: regime.extendedDue.source },
          appeal_after_silence: { ...regime.appealAfterSilence.value, verified: regime.appealAfterSilence.verified, source: regime.appealAfterSilence.source },
          appeal_after_refusal: { ...regime.appealAfterRefusal.value, verified: regime.appealAfterRefusal.verified, source: regime.appealAfterRefusal.source },
          appeal_body: body
            ? { id: body.id, binding: body.binding, postal_address: body.postalAddress, email: body.email, phone: body.phone, website: body.website }
            : null,
        }
      : null,
  };
}
