import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";

/** The SMTP envelope as received, kept with the raw message. */
export interface Envelope {
  mailFrom: string;
  rcptTo: string[];
  remoteAddress: string | null;
  clientHostname: string | null;
  helo: string | null;
  tls: boolean;
  receivedAt: string;
  /**
   * The client is one of SMTP_TRUSTED_RELAYS (the MX in front of Dossier):
   * sender authentication takes the original client from the Received
   * header that relay added on top (mail/authenticate.ts relayedClient).
   */
  viaTrustedRelay?: boolean;
}

export interface SmtpListenerOptions {
  /** Only recipients at this domain are accepted (550 for anything else: never an open relay). */
  mailDomain: string;
  port: number;
  host?: string;
  /** Bytes; beyond this the message gets a 552. Default 25 MB. */
  maxMessageSize?: number;
  /** Concurrent connections per client IP. */
  maxConnectionsPerIp?: number;
  /** Messages per client IP per minute. */
  maxMessagesPerMinutePerIp?: number;
  tls?: { keyPath: string; certPath: string } | null;
  /** Recipients in one transaction (RCPT TO beyond this gets a 452). Default 20. */
  maxRecipients?: number;
  /**
   * Tells a reply address with a valid code from one with a wrong code
   * (mail/reply-address.ts recipientCode). Wrong codes are still accepted
   * (a mistyped address reaches the holding pen) but counted per client IP;
   * past `maxWrongCodesPerHourPerIp` that client's RCPT TO gets a 450.
   */
  checkRecipient?: (address: string) => "valid" | "wrong" | "none";
  /** Default 10. */
  maxWrongCodesPerHourPerIp?: number;
  /**
   * Client addresses exempt from the per-address limits above (connections,
   * messages a minute, wrong codes): the domain's own MX when Dossier runs
   * behind it, whose single address carries all inbound mail (SMTP_TRUSTED_RELAYS).
   */
  trustedRelays?: string[];
  /**
   * Commit the raw bytes durably. The listener answers 250 only after this
   * resolves, 451 if it rejects (the sending MTA retries later).
   */
  commit: (raw: Buffer, envelope: Envelope) => Promise<{ id: string | number }>;
  /**
   * A commit that has not answered after this many milliseconds gets a 451
   * (default 10 s): a frozen database must not hold the sender's session
   * (and one of its connections) until the sender's own timeout. Should the
   * commit still succeed later, the sender's retry is a duplicate the
   * pipeline recognises (same bytes).
   */
  commitTimeoutMs?: number;
  /** Called after the 250, for example to queue processing; failures are only logged. */
  afterCommit?: (id: string | number) => void | Promise<void>;
  onError?: (err: Error) => void;
}

export interface SmtpListener {
  server: SMTPServer;
  port: number;
  close: () => Promise<void>;
}

const DEFAULT_MAX_SIZE = 25 * 1024 * 1024;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Rejects when `promise` has not settled after `ms`. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A sliding window (one minute unless told) of counts per IP. */
class RateWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}
  take(ip: string, now = Date.now()): boolean {
    const list = (this.hits.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length >= this.limit) {
      this.hits.set(ip, list);
      return false;
    }
    list.push(now);
    this.hits.set(ip, list);
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.every((t) => now - t >= this.windowMs)) this.hits.delete(k);
    return true;
  }
}

/** An IPv4 client seen through an IPv6 socket ("::ffff:10.0.0.5") compares as "10.0.0.5". */
function plainAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase();
}

export function recipientAllowed(address: string, mailDomain: string): boolean {
  const at = address.lastIndexOf("@");
  if (at <= 0) return false;
  const domain = address.slice(at + 1).toLowerCase().replace(/\.$/, "");
  return domain === mailDomain.toLowerCase();
}

function envelopeOf(session: SMTPServerSession, viaTrustedRelay: boolean): Envelope {
  // smtp-server resets session.envelope after onData's callback: copy it now.
  const mailFrom = session.envelope.mailFrom;
  return {
    mailFrom: mailFrom ? mailFrom.address : "",
    rcptTo: session.envelope.rcptTo.map((r) => r.address),
    remoteAddress: session.remoteAddress ?? null,
    clientHostname: session.clientHostname ?? null,
    helo: session.hostNameAppearsAs ?? null,
    tls: Boolean(session.secure),
    receivedAt: new Date().toISOString(),
    ...(viaTrustedRelay ? { viaTrustedRelay: true } : {}),
  };
}

