import { describe, expect, it } from "vitest";
import { directoryRowsToCsv, directoryRowsToJson, formatRowError, parseDirectoryFile } from "../../authorities/directory-row";
import { DIRECTORY_COLUMNS } from "../../authorities/vocabulary";

const HEADER = DIRECTORY_COLUMNS.join(",");
const good = (slug: string, extra: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    slug,
    name_fr: "Liège",
    name_nl: "Luik",
    name_de: "Lüttich",
    name_en: "",
    kind: "commune",
    level: "local",
    region: "wallonia",
    regime: "wallonia",
    languages: "fr",
    nis_code: "62063",
    kbo_number: "",
    parent_slug: "",
    website: "",
    email: "",
    email_source: "",
    email_verified: "false",
    active: "true",
    language_facilities: "",
    address: "",
    notes: "",
    ...extra,
  };
  return DIRECTORY_COLUMNS.map((c) => (base[c]?.includes(",") ? `"${base[c]}"` : base[c] ?? "")).join(",");
};

describe("parseDirectoryFile (CSV)", () => {
  it("parses valid rows with types", () => {
    const text = [HEADER, good("commune-liege"), good("cpas-liege", { kind: "cpas", parent_slug: "commune-liege", languages: "fr|nl", email: "info@example.be", email_source: "test", email_verified: "yes" })].join("\n");
    const r = parseDirectoryFile(text, "csv");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows[0]).toMatchObject({ line: 2, row: { slug: "commune-liege", name_en: null, languages: ["fr"], email_verified: false, active: true, kbo_number: null } });
    expect(r.rows[1].row).toMatchObject({ languages: ["fr", "nl"], email_verified: true, parent_slug: "commune-liege" });
  });

  it.each([
    [{ kind: "town" }, "kind"],
    [{ regime: "belgium" }, "regime"],
    [{ languages: "fr|en" }, "languages"],
    [{ languages: "" }, "languages"],
    [{ nis_code: "6206" }, "nis_code"],
    [{ kbo_number: "12345" }, "kbo_number"],
    [{ email: "not-an-address", email_source: "x" }, "email"],
    [{ email: "a@b.be" }, "email_source"],
    [{ email_verified: "true" }, "email_verified"],
    [{ email_verified: "maybe" }, "email_verified"],
    [{ website: "example.be" }, "website"],
    [{ name_fr: "", name_nl: "", name_de: "" }, "name_fr"],
    [{ active: "perhaps" }, "active"],
  ])("names the line and field of a bad value %j", (extra, field) => {
    const text = [HEADER, good("commune-a"), good("commune-b", extra)].join("\n");
    const r = parseDirectoryFile(text, "csv");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ line: 3, field });
    expect(formatRowError(r.errors[0])).toMatch(new RegExp(`^line 3, field "${field}"`));
  });

  it("counts physical lines when a quoted field spans lines", () => {
    const text = [HEADER, good("commune-a", { notes: '"two\nlines"' }).replace('""two', '"two').replace('lines""', 'lines"'), good("Bad Slug")].join("\n");
    const r = parseDirectoryFile(text, "csv");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ line: 4, field: "slug" });
  });

  it("refuses duplicate slugs, unknown parents, missing and unknown columns", () => {
    let r = parseDirectoryFile([HEADER, good("a"), good("a")].join("\n"), "csv");
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 3, field: "slug" });
    r = parseDirectoryFile([HEADER, good("a", { parent_slug: "nowhere" })].join("\n"), "csv");
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 2, field: "parent_slug" });
    const idx = DIRECTORY_COLUMNS.indexOf("regime");
    const drop = (line: string) => line.split(",").filter((_, i) => i !== idx).join(",");
    r = parseDirectoryFile([drop(HEADER), drop(good("a"))].join("\n"), "csv");
    expect(!r.ok && r.errors.some((e) => e.field === "regime" && e.line === 1)).toBe(true);
    r = parseDirectoryFile([HEADER + ",colour", good("a") + ",red"].join("\n"), "csv");
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 1, field: "colour" });
  });

  it("reports CSV syntax errors with their line", () => {
    const r = parseDirectoryFile([HEADER, good("a"), good("b") + ",extra"].join("\n"), "csv");
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 3, field: null });
  });
});

describe("parseDirectoryFile (JSON)", () => {
  const obj = (slug: string, extra: Record<string, unknown> = {}) => ({
    slug,
    name_fr: "Liège",
    name_nl: null,
    name_de: null,
    name_en: null,
    kind: "commune",
    level: "local",
    region: "wallonia",
    regime: "wallonia",
    languages: ["fr"],
    nis_code: "62063",
    kbo_number: null,
    parent_slug: null,
    website: null,
    email: null,
    email_source: null,
    email_verified: false,
    active: true,
    ...extra,
  });

  it("accepts arrays and booleans and the optional extras", () => {
    const r = parseDirectoryFile(JSON.stringify([obj("a"), obj("b", { languages: ["fr", "nl"], notes: "x" })], null, 2), "json");
    expect(r.ok).toBe(true);
  });

  it("names the line where the bad object starts", () => {
    const text = JSON.stringify([obj("a"), obj("b", { kind: "nope" })], null, 2);
    const r = parseDirectoryFile(text, "json");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const expectedLine = text.split("\n").findIndex((l, i) => i > 1 && l.trim() === "{") + 1;
    expect(r.errors[0]).toMatchObject({ line: expectedLine, field: "kind" });
  });

  it("refuses text that is not a JSON array", () => {
    expect(parseDirectoryFile("{}", "json").ok).toBe(false);
    expect(parseDirectoryFile("[1,", "json").ok).toBe(false);
  });
});

describe("serialisation", () => {
  it("round-trips through CSV and JSON", () => {
    const source = [
      {
        slug: "commune-liege", name_fr: "Liège", name_nl: "Luik", name_de: null, name_en: null, kind: "commune", level: "local",
        region: "wallonia", regime: "wallonia", languages: ["fr", "de"], nis_code: "62063", kbo_number: "0207.451.227",
        parent_slug: null, website: "https://www.liege.be", email: "info@liege.be", email_source: "test, with a comma",
        email_verified: true, active: true, language_facilities: ["de"], address: "Place du Marché 2\n4000 Liège",
        notes: 'a, "quoted" note',
      },
    ];
    const first = parseDirectoryFile(JSON.stringify(source), "json");
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const rows = first.rows.map((r) => r.row);
    expect(rows[0].kbo_number).toBe("0207451227");
    const viaCsv = parseDirectoryFile(directoryRowsToCsv(rows), "csv");
    const viaJson = parseDirectoryFile(directoryRowsToJson(rows), "json");
    expect(viaCsv.ok && viaCsv.rows.map((r) => r.row)).toEqual(rows);
    expect(viaJson.ok && viaJson.rows.map((r) => r.row)).toEqual(rows);
  });
});
