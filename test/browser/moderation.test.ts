import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openPdf } from "../../core/documents/pdf";
import { FileStore } from "../../core/files";
import { ingest, type IngestDeps } from "../../mail/ingest";
import { replyAddressFor } from "../../mail/reply-address";
import { hideItem } from "../../moderation/hide";
import { insertRule } from "../../moderation/rules";
import { fileLoader, runRedactionJob } from "../../moderation/jobs";
import { useTestApp } from "../support/app";
import { describeBrowser, useBrowser } from "../support/browser";
import { useTestDatabase } from "../support/database";
import { makePdf } from "../mail/documents";
import { makeAuthority, makeRequest, makeUser } from "../moderation/factories";
import { insertUser } from "../support/factories";
import { BEACON, hostileHtml, hostileSvg } from "../moderation/hostile";

const SECRET = "moderation-browser-secret-0123456789abcdef";
const DOMAIN = "dossier.test";

function mail(to: string, parts: { html: string; text: string; attachments: { name: string; type: string; data: Buffer }[] }): Buffer {
  const lines = [
    `From: Service Urbanisme <urbanisme@commune-test.be>`,
    `To: ${to}`,
    `Subject: Re: votre demande`,
    `Message-ID: <${Math.random()}@commune-test.be>`,
    `Content-Type: multipart/mixed; boundary="b1"`,
    "",
    "--b1",
    `Content-Type: multipart/alternative; boundary="b2"`,
    "",
    "--b2",
    "Content-Type: text/plain; charset=utf-8",
    "",
    parts.text,
    "--b2",
    "Content-Type: text/html; charset=utf-8",
    "",
    parts.html,
    "--b2--",
  ];
  for (const a of parts.attachments) {
    lines.push("--b1", `Content-Type: ${a.type}; name="${a.name}"`, `Content-Disposition: attachment; filename="${a.name}"`, "Content-Transfer-Encoding: base64", "", a.data.toString("base64"));
  }
  lines.push("--b1--", "");
  return Buffer.from(lines.join("\r\n"));
}

/** The text layer of every page, as pdf.js reads it. */
async function pdfLayerText(bytes: Buffer): Promise<string> {
  const doc = await openPdf(bytes);
  try {
    let text = "";
    for (let i = 0; i < doc.pages; i++) text += (await doc.text(i)).text;
    return text;
  } finally {
    await doc.close();
  }
}

