/**
 * Importing and exporting the directory. Rows are matched by slug (the stable
 * key); the whole import runs in one transaction, so it is all-or-nothing; a
 * second import of the same file changes nothing. Validation happens before
 * (parseDirectoryFile), so a bad row is refused with its line and field
 * before anything is written.
 *
 * Authorities missing from the file are reported as "would remove"; they are
 * marked inactive only when the caller asks (`deactivateMissing`), because an
 * administrator may have added bodies the file does not know about.
 */
import type { Db } from "../db/connect";
import type { AuthoritiesTable } from "../db/schema";
import { sql, type Insertable, type Selectable } from "kysely";
import { directoryRowsToCsv, directoryRowsToJson, type DirectoryRow } from "./directory-row";
import { searchKeysColumn, sortNameColumn } from "./names";
import { DIRECTORY_COLUMNS, type DirectoryColumn } from "./vocabulary";

export interface ImportChange {
  slug: string;
  fields: DirectoryColumn[];
}

export interface ImportReport {
  dryRun: boolean;
  total: number;
  added: string[];
  changed: ImportChange[];
  unchanged: number;
  /** In the database, active, and not in the file. */
  wouldRemove: string[];
  /** Marked inactive by this import (only with deactivateMissing). */
  deactivated: string[];
  /**
   * Rows whose verified e-mail (e.g. accepted from a citizen's proposal) was
   * kept because the file offers no verified one.
   */
  keptVerifiedEmail: string[];
  /**
   * Fields an administrator set by hand (authorities/admin.ts, accepted
   * proposals) where the file says something else: the administrator's value
   * is kept, and reported here so someone can decide which is right.
   */
  conflicts: ImportConflict[];
}

export interface ImportConflict {
  slug: string;
  field: DirectoryColumn;
  kept: unknown;
  file: unknown;
}

