import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";

function dossier(args: string[], env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-cli-"));
  return spawnSync(process.execPath, ["bin/dossier.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir, ...env },
    timeout: 60_000,
  });
}

describe("the dossier command", () => {
  const database = useTestDatabase();

  it("prints its commands with --help", () => {
    const result = dossier(["--help"]);
    expect(result.status).toBe(0);
    for (const command of ["dossier start", "dossier migrate", "dossier web", "dossier worker"]) expect(result.stdout).toContain(command);
  });

  it("lists every command once, as the rooms declare them", () => {
    const result = dossier(["--help"]);
    const usages = result.stdout.split("\n").filter((line) => line.startsWith("  dossier ")).map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(usages.length).toBeGreaterThan(10);
    expect(new Set(usages).size).toBe(usages.length);
    for (const command of ["dossier mail ingest", "dossier authorities import", "dossier deadline", "dossier requests create", "dossier users create", "dossier search reindex", "dossier deadlines recompute"]) {
      expect(usages.some((usage) => usage.startsWith(command))).toBe(true);
    }
  });

  it("answers --help from the CLI, the kernel and the rooms' declarations alone", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "dossier-modules-"));
    const file = path.join(dir, "loaded.txt");
    const result = spawnSync(process.execPath, ["--import", "./bench/support/count-modules.mjs", "bin/dossier.js", "--help"], {
      encoding: "utf8",
      env: { ...process.env, COUNT_MODULES_FILE: file },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const loaded = readFileSync(file, "utf8").split("\n").filter(Boolean);
    const project = loaded.filter((url) => url.startsWith("file:") && !url.includes("/node_modules/")).map((url) => path.relative(process.cwd(), new URL(url).pathname));
    const packages = new Set(loaded.filter((url) => url.includes("/node_modules/")).map((url) => url.split("/node_modules/").pop()!.split("/")[0]));
    // No database driver, queue, web server or PDF library: at most the bundler that (re)builds the help bundle.
    for (const name of packages) expect(["esbuild"]).toContain(name);
    for (const file of project) expect(file).toMatch(/^(bin\/(dossier|help-bundle)\.js|build\/cli-help\.mjs)$/);
    expect(project).toContain("build/cli-help.mjs");
  });

  it("rebuilds the help bundle when a room's declaration is newer, and never runs a command from it", () => {
    const bundle = path.join(process.cwd(), "build", "cli-help.mjs");
    expect(dossier(["--help"]).status).toBe(0);
    // A bundle older than its sources (a room's declaration changed since) is built again.
    const past = new Date("2000-01-01T00:00:00Z");
    utimesSync(bundle, past, past);
    const help = dossier(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("dossier mail ingest");
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(statSync(path.join(process.cwd(), "server", "rooms.ts")).mtimeMs);
    expect(readFileSync(bundle, "utf8")).not.toMatch(/pg-boss|express|pdfkit/);
    // A real command still runs through the TypeScript sources.
    const deadline = dossier(["deadline", "--regime", "federal", "--received", "2026-03-02"]);
    expect(JSON.parse(deadline.stdout)).toMatchObject({ regime: "federal", due: "2026-04-01" });
  });

  it("refuses an unknown command with a non-zero exit", () => {
    const result = dossier(["frobnicate"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown command: dossier frobnicate");
  });

  it("migrates the database at DATABASE_URL and is idempotent", async () => {
    // From zero, whatever tables later migrations added (and their foreign keys).
    await sql`drop schema public cascade`.execute(database.db);
    await sql`create schema public`.execute(database.db);
    const first = dossier(["migrate"], { DATABASE_URL: database.url });
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration\(s\): 0001_core/);
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'events'`.execute(database.db);
    expect(tables.rows[0].n).toBe(1);
    const second = dossier(["migrate"], { DATABASE_URL: database.url });
    expect(second.stdout).toContain("The database is up to date.");
  });

  it("fails loudly, with a non-zero exit, when the database cannot be reached", () => {
    const result = dossier(["migrate"], { DATABASE_URL: "postgres://nobody:nothing@127.0.0.1:1/none" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/dossier migrate failed: .*ECONNREFUSED/);
  });

  it("stops on a bad configuration, naming the variable", () => {
    const result = dossier(["migrate"], { PORT: "eighty" });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain("PORT must be a port number");
  });
});
