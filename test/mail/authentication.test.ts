import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dkimSign } from "mailauth/lib/dkim/sign.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../../core/files";
import { listDmarcFailures } from "../../mail/admin";
import type { DnsResolver } from "../../mail/authenticate";
import { ingest, type IngestDeps } from "../../mail/ingest";
import { replyAddressFor } from "../../mail/reply-address";
import type { Envelope } from "../../mail/smtp-server";
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
});
