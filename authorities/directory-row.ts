/**
 * One row of the authority directory, as it appears in the committed CSV, in
 * an import file (CSV or JSON) and in the export. One schema serves both
 * formats: CSV cells arrive as strings and are coerced (pipe-separated
 * languages, true/false), JSON values may already be arrays and booleans.
 */
import { z } from "zod";
import { CsvSyntaxError, parseCsv, writeCsv } from "./csv";
import {
  CONTRACT_COLUMNS,
  DIRECTORY_COLUMNS,
  KINDS,
  LANGUAGES,
  LEVELS,
  REGIME_IDS,
  REGIONS,
  type DirectoryColumn,
  type Language,
} from "./vocabulary";

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Empty strings and whitespace mean "unknown"; stored as null. */
const optionalText = (max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : typeof v === "string" ? v.trim() : v),
    z.string().max(max).nullable(),
  );

const requiredText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string().min(1, "is required").max(max));

const booleanField = (defaultValue: boolean) =>
  z.preprocess((v) => {
    if (v === undefined || v === null || v === "") return defaultValue;
    if (typeof v === "string") {
      const s = v.trim().toLowerCase();
      if (["true", "yes", "1", "y"].includes(s)) return true;
      if (["false", "no", "0", "n"].includes(s)) return false;
    }
    return v;
  }, z.boolean({ invalid_type_error: "must be true or false" }));

const languageList = (allowEmpty: boolean) =>
  z.preprocess(
    (v) => {
      if (v === undefined || v === null) return [];
      if (typeof v === "string") {
        return v
          .split(/[|;]/)
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== "");
      }
      return v;
    },
    z
      .array(z.enum(LANGUAGES, { errorMap: () => ({ message: `must be among ${LANGUAGES.join(", ")}` }) }))
      .refine((a) => allowEmpty || a.length > 0, "needs at least one language")
      .refine((a) => new Set(a).size === a.length, "lists a language twice"),
  );

const enumField = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.enum(values, { errorMap: () => ({ message: `must be one of ${values.join(", ")}` }) }),
  );

export const directoryRowSchema = z
  .object({
    slug: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() : v),
      z.string().min(1, "is required").max(120).regex(SLUG_RE, "must be lowercase ASCII letters, digits and single hyphens"),
    ),
    name_fr: optionalText(300),
    name_nl: optionalText(300),
    name_de: optionalText(300),
    name_en: optionalText(300),
    kind: enumField(KINDS),
    level: enumField(LEVELS),
    region: enumField(REGIONS),
    regime: enumField(REGIME_IDS),
    languages: languageList(false),
    nis_code: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? null : typeof v === "number" ? String(v).padStart(5, "0") : typeof v === "string" ? v.trim() : v),
      z.string().regex(/^\d{5}$/, "must be a five-digit NIS code").nullable(),
    ),
    kbo_number: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? null : typeof v === "string" ? v.replace(/[\s.]/g, "") : v),
      z.string().regex(/^[01]\d{9}$/, "must be a ten-digit KBO/BCE number").nullable(),
    ),
    parent_slug: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? null : typeof v === "string" ? v.trim() : v),
      z.string().regex(SLUG_RE, "must be a slug").nullable(),
    ),
    website: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? null : typeof v === "string" ? v.trim() : v),
      z.string().url("must be a URL").regex(/^https?:\/\//, "must start with http:// or https://").nullable(),
    ),
    email: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? null : typeof v === "string" ? v.trim() : v),
      z.string().email("must be an e-mail address").nullable(),
    ),
    email_source: optionalText(1000),
    email_verified: booleanField(false),
    active: booleanField(true),
    language_facilities: languageList(true),
    address: optionalText(500),
    notes: optionalText(5000),
  })
  .strict()
  .superRefine((row, ctx) => {
    if (!row.name_fr && !row.name_nl && !row.name_de) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name_fr"], message: "at least one of name_fr, name_nl, name_de is required" });
    }
    if (!row.email && row.email_verified) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email_verified"], message: "cannot be true without an e-mail" });
    }
    if (row.email && !row.email_source) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email_source"], message: "is required when an e-mail is given" });
    }
    if (row.parent_slug && row.parent_slug === row.slug) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["parent_slug"], message: "cannot be the row itself" });
    }
  });

export type DirectoryRow = z.infer<typeof directoryRowSchema>;
export type DirectoryLanguage = Language;

export interface DirectoryRowError {
  /** 1-based line in the file (for JSON: the line where the object starts). */
  line: number;
  /** The column at fault, or null when the error is about the whole row or file. */
  field: string | null;
  message: string;
}

export interface ParsedDirectoryRow {
  line: number;
  row: DirectoryRow;
}

export type ParseDirectoryResult =
  | {
      ok: true;
      rows: ParsedDirectoryRow[];
      /** Columns the file carries; an importer leaves the others untouched. */
      columns: DirectoryColumn[];
    }
  | { ok: false; errors: DirectoryRowError[] };

export function formatRowError(e: DirectoryRowError): string {
  return e.field ? `line ${e.line}, field "${e.field}": ${e.message}` : `line ${e.line}: ${e.message}`;
}

