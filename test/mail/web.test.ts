import { describe, expect, it } from "vitest";
import { csrfToken } from "../../app/auth/csrf.server";
import { createSession } from "../../app/auth/session.server";
import { insertUser } from "../support/factories";
import { FileStore } from "../../core/files";
import { ingest, storeRaw, type IngestDeps } from "../../mail/ingest";
import { TextExtractor } from "../../mail/extract";
import { extractMessageAttachments } from "../../mail/extract-attachments";
import { replyAddressFor } from "../../mail/reply-address";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { makePdf } from "./documents";
import { createRequestFixture } from "./factories";
import { hasUnclassifiedReply } from "../../requests/requests";

const SECRET = "web-secret-web-secret-web-secret-web-secret";
const DOMAIN = "dossier.test";
const database = useTestDatabase();
const app = useTestApp(database, { SECRET, MAIL_DOMAIN: DOMAIN });
const deps = (): IngestDeps => ({ secret: SECRET, files: new FileStore(app.runtime.config.dataDir) });

async function hostileReply(to: string): Promise<Buffer> {
  const pdf = (await makePdf(["Décision"])).toString("base64");
  const html = `<p onclick="alert(1)">Voici la <b>décision</b></p><script>alert(2)</script><img src="https://tracker.example/p.gif"><a href="javascript:alert(3)">x</a>`;
  return Buffer.from(
    [
      `From: Agent <agent@commune-test.be>`,
      `To: ${to}`,
      `Subject: =?UTF-8?Q?D=C3=A9cision?=`,
      `Message-ID: <${Math.random()}@commune-test.be>`,
      `Content-Type: multipart/mixed; boundary="b1"`,
      "",
      "--b1",
      `Content-Type: multipart/alternative; boundary="b2"`,
      "",
      "--b2",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Voici la décision",
      "--b2",
      "Content-Type: text/html; charset=utf-8",
      "",
      html,
      "--b2--",
      "--b1",
      `Content-Type: application/pdf; name="décision.pdf"`,
      `Content-Disposition: attachment; filename*=UTF-8''d%C3%A9cision.pdf`,
      "Content-Transfer-Encoding: base64",
      "",
      pdf,
      "--b1",
      `Content-Type: text/html; name="page.html"`,
      `Content-Disposition: attachment; filename="page.html"`,
      "",
      "<script>alert(4)</script>",
      "--b1--",
      "",
    ].join("\r\n"),
  );
}

