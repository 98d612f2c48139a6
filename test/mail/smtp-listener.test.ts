import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpListener, type Envelope, type SmtpListener } from "../../mail/smtp-server";

/**
 * The listener's protocol answers, with the commit step replaced by an
 * in-memory one (the database-backed path is tested in smtp-ingest.test.ts).
 */
describe("SMTP listener protocol", () => {
  let listener: SmtpListener;
  const stored: Array<{ raw: Buffer; envelope: Envelope }> = [];
  let failCommits = false;

  beforeAll(async () => {
    listener = await startSmtpListener({
      mailDomain: "dossier.test",
      port: 0,
      host: "127.0.0.1",
      maxMessageSize: 64 * 1024,
      maxMessagesPerMinutePerIp: 50,
      commit: async (raw, envelope) => {
        if (failCommits) throw new Error("database unavailable");
        stored.push({ raw, envelope });
        return { id: stored.length };
      },
      onError: () => {},
    });
  });
  afterAll(() => listener.close());

  const transport = () => nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true, tls: { rejectUnauthorized: false } });

  it("accepts mail for the domain and keeps the envelope", async () => {
    const info = await transport().sendMail({ from: "agent@namur.be", to: "request-1-abcdef12@dossier.test", subject: "Réponse", text: "Bonjour" });
    expect(info.response).toMatch(/^250 /);
    const last = stored.at(-1)!;
    expect(last.envelope).toMatchObject({ mailFrom: "agent@namur.be", rcptTo: ["request-1-abcdef12@dossier.test"], remoteAddress: "127.0.0.1" });
    expect(last.raw.toString()).toContain("Subject: =?UTF-8?");
  });

  it("refuses to relay (550)", async () => {
    await expect(transport().sendMail({ from: "a@b.be", to: "someone@elsewhere.example", text: "x" })).rejects.toMatchObject({ responseCode: 550 });
  });

  it("refuses a message over the size limit (552)", async () => {
    await expect(transport().sendMail({ from: "a@b.be", to: "x@dossier.test", text: "x".repeat(100 * 1024) })).rejects.toMatchObject({ responseCode: 552 });
  });

  it("answers 451 when the commit fails, so the sender retries", async () => {
    failCommits = true;
    try {
      await expect(transport().sendMail({ from: "a@b.be", to: "x@dossier.test", text: "x" })).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      failCommits = false;
    }
  });

  it("rate-limits messages per client address", async () => {
    const t = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => t.sendMail({ from: "a@b.be", to: "x@dossier.test", text: "x" })));
    t.close();
    expect(results.some((r) => r.status === "rejected" && (r.reason as { responseCode?: number }).responseCode === 451)).toBe(true);
  });
});
