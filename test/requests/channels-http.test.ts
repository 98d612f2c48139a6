import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { replyAddressFor } from "../../mail/reply-address";
import { createDraft, createRequest } from "../../requests/requests";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";

const SECRET = "channels-http-secret-".repeat(2);

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** The channel radio the page checks by default. */
function checkedChannel(html: string): string | null {
  const radios = html.match(/<input[^>]*name="channel"[^>]*>/g) ?? [];
  const checked = radios.filter((r) => /\schecked/.test(r));
  return checked.length === 1 ? checked[0].match(/value="([^"]+)"/)![1] : null;
}

describe("channels, the letter by post and paper replies over HTTP", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { SECRET, MAIL_DOMAIN: "dossier.test" });

  async function loggedIn(user: { email: string; password: string }) {
    const c = httpClient(app.baseUrl);
    const token = await csrfOf(await c.get("/login"));
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: token })).status).toBe(303);
    return c;
  }

  /** A multipart POST as the browser sends the upload form, with this client's cookies and CSRF token. */
  async function postFile(c: ReturnType<typeof httpClient>, path: string, csrf: string, fields: Record<string, string>, file: { name: string; type: string; bytes: Uint8Array } | null) {
    const form = new FormData();
    form.set("csrf", csrf);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const cookie = [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return fetch(app.baseUrl + path, { method: "POST", headers: { Cookie: cookie }, body: form, redirect: "manual" });
  }

  async function draftFor(userId: number, authorityId: number, title: string) {
    return createDraft(database.db, { userId, authorityId, title, body: "Les documents demandés, avec leurs annexes." });
  }

  /** The e-mail addresses the request's letters go to (a letter by post is recorded with none). */
  const outbound = async (requestId: number) =>
    (await database.db.selectFrom("messages").select("to_addresses").where("request_id", "=", requestId).where("direction", "=", "outbound").execute()).flatMap((m) => m.to_addresses.map((to_address) => ({ to_address })));

  it("the preview offers the verified e-mail, asks consent for an unverified one, and falls back to the post", async () => {
    const verified = await insertAuthority(database.db, { slug: "liege-http", name_fr: "Ville de Liège", region: "wallonia", regime: "wallonia", languages: ["fr"], email: "courrier@liege.example", email_verified: true, email_source: "https://www.liege.example/contact" });
    const unverified = await insertAuthority(database.db, { slug: "huy-http", name_fr: "Ville de Huy", region: "wallonia", regime: "wallonia", languages: ["fr"], email: "info@huy.example", email_verified: false, email_source: "liste des communes (2019)", address: "Grand-Place 1\n4500 Huy" });
    const citizen = await insertUser(database.db);
    const c = await loggedIn(citizen);

    // Verified: e-mail is offered, checked, and used.
    const d1 = await draftFor(citizen.id, verified.id, "Plan de mobilité");
    const page1 = await c.get(`/requests/${d1.id}/preview`);
    const html1 = await page1.text();
    expect(html1).toContain("Par courriel à courrier@liege.example. L’adresse est vérifiée (source : https://www.liege.example/contact).");
    expect(checkedChannel(html1)).toBe("email");
    expect(html1).not.toContain('name="consent"');
    const csrf = html1.match(/name="csrf" value="([^"]+)"/)![1];
    const sent1 = await c.post(`/requests/${d1.id}/preview`, { csrf, intent: "send", channel: "email" });
    expect(sent1.status).toBe(303);
    expect(sent1.headers.get("Location")).toBe(`/requests/${d1.id}?sent=1`);
    expect(await outbound(d1.id)).toEqual([{ to_address: "courrier@liege.example" }]);

    // Unverified: the page says where it comes from and that it is used only with consent; without it, refused and nothing queued.
    const d2 = await draftFor(citizen.id, unverified.id, "Subsides sportifs");
    const html2 = await (await c.get(`/requests/${d2.id}/preview`)).text();
    expect(html2).toContain("Par courriel à info@huy.example. Cette adresse n’est pas vérifiée : elle provient de liste des communes (2019). Dossier ne l’utilise que si vous êtes d’accord.");
    expect(html2).toMatch(/<input[^>]*type="checkbox"[^>]*name="consent"[^>]*value="info@huy.example"/);
    // The default is the post, not the address nobody confirmed.
    expect(checkedChannel(html2)).toBe("post");
    const refused = await c.post(`/requests/${d2.id}/preview`, { csrf, intent: "send", channel: "email" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("cette adresse e-mail n’est pas vérifiée : cochez la case pour l’accepter, ou choisissez la poste.");
    expect(await outbound(d2.id)).toEqual([]);
    // Consent to another address is no consent.
    expect((await c.post(`/requests/${d2.id}/preview`, { csrf, intent: "send", channel: "email", consent: "other@huy.example" })).status).toBe(409);
    const sent2 = await c.post(`/requests/${d2.id}/preview`, { csrf, intent: "send", channel: "email", consent: "info@huy.example" });
    expect(sent2.status).toBe(303);
    expect(await outbound(d2.id)).toEqual([{ to_address: "info@huy.example" }]);
    const consented = await database.db.selectFrom("requests").select(["channel", "email_consent_address", "email_consent_user_id"]).where("id", "=", d2.id).executeTakeFirstOrThrow();
    expect(consented).toEqual({ channel: "email", email_consent_address: "info@huy.example", email_consent_user_id: citizen.id });

    // Post, chosen over an unverified address: no e-mail at all.
    const d3 = await draftFor(citizen.id, unverified.id, "Budget communal");
    expect((await c.post(`/requests/${d3.id}/preview`, { csrf, intent: "send", channel: "post" })).status).toBe(303);
    expect(await outbound(d3.id)).toEqual([]);
    expect(await database.db.selectFrom("requests").select(["channel", "state", "recipient_postal_address"]).where("id", "=", d3.id).executeTakeFirstOrThrow()).toEqual({ channel: "post", state: "awaiting_response", recipient_postal_address: "Grand-Place 1\n4500 Huy" });
  });

  it("an unknown postal address is typed on the preview, becomes a change proposal, and is printed; the letter is the owner's alone", async () => {
    const commune = await insertAuthority(database.db, { slug: "ohey-http", name_fr: "Commune d’Ohey", region: "wallonia", regime: "wallonia", languages: ["fr"], email: null, address: null });
    const citizen = await insertUser(database.db, { displayName: "Lou Marchal" });
    const c = await loggedIn(citizen);
    const draft = await draftFor(citizen.id, commune.id, "Comptes 2025");
    const html = await (await c.get(`/requests/${draft.id}/preview`)).text();
    expect(html).toContain('<label for="authority-address">Adresse postale de l’autorité</label>');
    const csrf = html.match(/name="csrf" value="([^"]+)"/)![1];
    // Without the address: refused with a clear reason, still a draft.
    const missing = await c.post(`/requests/${draft.id}/preview`, { csrf, intent: "send", channel: "post", authority_address: "" });
    expect(missing.status).toBe(409);
    expect(await missing.text()).toContain("role=\"alert\"");
    const sent = await c.post(`/requests/${draft.id}/preview`, { csrf, intent: "send", channel: "post", authority_address: "Place Roi Baudouin 80\r\n5350 Ohey" });
    expect(sent.status).toBe(303);
    const proposal = await database.db.selectFrom("change_proposals").selectAll().where("authority_id", "=", commune.id).executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({ field: "address", value: "Place Roi Baudouin 80\n5350 Ohey", status: "pending", proposer_user_id: citizen.id });

    const letter = await c.get(`/requests/${draft.id}/letter.pdf`);
    expect(letter.status).toBe(200);
    expect(letter.headers.get("Content-Type")).toBe("application/pdf");
    expect(letter.headers.get("Content-Disposition")).toBe(`attachment; filename="dossier-${draft.id}-letter.pdf"`);
    expect(letter.headers.get("Cache-Control")).toContain("no-store");
    const text = (await pdfText(Buffer.from(await letter.arrayBuffer()))).replace(/\s+/g, " ");
    expect(text).toContain("Place Roi Baudouin 80 5350 Ohey");
    expect(text).toContain(replyAddressFor(SECRET, draft.id, "dossier.test"));
    expect(text).toContain(`${app.baseUrl}/requests/${draft.id}`);
    expect(text).toContain("décret du 30 mars 1995");

    // Anyone else: a stranger gets 404 (the letter may carry the requester's address), a visitor is sent to log in.
    const stranger = await loggedIn(await insertUser(database.db));
    expect((await stranger.get(`/requests/${draft.id}/letter.pdf`)).status).toBe(404);
    expect((await stranger.get(`/requests/${draft.id}/paper`)).status).toBe(404);
    const anonymous = await fetch(`${app.baseUrl}/requests/${draft.id}/letter.pdf`, { redirect: "manual" });
    expect([302, 303]).toContain(anonymous.status);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect((await c.get(`/requests/abc/letter.pdf`)).status).toBe(404);
  });

  it("/paper records the posting day and the registered flag, and refuses a bad date without crashing", async () => {
    const commune = await insertAuthority(database.db, { slug: "andenne-http", name_fr: "Ville d’Andenne", region: "wallonia", regime: "wallonia", languages: ["fr"], email: null, address: "Place des Tilleuls 1\n5300 Andenne" });
    const citizen = await insertUser(database.db);
    const { request } = await createRequest(database.db, app.runtime.queue, app.runtime.config, { userId: citizen.id, authorityId: commune.id, title: "Permis d’environnement", body: "Le permis d’environnement de la carrière." });
    const c = await loggedIn(citizen);
    const page = await c.get(`/requests/${request.id}/paper`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Vous n’avez pas encore indiqué la date d’envoi : le délai n’a pas commencé.");
    const csrf = html.match(/name="csrf" value="([^"]+)"/)![1];

    const bad = await c.post(`/requests/${request.id}/paper`, { csrf, intent: "posted", posted_on: "09/01/2026" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('role="alert"');
    const future = await c.post(`/requests/${request.id}/paper`, { csrf, intent: "posted", posted_on: "2999-01-01" });
    expect(future.status).toBe(400);

    // Friday 9 January 2026, registered: presumed received on the third working day, Wednesday 14.
    const posted = await c.post(`/requests/${request.id}/paper`, { csrf, intent: "posted", posted_on: "2026-01-09", registered: "on" });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("Location")).toBe(`/requests/${request.id}/paper?posted=1`);
    const after = await (await c.get(`/requests/${request.id}/paper?posted=1`)).text();
    expect(after).toContain("Postée le 9 janvier 2026, en recommandé. Reçue le 14 janvier 2026 (présomption : troisième jour ouvrable après l’envoi) : le délai court à partir de ce jour.");
    // The real day of receipt, when the citizen learns it, replaces the presumption.
    expect((await c.post(`/requests/${request.id}/paper`, { csrf, intent: "posted", posted_on: "2026-01-09", received_on: "2026-01-12" })).status).toBe(303);
    const row = await database.db.selectFrom("requests").select(["posted_on", "posted_registered", "received_date", "presumed_receipt_assumed"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ posted_on: "2026-01-09", posted_registered: false, received_date: "2026-01-12", presumed_receipt_assumed: false });

    // An e-mailed request has no posting day.
    const emailed = await insertAuthority(database.db, { slug: "mail-http", email: "info@mail-http.example", email_verified: true });
    const { request: byMail } = await createRequest(database.db, app.runtime.queue, app.runtime.config, { userId: citizen.id, authorityId: emailed.id, title: "Par courriel", body: "Une demande envoyée par courriel." });
    const notPost = await c.post(`/requests/${byMail.id}/paper`, { csrf, intent: "posted", posted_on: "2026-01-09" });
    expect(notPost.status).toBe(409);
  });

  it("the paper-reply upload refuses a wrong or empty file with a clear message, and threads a real scan", async () => {
    const commune = await insertAuthority(database.db, { slug: "gesves-http", name_fr: "Commune de Gesves", region: "wallonia", regime: "wallonia", languages: ["fr"], email: null, address: "Chaussée de Gramptinne 112\n5340 Gesves" });
    const citizen = await insertUser(database.db);
    const { request } = await createRequest(database.db, app.runtime.queue, app.runtime.config, { userId: citizen.id, authorityId: commune.id, title: "Règlement de police", body: "Le règlement général de police en vigueur." });
    const c = await loggedIn(citizen);
    const csrf = await csrfOf(await c.get(`/requests/${request.id}/paper`));
    const path = `/requests/${request.id}/paper`;

    const exe = await postFile(c, path, csrf, { intent: "upload", dated: "2026-01-20" }, { name: "reponse.pdf", type: "application/pdf", bytes: Buffer.from("MZ\x90\x00 this is a program, not a letter") });
    expect(exe.status).toBe(409);
    expect(await exe.text()).toContain("le fichier doit être un PDF, une image JPEG ou PNG, ou un document DOCX de 20 Mo au plus.");
    const empty = await postFile(c, path, csrf, { intent: "upload", dated: "2026-01-20" }, { name: "vide.png", type: "image/png", bytes: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("le fichier doit être un PDF");
    const none = await postFile(c, path, csrf, { intent: "upload", dated: "2026-01-20" }, null);
    expect(none.status).toBe(400);
    const badDate = await postFile(c, path, csrf, { intent: "upload", dated: "demain" }, { name: "scan.pdf", type: "application/pdf", bytes: Buffer.from("%PDF-1.4\n%%EOF\n") });
    expect(badDate.status).toBe(400);
    expect(await database.db.selectFrom("messages").select("id").where("request_id", "=", request.id).where("direction", "=", "inbound").execute()).toEqual([]);

    // A stranger cannot add a reply to someone else's request.
    const stranger = await loggedIn(await insertUser(database.db));
    const strangerCsrf = await csrfOf(await stranger.get("/requests/new"));
    const forbidden = await postFile(stranger, path, strangerCsrf, { intent: "upload", dated: "2026-01-20" }, { name: "scan.png", type: "image/png", bytes: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") });
    expect([403, 404]).toContain(forbidden.status);

    const ok = await postFile(c, path, csrf, { intent: "upload", dated: "2026-01-20" }, { name: "scan.png", type: "image/png", bytes: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe(`/requests/${request.id}?uploaded=1`);
    const replies = await database.db.selectFrom("messages").select(["kind", "route_reason"]).where("request_id", "=", request.id).where("direction", "=", "inbound").execute();
    expect(replies).toEqual([{ kind: "reply", route_reason: "paper_upload" }]);
  });
});
