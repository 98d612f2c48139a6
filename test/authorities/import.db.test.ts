import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadBundledDirectory } from "../../authorities/bundled";
import { authoritiesCommand, ensureDirectoryLoaded, type CliIO } from "../../authorities/cli";
import { writeCsv } from "../../authorities/csv";
import { directoryRowsToCsv, parseDirectoryFile } from "../../authorities/directory-row";
import { CONTRACT_COLUMNS } from "../../authorities/vocabulary";
import { countAuthorities, exportDirectory, exportDirectoryRows, importDirectory } from "../../authorities/import";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();
const bundled = loadBundledDirectory().map((r) => r.row);
const tmp = mkdtempSync(path.join(os.tmpdir(), "dossier-import-"));

function captureIO(stdinText = ""): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const stdin = new PassThrough();
  stdin.end(stdinText);
  return {
    stdin,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    out: () => out,
    err: () => err,
  };
}
const openDb = async () => ({ db: database.db, close: async () => {} });

describe("importing the directory (real database)", () => {
  it("a dry run reports everything as new and writes nothing", async () => {
    const report = await importDirectory(database.db, bundled, { dryRun: true });
    expect(report.added).toHaveLength(bundled.length);
    expect(await countAuthorities(database.db)).toBe(0);
  });

  it("loads the bundled directory on a fresh start, once", async () => {
    expect(await ensureDirectoryLoaded(database.db)).toBe(bundled.length);
    expect(await countAuthorities(database.db)).toBe(bundled.length);
    expect(await ensureDirectoryLoaded(database.db)).toBe(0);
  });

  it("changes nothing when the same file is imported a second time", async () => {
    const before = await database.db.selectFrom("authorities").select(["slug", "updated_at"]).orderBy("slug").execute();
    const report = await importDirectory(database.db, bundled);
    expect(report).toMatchObject({ added: [], changed: [], wouldRemove: [], deactivated: [], keptVerifiedEmail: [], unchanged: bundled.length });
    const after = await database.db.selectFrom("authorities").select(["slug", "updated_at"]).orderBy("slug").execute();
    expect(after).toEqual(before);
  });

  it("exports exactly what was imported, in CSV and JSON", async () => {
    expect(await exportDirectoryRows(database.db)).toEqual([...bundled].sort((a, b) => (a.slug < b.slug ? -1 : 1)));
    const json = parseDirectoryFile(await exportDirectory(database.db, "json"), "json");
    expect(json.ok && json.rows.length).toBe(bundled.length);
    const csv = parseDirectoryFile(await exportDirectory(database.db, "csv"), "csv");
    expect(csv.ok && csv.rows.length).toBe(bundled.length);
  });

  it("reports changed fields, and would-remove rows without touching them unless asked", async () => {
    const edited = bundled
      .filter((r) => r.slug !== "commune-liege" && r.slug !== "cpas-liege")
      .map((r) => (r.slug === "commune-namur" ? { ...r, email: "info@ville.namur.be", email_source: "test" } : r));
    const dry = await importDirectory(database.db, edited, { dryRun: true });
    expect(dry.changed).toEqual([{ slug: "commune-namur", fields: ["email", "email_source"] }]);
    expect(dry.wouldRemove).toEqual(["commune-liege", "cpas-liege"]);

    const real = await importDirectory(database.db, edited);
    expect(real.changed).toHaveLength(1);
    expect(real.deactivated).toEqual([]);
    const liege = await database.db.selectFrom("authorities").select("active").where("slug", "=", "commune-liege").executeTakeFirstOrThrow();
    expect(liege.active).toBe(true);

    const pruned = await importDirectory(database.db, edited, { deactivateMissing: true });
    expect(pruned.deactivated).toEqual(["commune-liege", "cpas-liege"]);
    const after = await database.db.selectFrom("authorities").select("active").where("slug", "=", "cpas-liege").executeTakeFirstOrThrow();
    expect(after.active).toBe(false);

    // Importing the full file again restores both and the e-mail.
    const restored = await importDirectory(database.db, bundled);
    expect(restored.changed.map((c) => c.slug).sort()).toEqual(["commune-liege", "commune-namur", "cpas-liege"]);
    expect((await importDirectory(database.db, bundled)).changed).toEqual([]);
  });

  it("keeps a verified e-mail that the file does not know", async () => {
    await database.db.updateTable("authorities").set({ email: "info@cpasnamur.be", email_source: "accepted proposal", email_verified: true }).where("slug", "=", "cpas-namur").execute();
    const report = await importDirectory(database.db, bundled);
    expect(report.keptVerifiedEmail).toEqual(["cpas-namur"]);
    expect(report.changed).toEqual([]);
    const row = await database.db.selectFrom("authorities").select(["email", "email_verified"]).where("slug", "=", "cpas-namur").executeTakeFirstOrThrow();
    expect(row).toEqual({ email: "info@cpasnamur.be", email_verified: true });
    // A verified address in the file does replace it.
    const withVerified = bundled.map((r) => (r.slug === "cpas-namur" ? { ...r, email: "cpas@namur.be", email_source: "official site", email_verified: true } : r));
    expect((await importDirectory(database.db, withVerified)).changed).toEqual([{ slug: "cpas-namur", fields: ["email", "email_source"] }]);
    await database.db.updateTable("authorities").set({ email: null, email_source: null, email_verified: false }).where("slug", "=", "cpas-namur").execute();
  });

  it("rolls everything back when the import fails half-way", async () => {
    const before = await exportDirectory(database.db, "csv");
    const renamed = bundled.map((r) => ({ ...r, notes: `${r.notes ?? ""} (edited)` }));
    let calls = 0;
    await expect(
      importDirectory(database.db, renamed, {
        onProgress: () => {
          calls += 1;
          if (calls === 3) throw new Error("disk full");
        },
      }),
    ).rejects.toThrow("disk full");
    expect(await exportDirectory(database.db, "csv")).toBe(before);
  });
});

