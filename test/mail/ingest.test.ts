import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileStore } from "../../core/files";
import { ingest, processRaw, storeRaw, type IngestDeps } from "../../mail/ingest";
import { replyAddressFor, requestCode } from "../../mail/reply-address";
import { useTestDatabase } from "../support/database";
import { testRuntime } from "../support/app";
import { ingestDeps } from "../../mail/jobs";
import { hasUnclassifiedReply } from "../../requests/requests";
import { createRequestFixture } from "./factories";
import { dispatchEvents } from "../../core/event-dispatch";
import { deliverySubscribers } from "../../requests/delivery";

const database = useTestDatabase();
const SECRET = "ingest-secret-ingest-secret-ingest-secret";
const DOMAIN = "dossier.test";
const deps = (): IngestDeps => ({ secret: SECRET, files: new FileStore(mkdtempSync(path.join(os.tmpdir(), "dossier-files-"))) });

function mail(opts: { to: string; from?: string; subject?: string; messageId?: string; inReplyTo?: string; extraHeaders?: string; body?: string }): Buffer {
  return Buffer.from(
    [
      `From: ${opts.from ?? "Agent <agent@commune-test.be>"}`,
      `To: ${opts.to}`,
      `Subject: ${opts.subject ?? "Re: votre demande"}`,
      `Date: Tue, 03 Mar 2026 10:00:00 +0100`,
      `Message-ID: <${opts.messageId ?? `${Math.random().toString(36).slice(2)}@commune-test.be`}>`,
      ...(opts.inReplyTo ? [`In-Reply-To: <${opts.inReplyTo}>`] : []),
      ...(opts.extraHeaders ? [opts.extraHeaders] : []),
      "Content-Type: text/plain; charset=utf-8",
      "",
      opts.body ?? "Veuillez trouver notre réponse.",
      "",
    ].join("\r\n"),
  );
}

describe("ingest routing", () => {
  it("delivers mail to a reply address with typos, found in Cc", async () => {
    const { request } = await createRequestFixture(database.db);
    const typo = `request-${String(request.id).replace(/1/g, "l").replace(/0/g, "o")}-${requestCode(SECRET, request.id).toUpperCase()}@${DOMAIN}`;
    const r = await ingest(database.db, mail({ to: "someone@else.be", extraHeaders: `Cc: "Dossier" <${typo}>` }), { deps: deps() });
    expect(r).toMatchObject({ outcome: "delivered", requestId: request.id, kind: "reply" });
  });

  it("uses the SMTP envelope recipient when the headers do not name us (Bcc)", async () => {
    const { request } = await createRequestFixture(database.db);
    const envelope = { mailFrom: "agent@commune-test.be", rcptTo: [replyAddressFor(SECRET, request.id, DOMAIN)], remoteAddress: "127.0.0.1", clientHostname: null, helo: null, tls: false, receivedAt: new Date().toISOString() };
    const r = await ingest(database.db, mail({ to: "undisclosed-recipients:;" }), { envelope, deps: deps() });
    expect(r).toMatchObject({ outcome: "delivered", requestId: request.id, reason: "reply address in envelope recipient" });
    const raw = await database.db.selectFrom("raw_messages").select("envelope").where("id", "=", r.rawId).executeTakeFirstOrThrow();
    expect(raw.envelope).toMatchObject({ rcptTo: envelope.rcptTo });
  });

  it("threads by In-Reply-To against a Message-ID we sent", async () => {
    const { request } = await createRequestFixture(database.db);
    await database.db.insertInto("messages").values({ request_id: request.id, direction: "outbound", kind: "request", message_id: "<Request-77.ABC@dossier.test>" }).execute();
    const r = await ingest(database.db, mail({ to: "foi@commune-test.be", inReplyTo: "request-77.abc@dossier.test" }), { deps: deps() });
    expect(r).toMatchObject({ outcome: "delivered", requestId: request.id });
    expect(r.reason).toMatch(/In-Reply-To/);
  });

  it("puts unmatched mail in the holding pen with a guess, never drops it", async () => {
    const { request } = await createRequestFixture(database.db);
    const wrong = `request-${request.id}-00000000@${DOMAIN}`;
    const r = await ingest(database.db, mail({ to: wrong }), { deps: deps() });
    expect(r).toMatchObject({ outcome: "holding_pen", requestId: null, kind: "reply" });
    const m = await database.db.selectFrom("messages").selectAll().where("id", "=", r.messageId!).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ request_id: null, guessed_request_id: request.id });
    expect(m.guess_reason).toMatch(/wrong or missing code/);
  });

  it("records a sender outside the authority's domain", async () => {
    const { request } = await createRequestFixture(database.db, { authorityEmail: "info@namur.be", authorityWebsite: "https://www.namur.be" });
    const to = replyAddressFor(SECRET, request.id, DOMAIN);
    const inside = await ingest(database.db, mail({ to, from: "jean@services.namur.be" }), { deps: deps() });
    const outside = await ingest(database.db, mail({ to, from: "jean.dupont@gmail.com" }), { deps: deps() });
    const rows = await database.db.selectFrom("messages").select(["id", "sender_outside_authority"]).where("id", "in", [inside.messageId!, outside.messageId!]).orderBy("id").execute();
    expect(rows.map((r) => r.sender_outside_authority)).toEqual([false, true]);
  });
});

