import { spawnSync } from "node:child_process";
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

function dossier(args: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dossier-cli-"));
  return spawnSync(process.execPath, ["bin/dossier.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: database.url, SECRET, MAIL_DOMAIN: DOMAIN },
    timeout: 90_000,
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
  }, 120_000);

  it("exits with a usage error without files", () => {
    const result = dossier(["mail", "ingest"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Usage: dossier mail ingest FILE…");
  });
});
