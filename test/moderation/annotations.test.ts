import { describe, expect, it } from "vitest";
import { REPORT_LIMITS } from "../../moderation/reports";
import { addAnnotation } from "../../watch/annotations";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";
import { makeMessage, requestWithAdmin } from "./factories";

/** Annotations (watch/annotations.ts) under the moderation room's hide path and reports. */
describe("annotations as a moderation target", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { MAIL_DOMAIN: "dossier.test" });

  async function world() {
    const db = database.db;
    const { requester, admin, request } = await requestWithAdmin(db, { title: "Budget" });
    const reader = await insertUser(db, { displayName: "Paul Lecteur" });
    await makeMessage(db, { requestId: request.id, text: "Voici le budget communal." });
    const annotation = await addAnnotation(db, { requestId: request.id, userId: reader.id, body: "Le voisin Marcel Untel fraude au CPAS", linkUrl: "https://rumeurs.example/untel" });
    return { db, requester, reader, admin, request, annotation };
  }

  async function signedIn(user: { email: string; password: string }) {
    const c = httpClient(app.baseUrl);
    const loginToken = await csrfOf(await c.get("/login"));
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: loginToken })).status).toBe(303);
    // The CSRF token is tied to the session: signing in starts a new one.
    const token = await csrfOf(await c.get("/account"));
    return { c, token };
  }

  const pageOf = async (c: ReturnType<typeof httpClient>, path: string) => (await c.get(path)).text();

  it("is hidden by an administrator with a public reason and an audit event; its text leaves the page, the feed and the API", async () => {
    const { db, requester, admin, request, annotation } = await world();
    const anonymous = httpClient(app.baseUrl);
    expect(await pageOf(anonymous, `/requests/${request.id}`)).toContain("Marcel Untel");

    const a = await signedIn(admin);
    const moderate = await pageOf(a.c, `/requests/${request.id}/moderate`);
    expect(moderate).toContain(`data-testid="moderate-annotation-${annotation}"`);
    const hidden = await a.c.post(`/requests/${request.id}/moderate`, { csrf: a.token, intent: "hide", target: "annotation", targetId: String(annotation), audience: "everyone", reason: "defamatory", note: "rumour" });
    expect(hidden.status).toBe(303);

    const audit = await db.selectFrom("audit_log").selectAll().where("target_type", "=", "annotation").execute();
    expect(audit).toEqual([expect.objectContaining({ action: "hide", actor_user_id: admin.id, target_id: annotation, request_id: request.id, reason: "defamatory" })]);
    expect((await db.selectFrom("annotations").select(["hidden_at", "hidden_by_user_id"]).where("id", "=", annotation).executeTakeFirstOrThrow()).hidden_by_user_id).toBe(admin.id);

    // The public sees the reason in place of the text; nothing of it is in the page (nor in its hydration data).
    const publicPage = await (await fetch(`${app.baseUrl}/requests/${request.id}`, { headers: { "Accept-Language": "fr" } })).text();
    expect(publicPage).toContain(`id="annotation-${annotation}"`);
    expect(publicPage).toContain("Masqué par les administrateurs : contenu diffamatoire.");
    expect(publicPage).not.toMatch(/Untel|rumeurs\.example|Paul Lecteur/);
    for (const path of [`/api/v1/requests/${request.id}`, `/feeds/requests/${request.id}`]) {
      const res = await anonymous.get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).not.toMatch(/Untel|rumeurs\.example/);
    }
    expect((await (await anonymous.get("/api/v1/search?q=Untel")).json()).results).toEqual([]);
    // Hidden from everyone: the requester too.
    const r = await signedIn(requester);
    expect(await pageOf(r.c, `/requests/${request.id}`)).not.toContain("Untel");
    // Administrators still read it, marked.
    const adminPage = await pageOf(a.c, `/requests/${request.id}`);
    expect(adminPage).toContain("Marcel Untel");
    expect(adminPage).toContain("Non public : masqué par les administrateurs (contenu diffamatoire)");

    // Shown again through the same path, also audited.
    expect((await a.c.post(`/requests/${request.id}/moderate`, { csrf: a.token, intent: "unhide", target: "annotation", targetId: String(annotation) })).status).toBe(303);
    expect(await pageOf(anonymous, `/requests/${request.id}`)).toContain("Marcel Untel");
    expect((await db.selectFrom("audit_log").select("action").where("target_type", "=", "annotation").orderBy("id").execute()).map((e) => e.action)).toEqual(["hide", "unhide"]);
  });

  it("can stay visible to the requester only, and an administrator can hide one from the timeline with a reason", async () => {
    const { db, requester, reader, admin, request, annotation } = await world();
    const a = await signedIn(admin);
    await a.c.post(`/requests/${request.id}/moderate`, { csrf: a.token, intent: "hide", target: "annotation", targetId: String(annotation), audience: "all_but_requester", reason: "personal_data" });
    const r = await signedIn(requester);
    const own = await pageOf(r.c, `/requests/${request.id}`);
    expect(own).toContain("Marcel Untel");
    expect(own).toContain("Non public : masqué par les administrateurs (données personnelles)");
    const other = await signedIn(reader);
    const readerPage = await pageOf(other.c, `/requests/${request.id}`);
    expect(readerPage).toContain("Masqué par les administrateurs : données personnelles.");
    expect(readerPage).not.toContain("Untel");

    // The hide button in the annotations list asks administrators for the public reason.
    const second = await addAnnotation(db, { requestId: request.id, userId: reader.id, body: "Achetez des montres pas chères", linkUrl: null });
    const adminPage = await pageOf(a.c, `/requests/${request.id}`);
    expect(adminPage).toContain(`id="annotation-${second}-reason"`);
    expect(await pageOf(r.c, `/requests/${request.id}`)).not.toContain(`id="annotation-${second}-reason"`);
    const quick = await a.c.post(`/requests/${request.id}/annotations`, { csrf: a.token, intent: "hide", annotation: String(second), reason: "spam" });
    expect(quick.status).toBe(303);
    const row = await db.selectFrom("hidden_items").selectAll().where("target_type", "=", "annotation").where("target_id", "=", second).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ audience: "everyone", reason: "spam", hidden_by: admin.id });
    expect(await db.selectFrom("audit_log").select("action").where("target_type", "=", "annotation").where("target_id", "=", second).execute()).toEqual([{ action: "hide" }]);
    const publicPage = await pageOf(httpClient(app.baseUrl), `/requests/${request.id}`);
    expect(publicPage).toContain("Masqué par les administrateurs : spam.");
    expect(publicPage).not.toContain("montres");

    // The requester's own hide stays the owner's (no reason, no audit event).
    const third = await addAnnotation(db, { requestId: request.id, userId: reader.id, body: "Hors sujet complet", linkUrl: null });
    expect((await r.c.post(`/requests/${request.id}/annotations`, { csrf: r.token, intent: "hide", annotation: String(third) })).status).toBe(303);
    expect(await db.selectFrom("hidden_items").select("target_id").where("target_type", "=", "annotation").where("target_id", "=", third).execute()).toEqual([]);
    expect(await pageOf(httpClient(app.baseUrl), `/requests/${request.id}`)).not.toContain("Hors sujet complet");
  });

  it("is reported by anyone into the admin queue, rate-limited like other reports", async () => {
    const { db, reader, admin, request, annotation } = await world();
    const publicPage = await pageOf(httpClient(app.baseUrl), `/requests/${request.id}`);
    expect(publicPage).toContain(`href="/report?target=annotation&amp;id=${annotation}"`);

    const visitor = httpClient(app.baseUrl);
    const form = await visitor.get(`/report?target=annotation&id=${annotation}`);
    const html = await form.text();
    expect(html).toContain('name="target" value="annotation"');
    const token = html.match(/name="csrf" value="([^"]+)"/)![1];
    const sent = await visitor.post("/report", { csrf: token, target: "annotation", id: String(annotation), reason: "defamatory", details: "Accuses my neighbour of fraud" });
    expect(sent.status).toBe(200);
    expect(await db.selectFrom("reports").select(["target_type", "target_id", "request_id"]).execute()).toEqual([{ target_type: "annotation", target_id: annotation, request_id: request.id }]);
    const missing = await visitor.post("/report", { csrf: token, target: "annotation", id: "999999", reason: "spam" });
    expect(missing.status).toBe(404);

    const a = await signedIn(admin);
    const queue = await pageOf(a.c, "/admin/moderation");
    expect(queue).toContain("Accuses my neighbour of fraud");
    expect(queue).toContain(`/requests/${request.id}/moderate#annotation-${annotation}`);

    // The same limit as every report: a signed-in reader gets REPORT_LIMITS.hour an hour.
    const r = await signedIn(reader);
    for (let i = 0; i < REPORT_LIMITS.hour; i++) {
      expect((await r.c.post("/report", { csrf: r.token, target: "annotation", id: String(annotation), reason: "spam" })).status).toBe(200);
    }
    expect((await r.c.post("/report", { csrf: r.token, target: "annotation", id: String(annotation), reason: "spam" })).status).toBe(429);
  });
});