describe("ingest effects on the request", () => {
  it("a bounce marks our last outbound message as bounced and records a delivery error", async () => {
    const { request } = await createRequestFixture(database.db);
    const out = await database.db.insertInto("messages").values({ request_id: request.id, direction: "outbound", kind: "request", delivery_status: "sent" }).returning("id").executeTakeFirstOrThrow();
    const raw = mail({
      to: replyAddressFor(SECRET, request.id, DOMAIN),
      from: "Mail Delivery System <MAILER-DAEMON@mx.commune-test.be>",
      subject: "Undelivered Mail Returned to Sender",
      extraHeaders: "X-Failed-Recipients: foi@commune-test.be",
    });
    const r = await ingest(database.db, raw, { deps: deps() });
    expect(r.kind).toBe("bounce");
    const sent = await database.db.selectFrom("messages").select(["delivery_status", "delivery_error"]).where("id", "=", out.id).executeTakeFirstOrThrow();
    expect(sent.delivery_status).toBe("failed");
    expect(sent.delivery_error).toContain("foi@commune-test.be");
    // The request room moves the request when its subscriber hears of the bounce.
    await dispatchEvents(testRuntime(database), deliverySubscribers);
    const events = await database.db.selectFrom("events").select(["type", "data"]).where("request_id", "=", request.id).orderBy("id").execute();
    expect(events.map((e) => e.type)).toEqual(["delivery_failed", "state_changed"]);
    expect(events[0].data).toMatchObject({ message_id: out.id, kind: "request" });
    expect((await database.db.selectFrom("requests").select("state").where("id", "=", request.id).executeTakeFirstOrThrow()).state).toBe("delivery_error");
  });

  it("a reply asks the citizen to classify it, by an e-mail in their language queued in the outbox", async () => {
    const runtime = testRuntime(database, { SECRET, MAIL_DOMAIN: DOMAIN });
    await runtime.queue.start();
    try {
      const { request, user } = await createRequestFixture(database.db, { locale: "nl" });
      const r = await ingest(database.db, mail({ to: replyAddressFor(SECRET, request.id, DOMAIN) }), { deps: { ...ingestDeps(runtime), secret: SECRET } });
      expect(await hasUnclassifiedReply(database.db, request.id)).toBe(true);
      const email = await database.db.selectFrom("outbound_emails").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
      expect(email).toMatchObject({ kind: "reply_received", to_address: user.email });
      expect(email.subject).toMatch(/^Nieuw antwoord op uw verzoek/);
      expect(email.body_text).toContain(`/requests/${request.id}#message-${r.messageId}`);
      const note = await database.db.selectFrom("events").select("data").where("request_id", "=", request.id).where("type", "=", "citizen_notified").executeTakeFirstOrThrow();
      expect(note.data).toMatchObject({ locale: "nl", outbox: true });
    } finally {
      await runtime.close();
    }
  });

  it("a burst of 12 replies on one request within seconds sends the citizen one alert, each reply recorded", async () => {
    const runtime = testRuntime(database, { SECRET, MAIL_DOMAIN: DOMAIN });
    await runtime.queue.start();
    try {
      const { request, user } = await createRequestFixture(database.db);
      const to = replyAddressFor(SECRET, request.id, DOMAIN);
      // Processed concurrently, as the worker's parallel handlers would.
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => ingest(database.db, mail({ to, subject: `Re: votre demande — document ${i + 1}`, body: `Document ${i + 1} de notre réponse.` }), { deps: { ...ingestDeps(runtime), secret: SECRET } })),
      );
      expect(results.every((r) => r.outcome === "delivered")).toBe(true);
      const emails = await database.db.selectFrom("outbound_emails").select("kind").where("user_id", "=", user.id).where("kind", "=", "reply_received").execute();
      expect(emails).toHaveLength(1);
      const notes = await database.db.selectFrom("events").select("data").where("request_id", "=", request.id).where("type", "=", "citizen_notified").execute();
      expect(notes).toHaveLength(12);
      expect(notes.filter((n) => (n.data as { outbox: boolean }).outbox)).toHaveLength(1);
      expect(notes.filter((n) => (n.data as { coalesced_into?: number }).coalesced_into)).toHaveLength(11);
      // Once the window has passed, the next reply alerts again.
      await database.db.updateTable("events").set({ at: new Date(Date.now() - 11 * 60_000) }).where("request_id", "=", request.id).where("type", "=", "citizen_notified").execute();
      await ingest(database.db, mail({ to, subject: "Re: votre demande — complément" }), { deps: { ...ingestDeps(runtime), secret: SECRET } });
      expect(await database.db.selectFrom("outbound_emails").select("id").where("user_id", "=", user.id).where("kind", "=", "reply_received").execute()).toHaveLength(2);
    } finally {
      await runtime.close();
    }
  });

  it("an auto-reply changes nothing but is recorded", async () => {
    const { request } = await createRequestFixture(database.db);
    const r = await ingest(database.db, mail({ to: replyAddressFor(SECRET, request.id, DOMAIN), subject: "Réponse automatique : absent du bureau", extraHeaders: "Auto-Submitted: auto-replied" }), { deps: deps() });
    expect(r.kind).toBe("auto_reply");
    expect((await database.db.selectFrom("requests").select("state").where("id", "=", request.id).executeTakeFirstOrThrow()).state).toBe("awaiting_response");
  });
});

