import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replyAddressFor } from "../../mail/reply-address";
import { useTestDatabase } from "../support/database";
import { createRequestFixture } from "./factories";
import { readdress } from "./rewrite";
import { ALAVETELI_DIR, readFixture } from "./support";

const database = useTestDatabase();
const SECRET = "cli-secret-cli-secret-cli-secret-cli-secret";
const DOMAIN = "dossier.test";

function dossier(args: string[], options: Pick<SpawnSyncOptions, "input"> = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-cli-"));
  return spawnSync(process.execPath, ["bin/dossier.js", ...args], {
    ...options,
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: database.url, SECRET, MAIL_DOMAIN: DOMAIN },
    timeout: 200_000,
  });
}

describe("dossier mail ingest", () => {
  it("prints one JSON line per file following the DESIGN.md contract, and reports duplicates", async () => {
    const { request } = await createRequestFixture(database.db);
    const dir = mkdtempSync(path.join(os.tmpdir(), "dossier-eml-"));
    const address = replyAddressFor(SECRET, request.id, DOMAIN);
    const tnef = path.join(dir, "tnef.eml");
    writeFileSync(tnef, readdress(readFixture("incoming-request-tnef-attachments.eml"), address));
    const pdf = path.join(dir, "pdf.eml");
    writeFileSync(pdf, readdress(readFixture("incoming-request-pdf-attachment.eml"), address));
    const unknown = path.join(ALAVETELI_DIR, "raw_email_1.eml");

    const result = dossier(["mail", "ingest", tnef, pdf, unknown, tnef]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({
      file: tnef,
      outcome: "delivered",
      request_id: request.id,
      kind: "reply",
      attachments: [
        { filename: "FOI 09-02976i.doc", content_type: "application/msword", size: 82944, text_chars: 7568 },
        { filename: "FOI 09-02976iii.doc", content_type: "application/msword", size: 65024, text_chars: 12609 },
      ],
    });
    expect(lines[1]).toMatchObject({ outcome: "delivered", request_id: request.id, kind: "reply", attachments: [{ filename: "fs_50379341.pdf", content_type: "application/pdf", size: 29607 }] });
    expect(lines[1].attachments[0].text_chars).toBeGreaterThan(100);
    expect(lines[2]).toMatchObject({ file: unknown, outcome: "holding_pen", request_id: null, kind: "reply" });
    expect(lines[3]).toMatchObject({ file: tnef, outcome: "duplicate", request_id: request.id });
  }, 240_000);

  it("exits with a usage error without files", () => {
    const result = dossier(["mail", "ingest"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Usage: dossier mail ingest FILE…");
  });

  it("reads one message from standard input with -", async () => {
    const { request } = await createRequestFixture(database.db);
    const address = replyAddressFor(SECRET, request.id, DOMAIN);
    const raw = readdress(readFixture("incoming-request-plain.eml"), address);
    const result = dossier(["mail", "ingest", "-"], { input: raw });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ file: "-", outcome: "delivered", request_id: request.id })]);
    const again = dossier(["mail", "ingest", "-"], { input: raw });
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ file: "-", outcome: "duplicate", request_id: request.id });
  }, 240_000);

  it("refuses to read standard input twice", () => {
    const result = dossier(["mail", "ingest", "-", "-"], { input: "" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Standard input (-) can be read only once");
  });

  it("answers dossier mail --help with the mail commands", () => {
    const result = dossier(["mail", "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("dossier mail ingest FILE…|-");
    expect(result.stderr).toBe("");
    const bare = dossier(["mail"]);
    expect(bare.status).toBe(0);
    expect(bare.stdout).toContain("dossier mail ingest");
    const wrong = dossier(["mail", "frobnicate"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("Unknown command: dossier mail frobnicate");
  });
});
