import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";

export type CaughtMail = { envelope: { from: string; to: string[] }; raw: string; parsed: ParsedMail };

export type SmtpSink = {
  url: string;
  messages: CaughtMail[];
  /** Recipients for which RCPT TO is refused with this code (e.g. 550). */
  reject: Map<string, number>;
  waitFor: (predicate: (m: CaughtMail) => boolean, timeoutMs?: number) => Promise<CaughtMail>;
};

/**
 * A real SMTP server on a free port that keeps every message it receives,
 * standing in for the outbound relay. When `env` is given, SMTP_URL is set
 * in it before later hooks (useTestApp) read it.
 */
export function useSmtpSink(env?: Record<string, string>): SmtpSink {
  const sink: SmtpSink = {
    url: "",
    messages: [],
    reject: new Map(),
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = sink.messages.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No matching message reached the SMTP sink in ${timeoutMs} ms (got ${sink.messages.length}: ${sink.messages.map((m) => m.parsed.subject).join(" | ")})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  let server: SMTPServer | undefined;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = sink.reject.get(address.address.toLowerCase());
        if (code) {
          const error = new Error(`${code} 5.1.1 <${address.address}>: mailbox unavailable`) as Error & { responseCode: number };
          error.responseCode = code;
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", async () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          sink.messages.push({ envelope, raw, parsed: await simpleParser(raw) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
    const address = server.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    sink.url = `smtp://127.0.0.1:${port}`;
    if (env) env.SMTP_URL = sink.url;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return sink;
}
