import { describe, expect, it } from "vitest";
import { withLinkToken } from "../../mail/outbound";
import { classifyLinks } from "../../requests/classify-links";
import { createRequest } from "../../requests/requests";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { GENT, insertAuthority, insertUser } from "../support/factories";
import { csrfOf, httpClient as client } from "../support/http-client";

describe("accounts and requests over HTTP", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { MAIL_DOMAIN: "dossier.test" });

  it("refuses a state-changing form without this visitor's CSRF token", async () => {
    const user = await insertUser(database.db);
    const c = client(app.baseUrl);
    const token = await csrfOf(await c.get("/login"));
    expect(c.jar.has("dossier_csrf")).toBe(true);
    // Without a token, and with another visitor's token: 403, no session.
    expect((await c.post("/login", { email: user.email, password: user.password })).status).toBe(403);
    const other = client(app.baseUrl);
    const otherToken = await csrfOf(await other.get("/login"));
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: otherToken })).status).toBe(403);
    expect(c.jar.has("dossier_session")).toBe(false);
    // With it: logged in, the session cookie is httpOnly and SameSite=Lax.
    const ok = await fetch(app.baseUrl + "/login", {
      method: "POST",
      headers: { Cookie: `dossier_csrf=${c.jar.get("dossier_csrf")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: user.email, password: user.password, csrf: token }),
      redirect: "manual",
    });
    expect(ok.status).toBe(303);
    const session = ok.headers.getSetCookie().find((s) => s.startsWith("dossier_session="))!;
    expect(session).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it("rate-limits login attempts per address with a clear message", async () => {
    const user = await insertUser(database.db);
    const c = client(app.baseUrl);
    const token = await csrfOf(await c.get("/login"));
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) last = await c.post("/login", { email: user.email, password: "wrong password!", csrf: token });
    expect(last!.status).toBe(429);
    expect(await last!.text()).toContain("Trop de tentatives");
  });

  it("publishes a request as JSON without the requester's e-mail, and hides drafts", async () => {
    const gent = await insertAuthority(database.db, GENT);
    const user = await insertUser(database.db, { displayName: "Jan Janssens", email: "jan.private@example.org" });
    const { request } = await createRequest(database.db, app.runtime.queue, app.runtime.config, { userId: user.id, authorityId: gent.id, title: "Subsidies 2025", body: "De lijst van subsidies." });
    const res = await fetch(`${app.baseUrl}/api/v1/requests/${request.id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: request.id, title: "Subsidies 2025", state: "awaiting_response", language: "nl", requester: { display_name: "Jan Janssens" }, authority: { slug: "gent" } });
    expect(body.messages[0]).toMatchObject({ direction: "outbound", kind: "request", delivery_status: "queued" });
    expect(JSON.stringify(body)).not.toContain("jan.private@example.org");
    const page = await fetch(`${app.baseUrl}/requests/${request.id}`);
    expect(await page.text()).not.toContain("jan.private@example.org");
    // The public slug (linked from the authority page) leads to the permanent id URL.
    const bySlug = await fetch(`${app.baseUrl}/requests/${request.public_slug}`, { redirect: "manual" });
    expect(bySlug.status).toBe(301);
    expect(bySlug.headers.get("Location")).toBe(`/requests/${request.id}`);

    const draft = await database.db
      .insertInto("requests")
      .values({ authority_id: gent.id, user_id: user.id, title: "Concept", body: "Nog niet klaar", language: "nl", public_slug: "concept-x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await fetch(`${app.baseUrl}/api/v1/requests/${draft.id}`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/requests/${draft.id}`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/api/v1/requests/abc`)).status).toBe(404);
  });

  it("sends owners to log in, and forbids other people's actions", async () => {
    const gent = await insertAuthority(database.db, { ...GENT, slug: "gent-2" });
    const owner = await insertUser(database.db);
    const other = await insertUser(database.db);
    const { request } = await createRequest(database.db, app.runtime.queue, app.runtime.config, { userId: owner.id, authorityId: gent.id, title: "Iets", body: "Documenten over iets." });
    expect((await fetch(`${app.baseUrl}/my-requests`, { redirect: "manual" })).headers.get("Location")).toBe("/login?redirectTo=%2Fmy-requests");
    const c = client(app.baseUrl);
    const token = await csrfOf(await c.get("/login"));
    expect((await c.post("/login", { email: other.email, password: other.password, csrf: token })).status).toBe(303);
    const res = await c.post(`/requests/${request.id}`, { intent: "withdraw", csrf: token });
    expect(res.status).toBe(403);
    const after = await database.db.selectFrom("requests").select("state").where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(after.state).toBe("awaiting_response");
  });

  it("classifies from the signed link of a notification e-mail, with one button and no login", async () => {
    const gent = await insertAuthority(database.db, { ...GENT, slug: "gent-3" });
    const owner = await insertUser(database.db, { displayName: "Els" });
    const { request } = await createRequest(database.db, app.runtime.queue, app.runtime.config, { userId: owner.id, authorityId: gent.id, title: "Parkeerplan", body: "Het parkeerplan 2026." });
    const link = classifyLinks(app.runtime.config, request.id).successful;
    const c = client(app.baseUrl);
    const page = await c.get(link.replace(app.runtime.config.baseUrl, ""));
    expect(page.status).toBe(200);
    const html = await page.text();
    const token = html.match(/name="csrf" value="([^"]+)"/)![1];
    const sig = new URL(link).searchParams.get("sig")!;
    // Opening the link changes nothing; the button does.
    expect((await database.db.selectFrom("requests").select("state").where("id", "=", request.id).executeTakeFirstOrThrow()).state).toBe("awaiting_response");
    const res = await c.post(`/requests/${request.id}/classify`, { state: "successful", sig, csrf: token });
    expect(res.status).toBe(303);
    const after = await database.db.selectFrom("requests").select("state").where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(after.state).toBe("successful");
    const event = await database.db.selectFrom("events").selectAll().where("request_id", "=", request.id).where("type", "=", "classified").executeTakeFirstOrThrow();
    expect(event.actor_user_id).toBe(owner.id);
    // A link signed for another state or request is refused.
    expect((await c.post(`/requests/${request.id}/classify`, { state: "refused", sig, csrf: token })).status).toBe(404);
    expect((await c.get(`/requests/${request.id}/classify?state=refused&sig=${sig}`)).status).toBe(404);
  });

  it("resets a forgotten password through the e-mailed link, once", async () => {
    const user = await insertUser(database.db, { email: "forgetful@example.org" });
    const c = client(app.baseUrl);
    const token = await csrfOf(await c.get("/forgot-password"));
    const asked = await c.post("/forgot-password", { email: "Forgetful@example.org", csrf: token });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Si un compte existe pour cette adresse");
    // Unknown addresses get the same answer and no e-mail.
    expect(await (await c.post("/forgot-password", { email: "nobody@example.org", csrf: token })).text()).toContain("Si un compte existe pour cette adresse");
    const mails = await database.db.selectFrom("outbound_emails").selectAll().where("kind", "=", "reset_password").execute();
    expect(mails.map((m) => m.to_address)).toEqual(["forgetful@example.org"]);
    // The stored e-mail has no working link; the one sent has (mail/outbound.ts LINK_TOKEN).
    expect(mails[0].body_text).not.toMatch(/token=[A-Za-z0-9_-]{20,}/);
    const link = withLinkToken(app.runtime.config.secret, mails[0].id, mails[0].body_text).match(/https?:\/\/\S+\/reset-password\?token=(\S+)/)!;
    const resetToken = link[1];
    const reset = await c.post("/reset-password", { token: resetToken, password: "a brand new password", csrf: token });
    expect(reset.status).toBe(303);
    expect(reset.headers.get("Location")).toBe("/account?reset=1");
    // The link works once; the new password works, the old one no longer does.
    // The reset signed the visitor in: a new session, so a new CSRF token.
    const signedInToken = await csrfOf(await c.get("/account"));
    expect((await c.post("/reset-password", { token: resetToken, password: "another new password", csrf: signedInToken })).status).toBe(400);
    const fresh = client(app.baseUrl);
    const t2 = await csrfOf(await fresh.get("/login"));
    expect((await fresh.post("/login", { email: user.email, password: user.password, csrf: t2 })).status).toBe(400);
    expect((await fresh.post("/login", { email: user.email, password: "a brand new password", csrf: t2 })).status).toBe(303);
  });

  it("lets the citizen choose the language in Brussels, warns about a similar request, and lets them write to an authority without e-mail", async () => {
    const ixelles = await insertAuthority(database.db, { slug: "ixelles", name_fr: "Ixelles", name_nl: "Elsene", region: "brussels", regime: "brussels", languages: ["fr", "nl"], email: "info@ixelles.example" });
    await insertAuthority(database.db, { slug: "nowhere-commune", name_fr: "Commune sans adresse", email: null });
    const user = await insertUser(database.db);
    const c = client(app.baseUrl);
    const loginToken = await csrfOf(await c.get("/login"));
    await c.post("/login", { email: user.email, password: user.password, csrf: loginToken });
    const token = await csrfOf(await c.get("/account"));

    const write = await (await c.get("/requests/new?authority=ixelles")).text();
    expect(write).toContain('id="field-language-fr" name="language"');
    expect(write).toContain('id="field-language-nl" name="language"');
    const created = await c.post("/requests/new", { authority: "ixelles", title: "Plan de mobilité 2026", body: "Het mobiliteitsplan 2026 en de studies.", language: "nl", postalAddress: "Wetstraat 16\n1000 Brussel", csrf: token });
    expect(created.status).toBe(303);
    const preview = await (await c.get(created.headers.get("Location")!)).text();
    expect(preview).toContain("Geachte mevrouw, geachte heer,");
    expect(preview).toContain("gezamenlijk decreet en ordonnantie van 16 mei 2019");
    expect(preview).toContain("20 werkdagen");

    // A second, similar request to the same authority gets a warning before sending.
    await createRequest(database.db, app.runtime.queue, app.runtime.config, { userId: user.id, authorityId: ixelles.id, title: "Plan de mobilité 2025", body: "Le plan de mobilité 2025." });
    const again = await c.post("/requests/new", { authority: "ixelles", title: "Plan de mobilité 2026 bis", body: "Le plan de mobilité 2026 et ses annexes.", language: "fr", postalAddress: "Wetstraat 16\n1000 Brussel", csrf: token });
    const warned = await (await c.get(again.headers.get("Location")!)).text();
    expect(warned).toContain("Vous avez déjà demandé quelque chose de semblable à cette autorité récemment");
    expect(warned).toContain("Plan de mobilité 2025");

    // No e-mail: the request can still be written; it will go by post (requests/channels.ts).
    const byPost = await (await c.get("/requests/new?authority=nowhere-commune")).text();
    expect(byPost).toContain('name="title"');
  });
});