export interface ImportOptions {
  dryRun?: boolean;
  deactivateMissing?: boolean;
  /**
   * The columns the file carries (parseDirectoryFile tells); the others are
   * neither compared nor overwritten on existing rows. Default: all.
   */
  columns?: readonly DirectoryColumn[];
  /** Called as rows are written: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

type AuthorityRow = Selectable<AuthoritiesTable>;

/** A database row in the shape of a directory row. */
export function authorityToDirectoryRow(a: AuthorityRow): DirectoryRow {
  return {
    slug: a.slug,
    name_fr: a.name_fr,
    name_nl: a.name_nl,
    name_de: a.name_de,
    name_en: a.name_en,
    kind: a.kind as DirectoryRow["kind"],
    level: a.level as DirectoryRow["level"],
    region: a.region as DirectoryRow["region"],
    regime: a.regime as DirectoryRow["regime"],
    languages: a.languages as DirectoryRow["languages"],
    nis_code: a.nis_code,
    kbo_number: a.kbo_number,
    parent_slug: a.parent_slug,
    website: a.website,
    email: a.email,
    email_source: a.email_source,
    email_verified: a.email_verified,
    active: a.active,
    language_facilities: a.language_facilities as DirectoryRow["language_facilities"],
    address: a.address,
    notes: a.notes,
  };
}

function valuesOf(row: DirectoryRow) {
  return {
    slug: row.slug,
    name_fr: row.name_fr,
    name_nl: row.name_nl,
    name_de: row.name_de,
    name_en: row.name_en,
    kind: row.kind,
    level: row.level,
    region: row.region,
    regime: row.regime,
    languages: row.languages,
    nis_code: row.nis_code,
    kbo_number: row.kbo_number,
    parent_slug: row.parent_slug,
    website: row.website,
    email: row.email,
    email_source: row.email_source,
    email_verified: row.email_verified,
    active: row.active,
    language_facilities: row.language_facilities,
    address: row.address,
    notes: row.notes,
    search_keys: searchKeysColumn(row),
    sort_name: sortNameColumn(row),
  } satisfies Insertable<AuthoritiesTable>;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return (a ?? null) === (b ?? null);
}

export function diffRow(existing: DirectoryRow, incoming: DirectoryRow, columns: readonly DirectoryColumn[] = DIRECTORY_COLUMNS): DirectoryColumn[] {
  return columns.filter((c) => c !== "slug" && !same(existing[c], incoming[c]));
}

const BATCH = 200;

/** Import rows (already validated) into the authorities table. */
export async function importDirectory(db: Db, rows: readonly DirectoryRow[], opts: ImportOptions = {}): Promise<ImportReport> {
  const dryRun = opts.dryRun === true;
  const columns = opts.columns ?? DIRECTORY_COLUMNS;
  // An existing row keeps the values of columns the file does not carry.
  const merge = (current: DirectoryRow, row: DirectoryRow): DirectoryRow =>
    columns.length === DIRECTORY_COLUMNS.length
      ? row
      : ({ ...current, ...Object.fromEntries(columns.map((c) => [c, row[c]])) } as DirectoryRow);
  const work = async (trx: Db): Promise<ImportReport> => {
    // One import at a time: two processes loading an empty directory at
    // start must not both insert.
    await sql`select pg_advisory_xact_lock(hashtext('dossier.authorities.import'))`.execute(trx);
    const existingRows = await trx.selectFrom("authorities").selectAll().execute();
    const existing = new Map(existingRows.map((a) => [a.slug, a]));
    const edited = new Map<number, Set<string>>();
    for (const e of await trx.selectFrom("authority_admin_edits").select(["authority_id", "field"]).execute()) {
      edited.set(e.authority_id, (edited.get(e.authority_id) ?? new Set()).add(e.field));
    }
    const conflicts: ImportConflict[] = [];
    const inFile = new Set(rows.map((r) => r.slug));

    const toInsert: DirectoryRow[] = [];
    const toUpdate: Array<{ row: DirectoryRow; fields: DirectoryColumn[]; derivedStale: boolean }> = [];
    let unchanged = 0;
    const keptVerifiedEmail: string[] = [];
    for (const row of rows) {
      const current = existing.get(row.slug);
      if (!current) {
        toInsert.push(row);
        continue;
      }
      let merged = merge(authorityToDirectoryRow(current), row);
      // A verified address is never replaced by an unverified one (or none).
      if (current.email_verified && current.email && !merged.email_verified && columns.includes("email")) {
        if (merged.email !== current.email || merged.email_source !== current.email_source) keptVerifiedEmail.push(row.slug);
        merged = { ...merged, email: current.email, email_source: current.email_source, email_verified: true };
      }
      // An administrator's edit stays; a different value in the file is reported.
      const adminFields = edited.get(current.id);
      if (adminFields) {
        const now = authorityToDirectoryRow(current);
        for (const field of columns) {
          if (!adminFields.has(field) || same(now[field], merged[field])) continue;
          conflicts.push({ slug: row.slug, field, kept: now[field], file: merged[field] });
          merged = { ...merged, [field]: now[field] };
        }
      }
      const fields = diffRow(authorityToDirectoryRow(current), merged, columns);
      const v = valuesOf(merged);
      // The derived columns are refreshed when the naming rules change too.
      const derivedStale = current.search_keys !== v.search_keys || current.sort_name !== v.sort_name;
      if (fields.length > 0 || derivedStale) toUpdate.push({ row: merged, fields, derivedStale });
      else unchanged += 1;
    }
    const missing = existingRows.filter((a) => a.active && !inFile.has(a.slug)).map((a) => a.slug).sort();

    const report: ImportReport = {
      dryRun,
      total: rows.length,
      added: toInsert.map((r) => r.slug),
      changed: toUpdate.filter((u) => u.fields.length > 0).map((u) => ({ slug: u.row.slug, fields: u.fields })),
      unchanged: unchanged + toUpdate.filter((u) => u.fields.length === 0).length,
      wouldRemove: missing,
      deactivated: [],
      keptVerifiedEmail,
      conflicts,
    };
    if (dryRun) return report;

    const totalWrites = toInsert.length + toUpdate.length;
    let done = 0;
    for (let i = 0; i < toInsert.length; i += BATCH) {
      const batch = toInsert.slice(i, i + BATCH);
      await trx.insertInto("authorities").values(batch.map(valuesOf)).execute();
      done += batch.length;
      opts.onProgress?.(done, totalWrites);
    }
    for (const u of toUpdate) {
      await trx
        .updateTable("authorities")
        .set({ ...valuesOf(u.row), ...(u.fields.length > 0 ? { updated_at: sql`now()` } : {}) })
        .where("slug", "=", u.row.slug)
        .execute();
      done += 1;
      if (done % 50 === 0 || done === totalWrites) opts.onProgress?.(done, totalWrites);
    }
    if (opts.deactivateMissing && missing.length > 0) {
      await trx.updateTable("authorities").set({ active: false, updated_at: sql`now()` }).where("slug", "in", missing).execute();
      report.deactivated = missing;
    }
    return report;
  };
  // A dry run reads inside a transaction too, so its report is one consistent snapshot.
  return db.transaction().execute((trx) => work(trx as unknown as Db));
}

export async function countAuthorities(db: Db): Promise<number> {
  const r = await db.selectFrom("authorities").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every authority, ordered by slug, as directory rows. */
export async function exportDirectoryRows(db: Db): Promise<DirectoryRow[]> {
  const rows = await db.selectFrom("authorities").selectAll().orderBy("slug").execute();
  return rows.map(authorityToDirectoryRow);
}

export async function exportDirectory(db: Db, format: "csv" | "json"): Promise<string> {
  const rows = await exportDirectoryRows(db);
  return format === "csv" ? directoryRowsToCsv(rows) : directoryRowsToJson(rows);
}

/** A short human summary of an import report. */
export function formatImportReport(r: ImportReport): string {
  const lines = [
    `${r.dryRun ? "Dry run: would add" : "Added"} ${r.added.length}, ${r.dryRun ? "would change" : "changed"} ${r.changed.length}, unchanged ${r.unchanged} (of ${r.total} rows).`,
  ];
  const list = (label: string, items: string[]) => {
    if (items.length === 0) return;
    const shown = items.slice(0, 20);
    lines.push(`${label} (${items.length}): ${shown.join(", ")}${items.length > shown.length ? ", …" : ""}`);
  };
  list(r.dryRun ? "Would add" : "Added", r.added);
  list(
    r.dryRun ? "Would change" : "Changed",
    r.changed.map((c) => `${c.slug} [${c.fields.join(", ")}]`),
  );
  list("Kept the verified e-mail (the file has no verified one)", r.keptVerifiedEmail);
  list(
    "Conflicts: kept an administrator's edit where the file differs",
    r.conflicts.map((c) => `${c.slug}.${c.field}: kept ${JSON.stringify(c.kept)}, file ${JSON.stringify(c.file)}`),
  );
  if (r.deactivated.length > 0) list("Marked inactive (not in the file)", r.deactivated);
  else list("Would remove (in the database, not in the file; use --deactivate-missing to mark them inactive)", r.wouldRemove);
  return lines.join("\n");
}
