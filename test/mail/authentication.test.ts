import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dkimSign } from "mailauth/lib/dkim/sign.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../../core/files";
import { listDmarcFailures } from "../../mail/admin";
import type { DnsResolver } from "../../mail/authenticate";
import nodemailer from "nodemailer";
import { ingest, processRaw, storeRaw, type IngestDeps } from "../../mail/ingest";
import { replyAddressFor } from "../../mail/reply-address";
import { relayedClient } from "../../mail/authenticate";
import { startSmtpListener, type Envelope } from "../../mail/smtp-server";
import { loadThreadMessages } from "../../mail/thread";
import { sendFollowUp } from "../../requests/requests";
import type { ProcessContext as Runtime } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { createRequestFixture } from "./factories";

const database = useTestDatabase();
const SECRET = "auth-secret-auth-secret-auth-secret-auth-se";
const DOMAIN = "dossier.test";
const AUTHORITY = "namur-test.be";
const AUTHORITY_MX = "192.0.2.10";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
/** The authority's DNS as the fake resolver answers it: SPF for its server, its DKIM key, DMARC p=reject. */
const DNS: Record<string, string[][]> = {
  [`${AUTHORITY}|TXT`]: [[`v=spf1 ip4:${AUTHORITY_MX} -all`]],
  [`_dmarc.${AUTHORITY}|TXT`]: [["v=DMARC1; p=reject; rua=mailto:dmarc@namur-test.be"]],
  [`sel._domainkey.${AUTHORITY}|TXT`]: [[`v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`]],
};
const lookups: string[] = [];
const fakeDns: DnsResolver = async (name, rrtype) => {
  lookups.push(`${name}|${rrtype}`);
  const answer = DNS[`${name.toLowerCase()}|${rrtype}`];
  if (answer) return answer;
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};
const deps = (): IngestDeps => ({ secret: SECRET, files: new FileStore(mkdtempSync(path.join(os.tmpdir(), "dossier-files-"))), resolver: fakeDns, mta: DOMAIN });

function envelope(from: string, to: string, ip: string): Envelope {
  return { mailFrom: from, rcptTo: [to], remoteAddress: ip, clientHostname: null, helo: "mx.sender.example", tls: false, receivedAt: new Date().toISOString() };
}

function mail(from: string, to: string, id: string, body: string): Buffer {
  return Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: RE: demande\r\nMessage-ID: <${id}@${AUTHORITY}>\r\nDate: Tue, 3 Mar 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);
}

async function signed(raw: Buffer): Promise<Buffer> {
  const r = await dkimSign(raw, { signatureData: [{ signingDomain: AUTHORITY, selector: "sel", privateKey: privateKey.export({ type: "pkcs8", format: "pem" }) as string }] });
  return Buffer.concat([Buffer.from(r.signatures), raw]);
}