describe("the correspondence page and attachment downloads", () => {
  it("shows a reply with sanitized HTML and its attachments, served with safe headers", async () => {
    const { request } = await createRequestFixture(database.db);
    const result = await ingest(database.db, await hostileReply(replyAddressFor(SECRET, request.id, DOMAIN)), { deps: deps() });
    expect(result.outcome).toBe("delivered");
    const page = await fetch(`${app.baseUrl}/requests/${request.id}/replies`, { headers: { "Accept-Language": "fr" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Voici la <b>décision</b>");
    expect(html).not.toMatch(/alert\(|tracker\.example|onclick/);
    expect(html).toContain("[image externe bloquée]");
    expect(html).toContain("décision.pdf");

    // The request page itself shows the reply the same way.
    const requestPage = await (await fetch(`${app.baseUrl}/requests/${request.id}`, { headers: { "Accept-Language": "fr" } })).text();
    expect(requestPage).toContain("Voici la <b>décision</b>");
    expect(requestPage).toContain(`/attachments/${result.attachments[0].id}/`);
    expect(requestPage).not.toMatch(/alert\(|tracker\.example|onclick/);

    const [pdf, page2] = result.attachments;
    // Until its text is extracted nobody knows what the PDF holds: "being prepared", never the file.
    expect((await fetch(`${app.baseUrl}/attachments/${pdf.id}/x`)).status).toBe(503);
    // The worker extracts it (bounded process): nothing to hide, so the original is served as it came.
    const extractor = new TextExtractor();
    try {
      await extractMessageAttachments(database.db, result.messageId!, { files: deps().files, extractor });
    } finally {
      await extractor.close();
    }
    const pdfResponse = await fetch(`${app.baseUrl}/attachments/${pdf.id}/x`);
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdfResponse.headers.get("Content-Disposition")).toMatch(/^inline; filename="decision.pdf"; filename\*=UTF-8''d%C3%A9cision\.pdf$/);
    expect(pdfResponse.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(Buffer.from(await pdfResponse.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");

    const htmlResponse = await fetch(`${app.baseUrl}/attachments/${page2.id}/page.html`);
    expect(htmlResponse.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(htmlResponse.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(htmlResponse.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(pdfResponse.headers.get("Content-Security-Policy")).toBeNull();
  });

  it("does not serve holding-pen attachments or unknown ids to the public", async () => {
    const held = await ingest(database.db, await hostileReply(`nobody@${DOMAIN}`), { deps: deps() });
    expect(held.outcome).toBe("holding_pen");
    expect((await fetch(`${app.baseUrl}/attachments/${held.attachments[0].id}/x`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/attachments/999999/x`)).status).toBe(404);
  });
});

describe("inbound mail administration", () => {
  const session: { cookie: string; csrf: string } = { cookie: "", csrf: "" };
  const auth = () => ({ Cookie: session.cookie, "Accept-Language": "en" });
  const form = (fields: Record<string, string>) => new URLSearchParams({ ...fields, csrf: session.csrf });
  it("signs in an administrator", async () => {
    const admin = await insertUser(database.db, { role: "admin" });
    const sessionCookie = (await createSession(database.db, new Request("http://x/"), admin.id)).split(";")[0];
    const csrfCookie = "dossier_csrf=mail-admin-test-csrf-cookie-value";
    session.cookie = `${sessionCookie}; ${csrfCookie}`;
    // The token belongs to the session as well as to the CSRF cookie (issue 17).
    session.csrf = csrfToken(new Request("http://x/", { headers: { Cookie: session.cookie } }), SECRET).token;
  });

  it("is closed to visitors and citizens", async () => {
    expect((await fetch(`${app.baseUrl}/admin/mail`, { redirect: "manual" })).status).toBe(303);
    const citizen = await insertUser(database.db);
    const cookie = (await createSession(database.db, new Request("http://x/"), citizen.id)).split(";")[0];
    expect((await fetch(`${app.baseUrl}/admin/mail`, { headers: { Cookie: cookie } })).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/admin/mail/raw/1`, { headers: { Cookie: cookie } })).status).toBe(403);
  });

  it("lists the holding pen with the guess, assigns a message, marks spam and serves the raw message", async () => {
    const { request } = await createRequestFixture(database.db);
    const raw = Buffer.from(`From: Jean <jean@commune-test.be>\r\nTo: request-${request.id}-zzzzzzzz@${DOMAIN}\r\nSubject: Notre réponse\r\n\r\nBonjour\r\n`);
    const held = await ingest(database.db, raw, { deps: deps() });
    const spam = await ingest(database.db, Buffer.from(`From: x@spam.example\r\nTo: win@${DOMAIN}\r\nSubject: WIN\r\n\r\nbuy\r\n`), { deps: deps() });
    const page = await (await fetch(`${app.baseUrl}/admin/mail`, { headers: auth() })).text();
    expect(page).toContain("Notre réponse");
    expect(page).toContain(`#${request.id}`);
    expect(page).toContain("wrong or missing code");

    const rawResponse = await fetch(`${app.baseUrl}/admin/mail/raw/${held.rawId}`, { headers: auth() });
    expect(rawResponse.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(Buffer.from(await rawResponse.arrayBuffer()).equals(raw)).toBe(true);

    const post = (fields: Record<string, string>) =>
      fetch(`${app.baseUrl}/admin/mail?index`, { method: "POST", headers: { ...auth(), "Content-Type": "application/x-www-form-urlencoded" }, body: form(fields), redirect: "manual" });
    const forged = await fetch(`${app.baseUrl}/admin/mail?index`, { method: "POST", headers: { ...auth(), "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ intent: "spam", messageId: String(held.messageId) }) });
    expect(forged.status).toBe(403);
    expect((await post({ intent: "assign", messageId: String(held.messageId), requestId: String(request.id) })).status).toBe(200);
    const moved = await database.db.selectFrom("messages").select(["request_id", "route_reason"]).where("id", "=", held.messageId!).executeTakeFirstOrThrow();
    expect(moved).toEqual({ request_id: request.id, route_reason: "assigned by an administrator" });
    expect(await hasUnclassifiedReply(database.db, request.id)).toBe(true);

    expect((await post({ intent: "spam", messageId: String(spam.messageId) })).status).toBe(200);
    const after = await (await fetch(`${app.baseUrl}/admin/mail`, { headers: auth() })).text();
    expect(after).not.toContain("Notre réponse");
    expect(after).not.toContain("WIN");
    expect((await post({ intent: "assign", messageId: "1", requestId: "99999999" })).status).toBe(400);
  });

  it("lists failed processing with its error and retries it", async () => {
    const stored = await storeRaw(database.db, Buffer.from(`From: a@b.be\r\nTo: c@${DOMAIN}\r\nSubject: broken ${Math.random()}\r\n\r\nx\r\n`), null);
    await database.db.updateTable("raw_messages").set({ processing_error: "simulated: attachment store unavailable", attempts: 5 }).where("id", "=", stored.id).execute();
    const page = await (await fetch(`${app.baseUrl}/admin/mail`, { headers: auth() })).text();
    expect(page).toContain("simulated: attachment store unavailable");
    const response = await fetch(`${app.baseUrl}/admin/mail?index`, {
      method: "POST",
      headers: { ...auth(), "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ intent: "retry", rawId: String(stored.id) }),
    });
    expect(response.status).toBe(200);
    const row = await database.db.selectFrom("raw_messages").select("attempts").where("id", "=", stored.id).executeTakeFirstOrThrow();
    expect(row.attempts).toBe(0);
    const { rows } = await import("kysely").then(({ sql }) => sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'mail.process' and data->>'rawId' = ${String(stored.id)}`.execute(database.db));
    expect(rows[0].n).toBe(1);
  });
});