/** Start the inbound listener; resolves once it is listening (port 0 picks a free port). */
export async function startSmtpListener(opts: SmtpListenerOptions): Promise<SmtpListener> {
  const maxSize = opts.maxMessageSize ?? DEFAULT_MAX_SIZE;
  const maxConn = opts.maxConnectionsPerIp ?? 20;
  const rate = new RateWindow(opts.maxMessagesPerMinutePerIp ?? 600);
  const connections = new Map<string, number>();
  const maxRecipients = opts.maxRecipients ?? 20;
  const wrongCodes = new RateWindow(opts.maxWrongCodesPerHourPerIp ?? 10, 3_600_000);
  const onError = opts.onError ?? ((e: Error) => console.error(`smtp: ${e.message}`));
  const trusted = new Set((opts.trustedRelays ?? []).map(plainAddress));
  const isTrusted = (session: SMTPServerSession) => trusted.has(plainAddress(session.remoteAddress ?? ""));

  const tlsOptions: Partial<SMTPServerOptions> = opts.tls
    ? { key: readFileSync(opts.tls.keyPath), cert: readFileSync(opts.tls.certPath) }
    : {};

  const server = new SMTPServer({
    ...tlsOptions,
    secure: false,
    name: opts.mailDomain,
    banner: "Dossier inbound mail",
    size: maxSize,
    authOptional: true,
    disabledCommands: opts.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    hideSTARTTLS: !opts.tls,
    logger: false,
    maxClients: 1000,
    socketTimeout: 120_000,
    closeTimeout: 5_000,
    onConnect(session, callback) {
      if (isTrusted(session)) return callback();
      const ip = session.remoteAddress ?? "unknown";
      const n = (connections.get(ip) ?? 0) + 1;
      if (n > maxConn) return callback(smtpError("4.7.0 Too many connections from your address, try again later", 421));
      connections.set(ip, n);
      callback();
    },
    onClose(session) {
      if (isTrusted(session)) return;
      const ip = session.remoteAddress ?? "unknown";
      const n = (connections.get(ip) ?? 1) - 1;
      if (n <= 0) connections.delete(ip);
      else connections.set(ip, n);
    },
    onMailFrom(_address, session, callback) {
      if (!isTrusted(session) && !rate.take(session.remoteAddress ?? "unknown")) {
        return callback(smtpError("4.7.0 Too many messages from your address, try again later", 451));
      }
      callback();
    },
    onRcptTo(address, session, callback) {
      if (!recipientAllowed(address.address, opts.mailDomain)) {
        return callback(smtpError(`5.7.1 Relaying denied: we only accept mail for @${opts.mailDomain}`, 550));
      }
      if (session.envelope.rcptTo.length >= maxRecipients) {
        return callback(smtpError(`4.5.3 Too many recipients: at most ${maxRecipients} per message`, 452));
      }
      if (opts.checkRecipient && opts.checkRecipient(address.address) === "wrong") {
        const ip = session.remoteAddress ?? "unknown";
        // Slow guessing down: a client past its budget of wrong codes waits an hour.
        if (!isTrusted(session) && !wrongCodes.take(ip)) return callback(smtpError("4.7.1 Too many unknown reply addresses from your address, try again later", 450));
      }
      callback();
    },
    onData(stream, session, callback) {
      const envelope = envelopeOf(session, isTrusted(session));
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on("data", (chunk: Buffer) => {
        length += chunk.length;
        if (length <= maxSize) chunks.push(chunk);
      });
      stream.on("error", (err: Error) => callback(err));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || length > maxSize) {
          return callback(smtpError(`5.3.4 Message too big: the limit is ${maxSize} bytes`, 552));
        }
        const raw = Buffer.concat(chunks, length);
        withDeadline(opts.commit(raw, envelope), opts.commitTimeoutMs ?? 10_000).then(
          ({ id }) => {
            callback(null, `2.0.0 Stored as ${id}`);
            if (opts.afterCommit) {
              Promise.resolve()
                .then(() => opts.afterCommit?.(id))
                .catch((e: Error) => onError(new Error(`after-commit hook failed for ${id}: ${e.message}`)));
            }
          },
          (err: Error) => {
            onError(new Error(`could not store a message from ${envelope.remoteAddress}: ${err.message}`));
            callback(smtpError("4.3.0 Temporary storage failure, try again later", 451));
          },
        );
      });
    },
  });
  server.on("error", (err) => onError(err));

  await new Promise<void>((resolve, reject) => {
    const onListenError = (e: Error) => reject(e);
    server.server.once("error", onListenError);
    server.listen(opts.port, opts.host ?? "0.0.0.0", () => {
      server.server.off("error", onListenError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