describe("sender authentication (SPF, DKIM, DMARC) on inbound mail", () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = testRuntime(database, { SECRET, MAIL_DOMAIN: DOMAIN });
    await runtime.queue.start();
  });
  afterAll(async () => {
    await runtime.close();
  });

  it("a forged From failing DMARC for the authority's domain is flagged, shown as not verified, listed for admins, and never a follow-up target", async () => {
    const { request, user } = await createRequestFixture(database.db, { authorityEmail: `info@${AUTHORITY}`, authorityWebsite: `https://www.${AUTHORITY}` });
    const to = replyAddressFor(SECRET, request.id, DOMAIN);

    // A genuine reply: sent from the authority's server, DKIM-signed.
    const genuine = await ingest(database.db, await signed(mail(`Agent <agent@${AUTHORITY}>`, to, `g-${request.id}`, "Voici les documents.")), { envelope: envelope(`agent@${AUTHORITY}`, to, AUTHORITY_MX), deps: deps() });
    // Then a forgery: From the authority's domain, from another server, unsigned.
    const forged = await ingest(database.db, mail(`Bourgmestre <bourgmestre@${AUTHORITY}>`, to, `f-${request.id}`, "Répondez-moi à cette adresse."), { envelope: envelope(`bourgmestre@${AUTHORITY}`, to, "203.0.113.66"), deps: deps() });
    expect(genuine.outcome).toBe("delivered");
    expect(forged.outcome).toBe("delivered");

    const rows = await database.db.selectFrom("messages").select(["id", "auth", "dmarc_failed"]).where("id", "in", [genuine.messageId!, forged.messageId!]).orderBy("id").execute();
    expect(rows[0]).toMatchObject({ dmarc_failed: false, auth: { spf: "pass", dmarc: "pass", dkim: [{ domain: AUTHORITY, result: "pass", aligned: true }] } });
    expect(rows[1]).toMatchObject({ dmarc_failed: true, auth: { spf: "fail", dmarc: "fail", dmarcDomain: AUTHORITY, dmarcPolicy: "reject" } });

    const thread = await loadThreadMessages(database.db, request.id, "fr");
    expect(thread.find((m) => m.id === genuine.messageId)?.authentication?.verdict).toBe("verified");
    expect(thread.find((m) => m.id === forged.messageId)?.authentication?.verdict).toBe("failed");

    expect((await listDmarcFailures(database.db)).map((f) => f.messageId)).toContain(forged.messageId);
    expect((await listDmarcFailures(database.db)).map((f) => f.messageId)).not.toContain(genuine.messageId);

    // The follow-up may go to the genuine sender, never to the later forged one.
    // The forged sender is not even offered; the genuine one is, when the citizen picks them (test/security/follow-up-target.test.ts).
    await expect(sendFollowUp(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, body: "Pourriez-vous compléter votre réponse ?", to: `bourgmestre@${AUTHORITY}` })).rejects.toMatchObject({ code: "invalid_input" });
    await sendFollowUp(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, body: "Pourriez-vous compléter votre réponse ?", to: `agent@${AUTHORITY}` });
    const followUp = await database.db.selectFrom("messages").select("to_addresses").where("request_id", "=", request.id).where("kind", "=", "follow_up").executeTakeFirstOrThrow();
    expect(followUp.to_addresses).toEqual([`agent@${AUTHORITY}`]);
  });

  it("a reply from another domain is 'not verified' without being flagged; no resolver means no checks", async () => {
    const { request } = await createRequestFixture(database.db, { authorityEmail: `info@${AUTHORITY}` });
    const to = replyAddressFor(SECRET, request.id, DOMAIN);
    const r = await ingest(database.db, mail("Someone <someone@gmail.example>", to, `o-${request.id}`, "Bonjour"), { envelope: envelope("someone@gmail.example", to, "198.51.100.7"), deps: deps() });
    const row = await database.db.selectFrom("messages").select(["auth", "dmarc_failed"]).where("id", "=", r.messageId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ dmarc_failed: false, auth: { dmarc: "none" } });
    expect((await loadThreadMessages(database.db, request.id, "en"))[0].authentication?.verdict).toBe("not_verified");

    const unchecked = await ingest(database.db, mail(`agent@${AUTHORITY}`, to, `u-${request.id}`, "Bonjour"), { deps: { ...deps(), resolver: undefined } });
    const u = await database.db.selectFrom("messages").select(["auth", "dmarc_failed"]).where("id", "=", unchecked.messageId!).executeTakeFirstOrThrow();
    expect(u).toEqual({ auth: null, dmarc_failed: false });
  });

  it("behind a trusted relay, SPF judges the client named in the Received header that relay added on top, over a real SMTP socket", async () => {
    const { request } = await createRequestFixture(database.db, { authorityEmail: `info@${AUTHORITY}` });
    const to = replyAddressFor(SECRET, request.id, DOMAIN);
    const listen = (trustedRelays: string[]) =>
      startSmtpListener({ mailDomain: DOMAIN, port: 0, host: "127.0.0.1", trustedRelays, commit: (raw, envelope) => storeRaw(database.db, raw, envelope), onError: () => {} });
    const relayed = await listen(["127.0.0.1"]);
    const direct = await listen([]);
    // What the MX hands on: its own Received header on top; below it, whatever the sender wrote (here a forged one).
    const received = (ip: string, helo: string) => `Received: from ${helo} (${helo} [${ip}])\r\n\tby mx.${DOMAIN} (Postfix) with ESMTPS id 4Zk1\r\n\tfor <${to}>; Tue, 3 Mar 2026 10:00:01 +0100\r\n`;
    const forgedBelow = `Received: from mx.${AUTHORITY} (mx.${AUTHORITY} [${AUTHORITY_MX}]) by somewhere; Tue, 3 Mar 2026 09:59:00 +0100\r\n`;
    const send = async (port: number, id: string, top: string) => {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, name: `mx.${DOMAIN}` });
      const info = await transport.sendMail({ envelope: { from: `agent@${AUTHORITY}`, to }, raw: Buffer.concat([Buffer.from(top + forgedBelow), mail(`Agent <agent@${AUTHORITY}>`, to, `${id}-${request.id}`, "Voici la décision.")]) });
      transport.close();
      const rawId = Number(/Stored as (\d+)/.exec(info.response)?.[1]);
      const result = await processRaw(database.db, rawId, deps());
      return (await database.db.selectFrom("messages").select("auth").where("id", "=", result.messageId!).executeTakeFirstOrThrow()).auth as Record<string, unknown>;
    };
    try {
      // The authority's own server, relayed by our MX: SPF passes for it, so DMARC passes without a signature.
      expect(await send(relayed.port, "relay-ok", received(AUTHORITY_MX, `mx.${AUTHORITY}`))).toMatchObject({ spf: "pass", spfClient: AUTHORITY_MX, spfViaRelay: true, dmarc: "pass" });
      // Another server, relayed: only the relay's top header counts, never the sender's forged one below it.
      expect(await send(relayed.port, "relay-forged", received("203.0.113.66", "mail.elsewhere.example"))).toMatchObject({ spf: "fail", spfClient: "203.0.113.66", dmarc: "fail" });
      // A client that is not a trusted relay: its Received headers are not believed; SPF judges the client itself.
      expect(await send(direct.port, "direct", received(AUTHORITY_MX, `mx.${AUTHORITY}`))).toMatchObject({ spf: "fail", spfClient: "127.0.0.1", spfViaRelay: false, dmarc: "fail" });
    } finally {
      await relayed.close();
      await direct.close();
    }
  });

  it("reads the relay's Received header for an IPv4 or IPv6 client and a missing HELO, and nothing from a header without an address", () => {
    const parse = (header: string) => relayedClient(Buffer.from(`${header}\r\nFrom: a@b.example\r\n\r\nbody\r\n`));
    expect(parse("Received: from mx.namur.be (mx.namur.be [192.0.2.10])\r\n\tby mx.dossier.be (Postfix) with ESMTPS id X")).toEqual({ ip: "192.0.2.10", helo: "mx.namur.be" });
    expect(parse("Received: from helo.example (unknown [IPv6:2001:DB8::25])\r\n\tby mx")).toEqual({ ip: "2001:db8::25", helo: "helo.example" });
    expect(parse("Received: from [198.51.100.4] (unknown [198.51.100.4]) by mx")).toEqual({ ip: "198.51.100.4", helo: null });
    expect(parse("Received: by mx.dossier.be (Postfix, from userid 0) id 1")).toBeNull();
    expect(parse("Received: from x (y [999.1.1.1]) by mx")).toBeNull();
    expect(parse("Subject: no received header")).toBeNull();
    // A header stuffed to make a regular expression backtrack is still read in linear time.
    expect(parse(`Received: from ${"a".repeat(100_000)} (${"(".repeat(50_000)}`)).toBeNull();
  });
});
