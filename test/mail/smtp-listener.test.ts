import { fileURLToPath } from "node:url";
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

describe("SMTP listener limits and STARTTLS", () => {
  it("limits concurrent connections per client address (421)", async () => {
    const listener = await startSmtpListener({ mailDomain: "dossier.test", port: 0, host: "127.0.0.1", maxConnectionsPerIp: 2, commit: async () => ({ id: 1 }), onError: () => {} });
    const net = await import("node:net");
    const greet = () =>
      new Promise<string>((resolve) => {
        const socket = net.connect(listener.port, "127.0.0.1");
        socket.once("data", (d) => resolve(d.toString()));
        sockets.push(socket);
      });
    const sockets: import("node:net").Socket[] = [];
    try {
      const greetings = [await greet(), await greet(), await greet()];
      expect(greetings[0]).toMatch(/^220 /);
      expect(greetings[1]).toMatch(/^220 /);
      expect(greetings[2]).toMatch(/^421 /);
    } finally {
      for (const s of sockets) s.destroy();
      await listener.close();
    }
  });

  it("offers STARTTLS when a certificate is configured, and not otherwise", async () => {
    const tlsDir = fileURLToPath(new URL("../fixtures/mail/tls/", import.meta.url));
    const stored: Envelope[] = [];
    const withTls = await startSmtpListener({
      mailDomain: "dossier.test",
      port: 0,
      host: "127.0.0.1",
      tls: { keyPath: tlsDir + "test-only-key.pem", certPath: tlsDir + "test-only-cert.pem" },
      commit: async (_raw, envelope) => {
        stored.push(envelope);
        return { id: stored.length };
      },
      onError: () => {},
    });
    try {
      const secure = nodemailer.createTransport({ host: "127.0.0.1", port: withTls.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
      await secure.sendMail({ from: "a@b.be", to: "x@dossier.test", text: "over TLS" });
      expect(stored.at(-1)?.tls).toBe(true);
    } finally {
      await withTls.close();
    }
    const withoutTls = await startSmtpListener({ mailDomain: "dossier.test", port: 0, host: "127.0.0.1", commit: async () => ({ id: 1 }), onError: () => {} });
    try {
      const plain = nodemailer.createTransport({ host: "127.0.0.1", port: withoutTls.port, secure: false, requireTLS: true });
      await expect(plain.sendMail({ from: "a@b.be", to: "x@dossier.test", text: "x" })).rejects.toThrow(/STARTTLS/);
    } finally {
      await withoutTls.close();
    }
  });

  it("exempts trusted relays (the MX in front) from the per-address limits, and only them", async () => {
    const net = await import("node:net");
    const limits = { mailDomain: "dossier.test", port: 0, host: "127.0.0.1", maxConnectionsPerIp: 2, maxMessagesPerMinutePerIp: 5, commit: async () => ({ id: 1 }), onError: () => {} };
    const relayed = await startSmtpListener({ ...limits, trustedRelays: ["127.0.0.1"] });
    const direct = await startSmtpListener({ ...limits, trustedRelays: ["192.0.2.25"] });
    const sockets: import("node:net").Socket[] = [];
    const greet = (port: number) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        socket.once("data", (d) => resolve(d.toString()));
        sockets.push(socket);
      });
    const burst = async (port: number) => {
      const t = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => t.sendMail({ from: "a@b.be", to: "x@dossier.test", text: "x" })));
      t.close();
      return results.filter((r) => r.status === "fulfilled").length;
    };
    try {
      expect(await burst(relayed.port)).toBe(20);
      expect(await burst(direct.port)).toBe(5);
      const relayedGreetings = await Promise.all([1, 2, 3, 4].map(() => greet(relayed.port)));
      expect(relayedGreetings.every((g) => g.startsWith("220 "))).toBe(true);
      const directGreetings = [await greet(direct.port), await greet(direct.port), await greet(direct.port)];
      expect(directGreetings[2]).toMatch(/^421 /);
    } finally {
      for (const s of sockets) s.destroy();
      await relayed.close();
      await direct.close();
    }
  });
});
