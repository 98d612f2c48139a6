import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();

function dossier(args: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-cli-"));
  return spawnSync(process.execPath, ["bin/dossier.js", ...args], { encoding: "utf8", env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: database.url }, timeout: 60_000 });
}

describe("dossier deadlines recompute", () => {
  it("recomputes stored dates and reports how many changed; a second run changes nothing", async () => {
    const a = await database.db
      .insertInto("authorities")
      .values({ slug: "cli-wal", name_fr: "Commune CLI", kind: "commune", level: "local", regime: "wallonia", languages: ["fr"] })
      .returning("id")
      .executeTakeFirstOrThrow();
    const u = await database.db.insertInto("users").values({ email: "cli@example.org", display_name: "CLI" }).returning("id").executeTakeFirstOrThrow();
    for (const [i, due] of [[1, "2026-01-01"], [2, null]] as const) {
      await database.db
        .insertInto("requests")
        .values({ authority_id: a.id, user_id: u.id, title: `T${i}`, body: "B", language: "fr", public_slug: `cli-${i}`, state: "awaiting_response", received_date: "2026-03-02", due_date: due })
        .execute();
    }
    const first = dossier(["deadlines", "recompute", "--today", "2026-04-10", "--json"]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ today: "2026-04-10", checked: 2, changed: 2, newly_overdue: 2 });
    const second = dossier(["deadlines", "recompute", "--today", "2026-04-10"]);
    expect(second.stdout).toContain("Checked 2 requests: 0 had their dates changed, 0 became overdue");
    const rows = await database.db.selectFrom("requests").select(["due_date", "appeal_deadline", "overdue_since"]).execute();
    expect(rows).toEqual([
      { due_date: "2026-04-01", appeal_deadline: "2026-05-01", overdue_since: "2026-04-02" },
      { due_date: "2026-04-01", appeal_deadline: "2026-05-01", overdue_since: "2026-04-02" },
    ]);
  });

  it("refuses a bad date with a clear message", () => {
    const r = dossier(["deadlines", "recompute", "--today", "2026-02-30"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("--today needs a date YYYY-MM-DD");
  });
});
