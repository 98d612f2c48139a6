import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileStore } from "../../core/files";
import { assignMessageToRequest, listHoldingPen, retryRawMessage } from "../../mail/admin";
import { ingest, type IngestDeps } from "../../mail/ingest";
import { replyAddressFor } from "../../mail/reply-address";
import type { Envelope } from "../../mail/smtp-server";
import { useTestDatabase } from "../support/database";
import { createRequestFixture } from "./factories";

const database = useTestDatabase();
const SECRET = "unreadable-secret-unreadable-secret-unread";
const deps = (): IngestDeps => ({ secret: SECRET, files: new FileStore(mkdtempSync(path.join(os.tmpdir(), "dossier-files-"))) });
const envelopeTo = (to: string): Envelope => ({ mailFrom: "agent@commune-test.be", rcptTo: [to], remoteAddress: "127.0.0.1", clientHostname: null, helo: null, tls: false, receivedAt: new Date().toISOString() });

async function addressed() {
  const { request } = await createRequestFixture(database.db);
  return { request, to: replyAddressFor(SECRET, request.id, "dossier.test") };
}

async function heldEntry(messageId: number | null) {
  return (await listHoldingPen(database.db, 1000)).find((h) => h.messageId === messageId);
}

describe("nothing accepted becomes invisible", () => {
  it("a 50,000-header mail is listed for admins with the parser's reason and its limit, the addressed request as the guess", async () => {
    const { request, to } = await addressed();
    const raw = Buffer.from(["From: Agent <agent@commune-test.be>", `To: ${to}`, "Subject: Réponse", ...Array.from({ length: 50_000 }, (_, i) => `X-Filler-${i}: value ${i}`), "", "Le document.", ""].join("\r\n"));
    const r = await ingest(database.db, raw, { envelope: envelopeTo(to), deps: deps() });
    expect(r).toMatchObject({ outcome: "holding_pen", requestId: null });
    const held = await heldEntry(r.messageId);
    expect(held?.reason).toMatch(/^unreadable: parser: Max header size for a MIME node exceeded — .*limit of 1 MiB/);
    expect(held).toMatchObject({ guessedRequestId: request.id, from: "agent@commune-test.be", subject: "Réponse", rawMessageId: r.rawId });
    const row = await database.db.selectFrom("raw_messages").select(["outcome", "processing_error", "size"]).where("id", "=", r.rawId).executeTakeFirstOrThrow();
    expect(row.outcome).toBe("unreadable");
    expect(row.processing_error).toMatch(/1 MiB/);
    expect(row.size).toBe(raw.length);

    // An admin attaches it to the request by hand…
    await assignMessageToRequest(database.db, r.messageId!, request.id, null);
    expect(await heldEntry(r.messageId)).toBeUndefined();
  });

  it("a 10,000-part mail is kept with the part limit in its reason, and can be processed again", async () => {
    const { to } = await addressed();
    const raw = Buffer.from(
      ["From: agent@commune-test.be", `To: ${to}`, "Subject: Many parts", 'Content-Type: multipart/mixed; boundary="b"', "", ...Array.from({ length: 10_000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}`), "--b--", ""].join("\r\n"),
    );
    const r = await ingest(database.db, raw, { envelope: envelopeTo(to), deps: deps() });
    expect(r.outcome).toBe("holding_pen");
    expect((await heldEntry(r.messageId))?.reason).toMatch(/Max allowed child nodes exceeded — .*limit of 1,000/);

    const sent: Array<{ name: string; data: object }> = [];
    await retryRawMessage(database.db, r.rawId, async (_executor, name, data) => void sent.push({ name, data }));
    expect(sent).toEqual([{ name: "mail.process", data: { rawId: r.rawId } }]);
    expect(await heldEntry(r.messageId)).toBeUndefined();
    const row = await database.db.selectFrom("raw_messages").select(["processed_at", "outcome"]).where("id", "=", r.rawId).executeTakeFirstOrThrow();
    expect(row).toEqual({ processed_at: null, outcome: null });
  });

  it("headerless text (only the relay's Received line) goes to the holding pen, not onto the request", async () => {
    const { request, to } = await addressed();
    const raw = Buffer.from(`Received: from mx.example.be by dossier.test; Tue, 3 Mar 2026 10:00:00 +0100\r\n\r\nhello this is not a message\r\n`);
    const r = await ingest(database.db, raw, { envelope: envelopeTo(to), deps: deps() });
    expect(r).toMatchObject({ outcome: "holding_pen", requestId: null, reason: "headerless: no From, Subject, Date, Message-ID or MIME header" });
    expect((await heldEntry(r.messageId))?.guessedRequestId).toBe(request.id);
  });

  it("a CRLF-only message goes to the holding pen, not onto the request as an empty reply", async () => {
    const { to } = await addressed();
    const r = await ingest(database.db, Buffer.from("\r\n\r\n\r\n"), { envelope: envelopeTo(to), deps: deps() });
    expect(r).toMatchObject({ outcome: "holding_pen", requestId: null });
    expect(r.reason).toMatch(/^empty message/);
  });
});
