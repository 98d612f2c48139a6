import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "./factories";

function dossier(args: string[], databaseUrl: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-cli-"));
  return spawnSync(process.execPath, ["bin/dossier.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, MEILISEARCH_URL: "", MEILISEARCH_KEY: "" },
    timeout: 60_000,
  });
}

describe("dossier search", () => {
  const database = useTestDatabase();

  beforeAll(async () => {
    const db = database.db;
    const user = await insertUser(db);
    const arlon = await insertAuthority(db, { slug: "ville-d-arlon", name_fr: "Ville d'Arlon" });
    const eupen = await insertAuthority(db, { slug: "stadt-eupen", name_de: "Stadt Eupen", name_fr: "Ville d'Eupen", languages: ["de"] });
    const a = await insertRequest(db, { authority_id: arlon.id, user_id: user.id, title: "Subsides aux clubs de football" });
    const reply = await insertMessage(db, { request_id: a.id, body_text: "Voir le tableau." });
    await insertAttachment(db, { message_id: reply.id, extracted_text: "Tableau des subsides: club de football d'Arlon, 12.000 euros." });
    await insertRequest(db, { authority_id: eupen.id, user_id: user.id, language: "de", title: "Zuschüsse für Fußballvereine", body: "Bitte senden Sie mir die Liste der Zuschüsse (subsides)." });
  });

  // Four processes that each start the CLI: slow on a busy machine.
  it("rebuilds the index with a progress report, then searches with --authority and --json", { timeout: 180_000 }, () => {
    const reindex = dossier(["search", "reindex"], database.url);
    expect(reindex.stderr).toContain("100% 2/2 requests");
    expect(reindex.status, reindex.stderr).toBe(0);
    expect(reindex.stdout).toMatch(/Indexed 4 documents from 2 requests with postgres/);

    const text = dossier(["search", "subsides"], database.url);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("Subsides aux clubs de football");
    expect(text.stdout).toContain("[subsides]");

    const json = dossier(["search", "subsides", "--authority", "ville-d-arlon", "--json"], database.url);
    expect(json.status, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.total).toBe(2);
    expect(body.hits.every((h: { authoritySlug: string }) => h.authoritySlug === "ville-d-arlon")).toBe(true);

    const usage = dossier(["search"], database.url);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Usage: dossier search QUERY");
  });
});
