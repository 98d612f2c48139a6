import { describe, expect, it } from "vitest";
import { createRequest } from "../../requests/requests";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { GENT, insertAuthority, insertUser } from "../support/factories";

/** A tiny cookie-keeping client for the served app. */
function client(baseUrl: string) {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [name, ...value] = pair.split("=");
      jar.set(name, value.join("="));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return {
    jar,
    async get(path: string) {
      const res = await fetch(baseUrl + path, { headers: { Cookie: cookie() }, redirect: "manual" });
      remember(res);
      return res;
    },
    async post(path: string, fields: Record<string, string>) {
      const res = await fetch(baseUrl + path, {
        method: "POST",
        headers: { Cookie: cookie(), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
        redirect: "manual",
      });
      remember(res);
      return res;
    },
  };
}

async function csrfOf(res: Response): Promise<string> {
  const html = await res.text();
  return html.match(/name="csrf" value="([^"]+)"/)![1];
}

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
});
