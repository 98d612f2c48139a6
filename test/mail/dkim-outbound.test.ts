import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { authenticate } from "mailauth";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../core/config";
import { smtpMailer } from "../../mail/relay";
import { useSmtpSink } from "../support/smtp-sink";

const DOMAIN = "dossier-dkim.test";
const dir = mkdtempSync(path.join(os.tmpdir(), "dossier-dkim-"));
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const keyFile = path.join(dir, "dkim.pem");
writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }) as string);
/** The TXT record the README tells the operator to publish at <selector>._domainkey.<MAIL_DOMAIN>. */
const published = `v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;

const dns = (records: Record<string, string>) => async (name: string, rrtype: string) => {
  const value = records[`${name.toLowerCase()}|${rrtype}`];
  if (value) return [[value]];
  throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};

async function dkimOf(raw: string, records: Record<string, string>) {
  const result = await authenticate(Buffer.from(raw), { ip: "192.0.2.1", helo: "relay.example", sender: `no-reply@${DOMAIN}`, mta: "mx.authority.example", resolver: dns(records), disableBimi: true });
  const results = (result.dkim?.results ?? []) as Array<{ signingDomain?: string; selector?: string; status?: { result?: string } }>;
  return results.map((r) => ({ domain: r.signingDomain, selector: r.selector, result: r.status?.result }));
}

describe("outbound DKIM signing", () => {
  const sink = useSmtpSink();

  it("signs every letter for MAIL_DOMAIN when a key is configured, and the signature verifies against the published key", async () => {
    const config = loadConfig({ DATA_DIR: dir, SECRET: "s".repeat(40), MAIL_DOMAIN: DOMAIN, DKIM_PRIVATE_KEY_FILE: keyFile, DKIM_SELECTOR: "dossier2026", SMTP_URL: sink.url });
    expect(config.dkim).toMatchObject({ domain: DOMAIN, selector: "dossier2026" });
    const mailer = smtpMailer(config.smtpUrl, config.dkim);
    await mailer.send({
      from: { name: "Dossier", address: `request-7-abc@${DOMAIN}` },
      to: ["info@authority.example"],
      subject: "Demande d'accès aux documents administratifs — « budget 2026 »",
      text: "Madame, Monsieur,\n\nJe vous prie de me communiquer…\n\nDossier",
      attachments: [{ filename: "annexe.pdf", content: Buffer.from("%PDF-1.4 test"), contentType: "application/pdf" }],
    });
    const caught = await sink.waitFor((m) => m.envelope.to.includes("info@authority.example"));
    expect(caught.raw).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256;/m);
    expect(await dkimOf(caught.raw, { [`dossier2026._domainkey.${DOMAIN}|TXT`]: published })).toEqual([{ domain: DOMAIN, selector: "dossier2026", result: "pass" }]);
    // Altered in transit: the signature no longer verifies.
    const tampered = caught.raw.replace("Je vous prie", "Je vous prie instamment");
    expect(tampered).not.toBe(caught.raw);
    // mailauth reports a body that no longer matches its hash as "neutral" (RFC 6376 §6.3), a bad signature as "fail".
    expect((await dkimOf(tampered, { [`dossier2026._domainkey.${DOMAIN}|TXT`]: published }))[0].result).toMatch(/^(fail|neutral)$/);
    // Signed with a key other than the one published: fails.
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
    expect((await dkimOf(caught.raw, { [`dossier2026._domainkey.${DOMAIN}|TXT`]: `v=DKIM1; k=rsa; p=${other}` }))[0].result).toBe("fail");
  });

  it("leaves letters unsigned without a key", async () => {
    const config = loadConfig({ DATA_DIR: dir, SECRET: "s".repeat(40), MAIL_DOMAIN: DOMAIN, SMTP_URL: sink.url });
    expect(config.dkim).toBeNull();
    await smtpMailer(config.smtpUrl, config.dkim).send({ from: { name: "Dossier", address: `no-reply@${DOMAIN}` }, to: ["unsigned@authority.example"], subject: "x", text: "y" });
    const caught = await sink.waitFor((m) => m.envelope.to.includes("unsigned@authority.example"));
    expect(caught.raw).not.toMatch(/^DKIM-Signature:/m);
  });
});
