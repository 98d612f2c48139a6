import nodemailer from "nodemailer";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/connect";
import { replyAddressFor } from "../../mail/reply-address";
import { startSmtpPart } from "../../mail/smtp-part";
import type { SmtpListener } from "../../mail/smtp-server";
import type { ProcessContext as Runtime } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { makePdf } from "./documents";
import { createRequestFixture } from "./factories";
import { hasUnclassifiedReply } from "../../requests/requests";

const database = useTestDatabase();
const SECRET = "smtp-secret-smtp-secret-smtp-secret-smtp";
const DOMAIN = "dossier.test";

/** The real SMTP part (listener + durable commit + queued job) on port 0, and the real worker. */
describe("SMTP listener with the database", () => {
  let runtime: Runtime;
  let smtp: SmtpListener;
  beforeAll(async () => {
    runtime = testRuntime(database, { MAIL_DOMAIN: DOMAIN, SECRET, SMTP_MAX_MESSAGE_SIZE: String(256 * 1024) });
    await runtime.queue.start();
    smtp = await startSmtpPart(runtime);
  });
  afterAll(async () => {
    await smtp?.close();
    await runtime?.close();
  });

  const send = (message: Parameters<ReturnType<typeof nodemailer.createTransport>["sendMail"]>[0], port = smtp.port) =>
    nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }).sendMail({ from: "agent@commune-test.be", ...message });

  it("answers 250 only once the raw message is committed, queues its processing, and the worker delivers it", async () => {
    const { request } = await createRequestFixture(database.db);
    const pdf = await makePdf(["Décision du collège communal de Test"]);
    const info = await send({ to: replyAddressFor(SECRET, request.id, DOMAIN), subject: "Décision", text: "Voir la pièce jointe.", attachments: [{ filename: "décision.pdf", content: pdf }] });
    expect(info.response).toMatch(/^250 2\.0\.0 Stored as \d+/);
    const rawId = Number(/Stored as (\d+)/.exec(info.response)![1]);
    // Committed before the 250: visible from another connection right away, with its job.
    const raw = await database.db.selectFrom("raw_messages").select(["id", "envelope", "processed_at"]).where("id", "=", rawId).executeTakeFirstOrThrow();
    expect(raw.envelope).toMatchObject({ mailFrom: "agent@commune-test.be", rcptTo: [replyAddressFor(SECRET, request.id, DOMAIN)] });
    // Its processing job follows right after the 250.
    let jobs = 0;
    for (let i = 0; i < 50 && jobs === 0; i++) {
      jobs = (await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'mail.process' and data->>'rawId' = ${String(rawId)}`.execute(database.db)).rows[0].n;
      if (jobs === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(jobs).toBe(1);

    await runtime.queue.work(runtime);
    const deadline = Date.now() + 90_000;
    let attachment: { extraction_status: string; extracted_text: string | null; filename: string } | undefined;
    while (Date.now() < deadline) {
      attachment = await database.db
        .selectFrom("attachments")
        .innerJoin("messages", "messages.id", "attachments.message_id")
        .select(["attachments.extraction_status", "attachments.extracted_text", "attachments.filename"])
        .where("messages.raw_message_id", "=", rawId)
        .executeTakeFirst();
      if (attachment && attachment.extraction_status !== "pending") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(attachment).toMatchObject({ filename: "décision.pdf", extraction_status: "done" });
    expect(attachment!.extracted_text).toContain("Décision du collège communal de Test");
    expect(await hasUnclassifiedReply(database.db, request.id)).toBe(true);
    expect(await database.db.selectFrom("outbound_emails").select("kind").where("kind", "=", "reply_received").executeTakeFirst()).toEqual({ kind: "reply_received" });
  }, 120_000);

  it("refuses to relay (550) and refuses oversized mail (552)", async () => {
    await expect(send({ to: "someone@example.org", text: "x" })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ to: `anything@${DOMAIN}`, text: "x".repeat(300 * 1024) })).rejects.toMatchObject({ responseCode: 552 });
  });

  it("answers 451 when the database cannot commit, so the sender retries", async () => {
    const { db: unreachable } = createDb("postgres://nobody:nothing@127.0.0.1:1/none", 1);
    const broken: Runtime = { ...runtime, db: unreachable, database: { ...runtime.database, db: unreachable } };
    const errors: string[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => errors.push(a.join(" "));
    const listener = await startSmtpPart(broken).catch((e) => {
      console.error = original;
      throw e;
    });
    try {
      await expect(send({ to: `request-1-00000000@${DOMAIN}`, text: "x" }, listener.port)).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      console.error = original;
      await listener.close();
      await unreachable.destroy();
    }
    expect(errors.join("\n")).toMatch(/could not store a message/);
  });

  it("re-queues committed but unprocessed messages when the listener starts (crash between commit and queue)", async () => {
    const { storeRaw } = await import("../../mail/ingest");
    const orphan = await storeRaw(database.db, Buffer.from(`From: a@b.be\r\nTo: x@${DOMAIN}\r\nSubject: orphan ${Math.random()}\r\n\r\nx\r\n`), null);
    const restarted = await startSmtpPart(runtime);
    await restarted.close();
    const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'mail.process' and data->>'rawId' = ${String(orphan.id)}`.execute(database.db);
    expect(jobs.rows[0].n).toBe(1);
  });
});
