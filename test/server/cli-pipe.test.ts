import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";
import { authorityData } from "../support/factories";
import { searchKeysColumn, sortNameColumn } from "../../authorities/names";

const database = useTestDatabase();

/**
 * A command's output piped to a slow reader: the pipe holds 64 KiB, so a
 * CLI that exits before stdout drains cuts a large export short.
 */
describe("dossier CLI output to a pipe", () => {
  it("hands every byte of a JSON export larger than 64 KiB to a slow reader", async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => {
      const data = authorityData({ slug: `pipe-${String(i).padStart(4, "0")}`, name_fr: `Commune du tuyau numéro ${i} — une autorité au nom assez long` });
      const named = { name_fr: data.name_fr ?? null, name_nl: null, name_de: null, name_en: null, languages: ["fr"] };
      return { ...data, search_keys: searchKeysColumn(named), sort_name: sortNameColumn(named) };
    });
    for (let i = 0; i < rows.length; i += 500) await database.db.insertInto("authorities").values(rows.slice(i, i + 500)).execute();

    const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-pipe-"));
    const child = spawn(process.execPath, ["bin/dossier.js", "authorities", "export", "--format", "json"], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: database.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // A slow consumer: it starts reading only after the writer has filled the pipe.
    child.stdout.pause();
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 4000));
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stdout.resume();
    const ended = new Promise((r) => child.stdout.once("end", r));
    const code = await exited;
    await ended;
    const text = Buffer.concat(chunks).toString("utf8");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(Buffer.byteLength(text)).toBeGreaterThan(256 * 1024);
    const parsed = JSON.parse(text) as Array<{ slug: string }>;
    expect(parsed.filter((a) => a.slug.startsWith("pipe-"))).toHaveLength(1500);
  }, 120_000);
});