describeBrowser("published replies in Chromium: masking, redaction, hiding, hostile content", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { SECRET, MAIL_DOMAIN: DOMAIN });
  const browser = useBrowser();
  let beacon: Server;
  let beaconOrigin = "";
  const hits: string[] = [];

  beforeAll(async () => {
    beacon = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.end();
    });
    await new Promise<void>((resolve) => beacon.listen(0, "127.0.0.1", resolve));
    beaconOrigin = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => beacon.close(() => resolve())));

  async function world() {
    const db = database.db;
    const authority = await makeAuthority(db);
    const requester = await makeUser(db, { name: "Hélène Dupont" });
    const admin = await makeUser(db, { name: "Admin", role: "admin" });
    const request = await makeRequest(db, { userId: requester.id, authorityId: authority.id });
    const deps: IngestDeps = { secret: SECRET, files: new FileStore(app.runtime.config.dataDir) };
    return { db, requester, admin, request, deps, to: replyAddressFor(SECRET, request.id, DOMAIN) };
  }

  it("shows addresses and phone numbers masked, in the reader's language", async () => {
    const { db, request, deps, to } = await world();
    const text = `Bonjour, contactez Mme Martin au 02/123.45.67 ou au +32 470 12 34 56, ou martin@commune-test.be. Répondez à ${to}. Budget : 1.234.567,89 EUR, BCE 0207.373.429, art. 32.`;
    const result = await ingest(db, mail(to, { text, html: `<p>${text.replace(/\n/g, "<br>")}</p><p><a href="mailto:martin@commune-test.be">écrire</a></p>`, attachments: [] }), { deps });
    expect(result.outcome).toBe("delivered");
    const page = await browser.page();
    await page.goto(`${app.baseUrl}/requests/${request.id}/replies`);
    const body = await page.textContent(".mail-thread");
    expect(body).toContain("[numéro de téléphone]");
    expect(body).toContain("[adresse e-mail]");
    expect(body).toContain("[e-mail de la demande]");
    expect(body).toContain("1.234.567,89 EUR, BCE 0207.373.429, art. 32");
    const html = await page.content();
    for (const secret of ["123.45.67", "470 12 34", "martin@commune-test.be", to, "urbanisme@commune-test.be", "mailto:"]) expect(html).not.toContain(secret);
    await page.context().close();
  });

  it("hides a message from the public with its reason", async () => {
    const { db, request, deps, to, admin } = await world();
    const result = await ingest(db, mail(to, { text: "Le dossier médical de M. X est joint.", html: "<p>Le dossier médical de M. X est joint.</p>", attachments: [] }), { deps });
    await db.transaction().execute((trx) => hideItem(trx, { target: "message", id: result.messageId!, audience: "all_but_requester", reason: "personal_data", actorUserId: admin.id }));
    const page = await browser.page();
    await page.goto(`${app.baseUrl}/requests/${request.id}/replies`);
    expect(await page.textContent(".mail-thread")).toContain("Masqué par les administrateurs : données personnelles.");
    expect(await page.content()).not.toContain("dossier médical");
    await page.context().close();
  });

  it("shows the hidden message to its requester, signed in, and not to the public", async () => {
    const db = database.db;
    const authority = await makeAuthority(db);
    const requester = await insertUser(db, { displayName: "Jan Peeters" });
    const admin = await makeUser(db, { name: "Admin", role: "admin" });
    const request = await makeRequest(db, { userId: requester.id, authorityId: authority.id });
    const to = replyAddressFor(SECRET, request.id, DOMAIN);
    const deps: IngestDeps = { secret: SECRET, files: new FileStore(app.runtime.config.dataDir) };
    const result = await ingest(db, mail(to, { text: "Het medisch dossier van de buurman zit in bijlage.", html: "<p>Het medisch dossier van de buurman zit in bijlage.</p>", attachments: [] }), { deps });
    await db.transaction().execute((trx) => hideItem(trx, { target: "message", id: result.messageId!, audience: "all_but_requester", reason: "personal_data", actorUserId: admin.id }));

    const anonymous = await browser.page();
    await anonymous.goto(`${app.baseUrl}/requests/${request.id}`);
    expect(await anonymous.content()).not.toContain("medisch dossier");
    expect(await anonymous.textContent("main")).toContain("Masqué par les administrateurs : données personnelles.");
    await anonymous.context().close();

    const page = await browser.page();
    await page.goto(`${app.baseUrl}/login`);
    await page.fill('input[name="email"]', requester.email);
    await page.fill('input[name="password"]', requester.password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click('main button[type="submit"]')]);
    await page.goto(`${app.baseUrl}/requests/${request.id}`);
    const main = await page.textContent("main");
    expect(main).toContain("medisch dossier");
    expect(main).toContain("Non public : masqué par les administrateurs (données personnelles)");
    await page.context().close();
  });

  it("removes a name from the page and from the PDF with one rule", async () => {
    const { db, request, deps, to, requester } = await world();
    const pdf = await makePdf(["Décision concernant Madame Hélène Dupont", "Le collège accorde l'accès."]);
    const result = await ingest(db, mail(to, { text: "Madame Hélène Dupont, voici la décision.", html: "<p>Madame <b>Hélène Dupont</b>, voici la décision.</p>", attachments: [{ name: "decision-Dupont.pdf", type: "application/pdf", data: pdf }] }), { deps });
    const jobs = [
      await db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text: "Hélène Dupont", loose: true, replacement: "[nom]", scope: { type: "user", userId: requester.id }, origin: "requester", actorUserId: requester.id })),
      await db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text: "Dupont", loose: true, replacement: "X", scope: { type: "request", requestId: request.id }, origin: "admin", actorUserId: requester.id })),
    ];

    const page = await browser.page();
    await page.goto(`${app.baseUrl}/requests/${request.id}/replies`);
    expect(await page.textContent(".mail-thread")).toContain("Madame [nom], voici la décision.");
    expect((await page.content()).toLowerCase()).not.toContain("dupont");
    // The redacted copy is made by the worker's job, not by this request: until then the file is "being prepared", never the original.
    expect(await page.textContent(".mail-attachments")).toContain("decision-X.pdf (en préparation pour la publication)");
    expect(await page.locator(".mail-attachments a").count()).toBe(0);
    const early = await page.request.get(`${app.baseUrl}/attachments/${result.attachments[0].id}/decision-X.pdf`);
    expect(early.status()).toBe(503);
    expect(early.headers()["retry-after"]).toBe("30");
    expect(await early.text()).toContain("en cours de préparation");

    // The worker runs the rules' re-redaction jobs (the bounded redaction process).
    const files = new FileStore(app.runtime.config.dataDir);
    for (const { jobId } of jobs) await runRedactionJob(db, jobId, { load: fileLoader(files), reindex: async () => {} });
    await page.reload();
    const link = page.locator(".mail-attachments a").first();
    expect(await link.textContent()).toBe("decision-X.pdf");
    const response = await page.request.get(app.baseUrl + (await link.getAttribute("href"))!);
    expect(response.status()).toBe(200);
    const bytes = Buffer.from(await response.body());
    expect((await pdfLayerText(bytes)).toLowerCase()).not.toContain("dupont");
    expect(bytes.toString("latin1").toLowerCase()).not.toContain("dupont");
    expect(result.attachments.length).toBe(1);
    await page.context().close();
  }, 300_000); // the redaction job renders and checks the PDF in its bounded process: slow on a loaded machine

  it("runs no script from hostile HTML in a reply or a hostile SVG attachment", async () => {
    const { db, request, deps, to } = await world();
    hits.length = 0;
    const result = await ingest(
      db,
      mail(to, { text: "hostile", html: hostileHtml(beaconOrigin), attachments: [{ name: "logo.svg", type: "image/svg+xml", data: Buffer.from(hostileSvg(beaconOrigin)) }, { name: "page.html", type: "text/html", data: Buffer.from(hostileHtml(beaconOrigin)) }] }),
      { deps },
    );
    expect(result.outcome).toBe("delivered");
    const page = await browser.page();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    await page.goto(`${app.baseUrl}/requests/${request.id}/replies`, { waitUntil: "load" });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    // Nothing dangerous reached the DOM, so not even the CSP had to refuse something.
    const dangerous = await page.evaluate(() => {
      const body = document.querySelector(".mail-html");
      if (!body) return ["no html body"];
      const found: string[] = [];
      for (const el of Array.from(body.querySelectorAll("*"))) {
        if (["SCRIPT", "IFRAME", "OBJECT", "EMBED", "SVG", "svg", "MATH", "math", "FORM", "STYLE", "LINK", "META", "BASE", "FOREIGNOBJECT"].includes(el.tagName)) found.push(el.tagName);
        for (const attr of Array.from(el.attributes)) {
          if (/^on/i.test(attr.name) || /^\s*javascript:/i.test(attr.value) || (attr.name === "style" && /url\(/i.test(attr.value))) found.push(`${el.tagName}[${attr.name}]`);
        }
      }
      return found;
    });
    expect(dangerous).toEqual([]);
    // Clicking every link in the reply runs nothing either.
    for (const link of await page.locator(".mail-html a").all()) await link.click({ modifiers: ["Control"] }).catch(() => {});
    await page.waitForTimeout(300);

    // The attachments: downloaded, never rendered in our origin.
    for (const a of result.attachments) {
      const response = await page.request.get(`${app.baseUrl}/attachments/${a.id}/x`);
      expect(response.headers()["content-type"]).toBe("application/octet-stream");
      expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
      expect(response.headers()["content-security-policy"]).toContain("sandbox");
      const tab = await page.context().newPage();
      await tab.goto(`${app.baseUrl}/attachments/${a.id}/x`).catch(() => {});
      await tab.waitForTimeout(300);
      await tab.close();
    }
    expect(hits.filter((h) => h.startsWith(BEACON) && !h.includes("plain-link"))).toEqual([]);
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
    await page.context().close();
  });
});