/** Validate one raw row; returns the typed row or its errors. */
export function validateDirectoryRow(
  raw: unknown,
  line: number,
): { ok: true; row: DirectoryRow } | { ok: false; errors: DirectoryRowError[] } {
  const result = directoryRowSchema.safeParse(raw);
  if (result.success) return { ok: true, row: result.data };
  const errors: DirectoryRowError[] = result.error.issues.map((issue) => {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      return { line, field: issue.keys.join(", "), message: "unknown column" };
    }
    const field = issue.path.length > 0 ? String(issue.path[0]) : null;
    return { line, field, message: issue.message };
  });
  return { ok: false, errors };
}

/** Line on which each top-level array element of a JSON text starts. */
function jsonElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectingElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line += 1;
    if (inString) {
      if (c === "\\") i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      if (depth === 1 && expectingElement) {
        lines.push(line);
        expectingElement = false;
      }
      inString = true;
    } else if (c === "[" || c === "{") {
      if (depth === 1 && expectingElement) {
        lines.push(line);
        expectingElement = false;
      }
      depth += 1;
      if (depth === 1) expectingElement = true;
    } else if (c === "]" || c === "}") {
      depth -= 1;
    } else if (c === "," && depth === 1) {
      expectingElement = true;
    } else if (depth === 1 && expectingElement && !/\s/.test(c)) {
      lines.push(line);
      expectingElement = false;
    }
  }
  return lines;
}

/**
 * Parse a whole directory file. Checks every row, then the file as a whole
 * (unique slugs, parents present in the file). Returns all errors found, each
 * naming its line and field, so a person can fix the file in one pass.
 */
export function parseDirectoryFile(text: string, format: "csv" | "json"): ParseDirectoryResult {
  const raws: Array<{ line: number; raw: unknown }> = [];
  const errors: DirectoryRowError[] = [];
  const present = new Set<string>();

  if (format === "csv") {
    let parsed;
    try {
      parsed = parseCsv(text);
    } catch (e) {
      if (e instanceof CsvSyntaxError) return { ok: false, errors: [{ line: e.line, field: null, message: e.message.replace(/^line \d+: /, "") }] };
      throw e;
    }
    const headerErrors: DirectoryRowError[] = [];
    for (const col of CONTRACT_COLUMNS) {
      if (!parsed.header.includes(col)) headerErrors.push({ line: 1, field: col, message: "column missing from the header" });
    }
    for (const col of parsed.header) {
      if (!(DIRECTORY_COLUMNS as readonly string[]).includes(col)) headerErrors.push({ line: 1, field: col, message: "unknown column" });
    }
    if (headerErrors.length > 0) return { ok: false, errors: headerErrors };
    for (const col of parsed.header) present.add(col);
    for (const r of parsed.rows) raws.push({ line: r.line, raw: r.values });
  } else {
    let data: unknown;
    try {
      data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      return { ok: false, errors: [{ line: 1, field: null, message: `not valid JSON: ${(e as Error).message}` }] };
    }
    if (!Array.isArray(data)) return { ok: false, errors: [{ line: 1, field: null, message: "expected a JSON array of objects" }] };
    const lines = jsonElementLines(text);
    data.forEach((raw, idx) => {
      const line = lines[idx] ?? idx + 1;
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        errors.push({ line, field: null, message: "expected an object" });
        return;
      }
      for (const key of Object.keys(raw)) present.add(key);
      raws.push({ line, raw });
    });
  }

  const rows: ParsedDirectoryRow[] = [];
  for (const { line, raw } of raws) {
    const v = validateDirectoryRow(raw, line);
    if (v.ok) rows.push({ line, row: v.row });
    else errors.push(...v.errors);
  }

  const firstLine = new Map<string, number>();
  for (const { line, row } of rows) {
    const prev = firstLine.get(row.slug);
    if (prev !== undefined) errors.push({ line, field: "slug", message: `duplicate slug "${row.slug}" (first on line ${prev})` });
    else firstLine.set(row.slug, line);
  }
  // Parents are checked only when every row parsed: a missing parent may be a
  // row that failed validation, and one error is enough for it.
  if (errors.length === 0) {
    for (const { line, row } of rows) {
      if (row.parent_slug && !firstLine.has(row.parent_slug)) {
        errors.push({ line, field: "parent_slug", message: `no row with slug "${row.parent_slug}" in this file` });
      }
    }
  }
  errors.sort((a, b) => a.line - b.line);
  const columns = DIRECTORY_COLUMNS.filter((c) => present.has(c));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows, columns };
}

/** Serialise rows for the CSV file and the CSV export (same columns). */
export function directoryRowsToCsv(rows: readonly DirectoryRow[]): string {
  return writeCsv(
    DIRECTORY_COLUMNS,
    rows.map((r) => ({
      ...Object.fromEntries(DIRECTORY_COLUMNS.map((c) => [c, r[c] === null ? "" : String(r[c])])),
      languages: r.languages.join("|"),
      language_facilities: r.language_facilities.join("|"),
      email_verified: r.email_verified ? "true" : "false",
      active: r.active ? "true" : "false",
    })),
  );
}

/** The JSON export: an array of objects with the same columns. */
export function directoryRowsToJson(rows: readonly DirectoryRow[]): string {
  return JSON.stringify(
    rows.map((r) => Object.fromEntries(DIRECTORY_COLUMNS.map((c) => [c, r[c]]))),
    null,
    2,
  ) + "\n";
}
