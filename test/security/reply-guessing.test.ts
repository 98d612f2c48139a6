import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRawMessage } from "../../mail/parse";
import { recipientCode, replyAddressFor, requestHmac8 } from "../../mail/reply-address";
import { routeMessage } from "../../mail/route";
import { startSmtpListener, type SmtpListener } from "../../mail/smtp-server";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertRequest, insertUser } from "../search/factories";

/** Finding 3 (Medium): reply-address codes could be guessed at scale. */
const SECRET = "test-secret-for-guessing";
const DOMAIN = "dossier.test";

/** A line-by-line SMTP session over a raw socket: each command's reply code. */
async function smtpSession(port: number, commands: string[]): Promise<number[]> {
  const socket = net.connect(port, "127.0.0.1");
  const replies: number[] = [];
  let buffer = "";
  let pending: ((code: number) => void) | null = null;
  socket.on("data", (chunk) => {
    buffer += chunk.toString();
    for (;;) {
      const m = buffer.match(/^(?:\d{3}-[^\r\n]*\r\n)*(\d{3}) [^\r\n]*\r\n/);
      if (!m) break;
      buffer = buffer.slice(m[0].length);
      const resolve = pending;
      pending = null;
      resolve?.(Number(m[1]));
    }
  });
  const next = () => new Promise<number>((resolve) => (pending = resolve));
  await next(); // greeting
  for (const command of commands) {
    const reply = next();
    socket.write(`${command}\r\n`);
    replies.push(await reply);
  }
  socket.end("QUIT\r\n");
  return replies;
}

describe("reply-address guessing", () => {
  let listener: SmtpListener;
  beforeAll(async () => {
    listener = await startSmtpListener({
      mailDomain: DOMAIN,
      port: 0,
      host: "127.0.0.1",
      checkRecipient: (address) => recipientCode(SECRET, address),
      commit: async () => ({ id: 1 }),
      onError: () => {},
    });
  });
  afterAll(() => listener.close());

  it("bounds the recipients of one transaction", async () => {
    const rcpts = Array.from({ length: 25 }, (_, i) => `RCPT TO:<someone${i}@${DOMAIN}>`);
    const replies = await smtpSession(listener.port, ["EHLO probe.example", "MAIL FROM:<a@probe.example>", ...rcpts]);
    const rcptReplies = replies.slice(2);
    expect(rcptReplies.slice(0, 20).every((c) => c === 250)).toBe(true);
    expect(rcptReplies.slice(20)).toEqual([452, 452, 452, 452, 452]);
  });

  it("refuses a client's further wrong codes once past its budget; a right address still passes", async () => {
    const wrong = (i: number) => `RCPT TO:<request-7-${(0x10000000 + i).toString(16)}@${DOMAIN}>`;
    const first = await smtpSession(listener.port, ["EHLO probe.example", "MAIL FROM:<a@probe.example>", ...Array.from({ length: 10 }, (_, i) => wrong(i))]);
    expect(first.slice(2).every((c) => c === 250)).toBe(true);
    const right = `RCPT TO:<${replyAddressFor(SECRET, 7, DOMAIN)}>`;
    const second = await smtpSession(listener.port, ["EHLO probe.example", "MAIL FROM:<a@probe.example>", wrong(99), right]);
    expect(second.slice(2)).toEqual([450, 250]);
  });
});

describe("a message carrying many guesses", () => {
  const database = useTestDatabase();

  it("is delivered nowhere, even when one guess is right", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const guesses = Array.from({ length: 100 }, (_, i) => `request-${request.id}-${(0x20000000 + i).toString(16)}@${DOMAIN}`);
    const raw = (cc: string[]) =>
      Buffer.from(
        [`From: guesser@probe.example`, `To: nobody@${DOMAIN}`, ...cc.map((a) => `Cc: ${a}`), `Subject: hello`, `Message-ID: <g${cc.length}@probe.example>`, "", "body", ""].join("\r\n"),
      );
    const right = replyAddressFor(SECRET, request.id, DOMAIN);
    const guessed = await routeMessage(db, SECRET, await parseRawMessage(raw([...guesses, right])), null);
    expect(guessed.requestId).toBeNull();
    expect(guessed.reason).toMatch(/wrong code/);
    // An authority's honest typo next to the right address still gets through.
    const honest = await routeMessage(db, SECRET, await parseRawMessage(raw([guesses[0], right])), null);
    expect(honest.requestId).toBe(request.id);
  });
});

describe("longer codes", () => {
  const database = useTestDatabase();
  const message = (to: string, n: string) => Buffer.from([`From: agent@commune.example`, `To: ${to}`, `Subject: Re: demande`, `Message-ID: <${n}@commune.example>`, "", "Voici.", ""].join("\r\n"));

  it("gives new addresses a 64-bit code, and keeps 32-bit addresses working only for requests that had them", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const before = await insertRequest(db, { authority_id: authority.id, user_id: user.id, short_reply_code: true });
    const after = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const short = (id: number) => `request-${id}-${requestHmac8(SECRET, id)}@${DOMAIN}`;

    expect(replyAddressFor(SECRET, after.id, DOMAIN)).toMatch(/^request-\d+-[0-9a-f]{16}@/);
    const route = async (to: string, n: string) => (await routeMessage(db, SECRET, await parseRawMessage(message(to, n)), null)).requestId;
    // The address an authority got before the change still reaches its request.
    expect(await route(short(before.id), "old-1")).toBe(before.id);
    expect(await route(replyAddressFor(SECRET, before.id, DOMAIN), "old-2")).toBe(before.id);
    // A new request answers only to its long code: a right 32-bit guess gets nowhere.
    expect(await route(short(after.id), "new-1")).toBeNull();
    expect(await route(replyAddressFor(SECRET, after.id, DOMAIN), "new-2")).toBe(after.id);
    expect(recipientCode(SECRET, replyAddressFor(SECRET, after.id, DOMAIN))).toBe("valid");
  });
});