describe("dossier authorities import / export (CLI handlers)", () => {
  it("refuses a malformed file with its line number and field, and leaves the database unchanged", async () => {
    const before = await exportDirectory(database.db, "csv");
    // Row 4 of the data is on line 5 (after the header).
    const rows = bundled.slice(0, 10).map((r, i) => (i === 3 ? { ...r, kind: "village" as never } : r));
    const file = path.join(tmp, "bad.csv");
    writeFileSync(file, directoryRowsToCsv(rows));
    const io = captureIO();
    expect(await authoritiesCommand(["import", file], openDb, io)).toBe(1);
    expect(io.err()).toMatch(/line 5, field "kind"/);
    expect(io.err()).toContain("Nothing was imported");
    expect(await exportDirectory(database.db, "csv")).toBe(before);
  });

  it("refuses a malformed JSON file with the line of the bad object", async () => {
    const objects = bundled.slice(0, 3).map((r) => ({ ...r }));
    (objects[2] as Record<string, unknown>).regime = "belgium";
    const file = path.join(tmp, "bad.json");
    const text = JSON.stringify(objects, null, 2);
    writeFileSync(file, text);
    const io = captureIO();
    expect(await authoritiesCommand(["import", file], openDb, io)).toBe(1);
    const line = text.split("\n").findIndex((l, i) => i > 0 && l === "  {" && text.split("\n").slice(0, i).filter((x) => x === "  {").length === 2) + 1;
    expect(io.err()).toContain(`line ${line}, field "regime"`);
  });

  it("imports the bundled file with --dry-run and prints the report", async () => {
    const io = captureIO();
    expect(await authoritiesCommand(["import", "--dry-run"], openDb, io)).toBe(0);
    expect(io.out()).toMatch(/Dry run: would add 0, would change 0, unchanged \d+/);
    const json = captureIO();
    expect(await authoritiesCommand(["import", "--json"], openDb, json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ added: [], changed: [], dryRun: false });
  });

  it("leaves columns the file does not carry untouched (a contract-only CSV keeps notes and addresses)", async () => {
    const contractOnly = writeCsv(
      CONTRACT_COLUMNS,
      bundled.map((r) => ({
        ...Object.fromEntries(CONTRACT_COLUMNS.map((c) => [c, r[c] === null ? "" : String(r[c])])),
        languages: r.languages.join("|"),
        email_verified: String(r.email_verified),
        active: String(r.active),
      })),
    );
    const file = path.join(tmp, "contract-only.csv");
    writeFileSync(file, contractOnly);
    const io = captureIO();
    expect(await authoritiesCommand(["import", "--json", file], openDb, io)).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ added: [], changed: [] });
    const gent = await database.db.selectFrom("authorities").select(["address", "notes"]).where("slug", "=", "commune-gent").executeTakeFirstOrThrow();
    expect(gent.address).toBe("Botermarkt 1, 9000 Gent, België");
    expect(gent.notes).toBeTruthy();
  });

  it("exports JSON whose objects follow the contract", async () => {
    const io = captureIO();
    expect(await authoritiesCommand(["export", "--format", "json"], openDb, io)).toBe(0);
    const data = JSON.parse(io.out()) as Array<Record<string, unknown>>;
    expect(data).toHaveLength(bundled.length);
    const liege = data.find((d) => d.slug === "commune-liege")!;
    expect(Object.keys(liege).slice(0, 18)).toEqual([
      "slug", "name_fr", "name_nl", "name_de", "name_en", "kind", "level", "region", "regime", "languages",
      "nis_code", "kbo_number", "parent_slug", "website", "email", "email_source", "email_verified", "active",
    ]);
    expect(liege).toMatchObject({ languages: ["fr"], regime: "wallonia", email_verified: false, active: true });
    const bad = captureIO();
    expect(await authoritiesCommand(["export", "--format", "xml"], openDb, bad)).toBe(2);
  });
});