describe("ingest idempotency and failures", () => {
  it("the same Message-ID through another relay (different bytes) is a duplicate", async () => {
    const { request } = await createRequestFixture(database.db);
    const to = replyAddressFor(SECRET, request.id, DOMAIN);
    const first = await ingest(database.db, mail({ to, messageId: "once@commune-test.be" }), { deps: deps() });
    const relayed = Buffer.concat([Buffer.from("Received: from relay2 by mx; Tue, 03 Mar 2026 10:01:00 +0100\r\n"), mail({ to, messageId: "once@commune-test.be" })]);
    const second = await ingest(database.db, relayed, { deps: deps() });
    expect(second).toMatchObject({ outcome: "duplicate", messageId: first.messageId });
    const count = await database.db.selectFrom("messages").select((eb) => eb.fn.countAll<number>().as("n")).where("request_id", "=", request.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("concurrent processing of one raw message stores it once", async () => {
    const { request } = await createRequestFixture(database.db);
    const stored = await storeRaw(database.db, mail({ to: replyAddressFor(SECRET, request.id, DOMAIN) }), null);
    const results = await Promise.all([processRaw(database.db, stored.id, deps()), processRaw(database.db, stored.id, deps()), processRaw(database.db, stored.id, deps())]);
    expect(results.filter((r) => r.outcome === "delivered")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(2);
  });

  it("a processing failure is recorded on the raw message and a retry succeeds", async () => {
    const { request } = await createRequestFixture(database.db);
    const raw = Buffer.from(
      [`To: ${replyAddressFor(SECRET, request.id, DOMAIN)}`, "From: a@commune-test.be", "Subject: pièce jointe", "Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/plain", "", "voir pj", "--b", 'Content-Type: application/pdf; name="a.pdf"', "Content-Transfer-Encoding: base64", "", Buffer.from("%PDF-1.4 x").toString("base64"), "--b--", ""].join("\r\n"),
    );
    const stored = await storeRaw(database.db, raw, null);
    // A data directory that is a file: the attachment cannot be stored.
    const notADir = path.join(mkdtempSync(path.join(os.tmpdir(), "dossier-")), "file");
    writeFileSync(notADir, "x");
    const broken: IngestDeps = { secret: SECRET, files: new FileStore(notADir) };
    await expect(processRaw(database.db, stored.id, broken)).rejects.toThrow();
    const failed = await database.db.selectFrom("raw_messages").select(["processed_at", "processing_error", "attempts"]).where("id", "=", stored.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ processed_at: null, attempts: 1 });
    expect(failed.processing_error).toBeTruthy();
    const retried = await processRaw(database.db, stored.id, deps());
    expect(retried).toMatchObject({ outcome: "delivered", requestId: request.id });
    expect(retried.attachments).toEqual([expect.objectContaining({ filename: "a.pdf", content_type: "application/pdf", extraction_status: "pending" })]);
  });

  it("keeps empty input in the holding pen with its reason, raw bytes and all", async () => {
    const r = await ingest(database.db, Buffer.alloc(0), { deps: deps() });
    expect(r).toMatchObject({ outcome: "holding_pen", requestId: null, reason: "empty message (0 bytes, nothing but white space)" });
    const row = await database.db.selectFrom("raw_messages").select(["outcome", "size"]).where("id", "=", r.rawId).executeTakeFirstOrThrow();
    expect(row).toEqual({ outcome: "holding_pen", size: 0 });
  });
});
