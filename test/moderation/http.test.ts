import { describe, expect, it } from "vitest";
import { runRedactionJob, fileLoader } from "../../moderation/jobs";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { makeMessage, requestWithAdmin } from "./factories";

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
  const c = {
    async get(path: string) {
      const res = await fetch(baseUrl + path, { headers: { Cookie: cookie(), "Accept-Language": "en" }, redirect: "manual" });
      remember(res);
      return res;
    },
    async post(path: string, fields: Record<string, string>) {
      const res = await fetch(baseUrl + path, {
        method: "POST",
        headers: { Cookie: cookie(), "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
        body: new URLSearchParams(fields),
        redirect: "manual",
      });
      remember(res);
      return res;
    },
    async csrf(path = "/privacy") {
      const html = await (await c.get(path)).text();
      return html.match(/name="csrf" value="([^"]+)"/)?.[1] ?? jar.get("dossier_csrf_token") ?? "";
    },
    async login(email: string, password: string) {
      const token = await c.csrf("/login");
      const res = await c.post("/login", { email, password, csrf: token });
      expect(res.status).toBe(303);
    },
  };
  return c;
}

describe("moderation over HTTP", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { MAIL_DOMAIN: "dossier.test" });

  async function world() {
    const db = database.db;
    const { requester, admin, request } = await requestWithAdmin(db, { title: "Budget", body: "Bonjour. Hélène Dupont" });
    const reply = await makeMessage(db, { requestId: request.id, text: "Madame Hélène Dupont, le dossier de votre voisin est joint. Tél. 02 123 45 67." });
    return { db, requester, admin, request, reply };
  }

  it("takes a report from an anonymous visitor into the admin queue", async () => {
    const { request, reply, admin } = await world();
    const visitor = client(app.baseUrl);
    const token = await visitor.csrf(`/report?target=message&id=${reply.id}`);
    const sent = await visitor.post("/report", { csrf: token, target: "message", id: String(reply.id), reason: "personal_data", details: "It names my neighbour" });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("Thank you");
    expect((await visitor.post("/report", { target: "message", id: String(reply.id), reason: "spam" })).status).toBe(403);

    expect((await visitor.get("/admin/moderation")).status).toBe(303);
    const a = client(app.baseUrl);
    await a.login(admin.email, admin.password);
    const queue = await (await a.get("/admin/moderation")).text();
    expect(queue).toContain("It names my neighbour");
    expect(queue).toContain(`/requests/${request.id}/moderate`);
  });

  it("hides a message from everyone but its requester; every action is in the audit log", async () => {
    const { request, reply, admin, requester } = await world();
    const a = client(app.baseUrl);
    await a.login(admin.email, admin.password);
    const token = await a.csrf(`/requests/${request.id}/moderate`);
    const hidden = await a.post(`/requests/${request.id}/moderate`, { csrf: token, intent: "hide", target: "message", targetId: String(reply.id), audience: "all_but_requester", reason: "personal_data", note: "neighbour" });
    expect(hidden.status).toBe(303);

    const publicPage = await (await fetch(`${app.baseUrl}/requests/${request.id}`, { headers: { "Accept-Language": "en" } })).text();
    expect(publicPage).toContain("Hidden by the administrators: personal data.");
    expect(publicPage).not.toContain("voisin");
    const api = await (await fetch(`${app.baseUrl}/api/v1/requests/${request.id}`)).json();
    const msg = api.messages.find((m: { id: number }) => m.id === reply.id);
    expect(msg).toEqual(expect.objectContaining({ hidden: { reason: "personal_data" } }));
    expect(JSON.stringify(api)).not.toContain("voisin");

    const r = client(app.baseUrl);
    await r.login(requester.email, requester.password);
    const ownPage = await (await r.get(`/requests/${request.id}`)).text();
    expect(ownPage).toContain("voisin");
    expect(ownPage).toContain("Not public: hidden by the administrators (personal data)");
    // The requester cannot moderate, only add redaction rules to their request.
    expect((await r.post(`/requests/${request.id}/moderate`, { csrf: await r.csrf(`/requests/${request.id}/moderate`), intent: "hide", target: "request", targetId: String(request.id), audience: "everyone", reason: "spam" })).status).toBe(403);

    const audit = await (await a.get("/admin/audit")).text();
    expect(audit).toMatch(/<td>hide<\/td>/);
    expect(audit).toContain("personal_data");
  });

  it("lets the requester redact a name from the page and the API", async () => {
    const { db, request, requester } = await world();
    const r = client(app.baseUrl);
    await r.login(requester.email, requester.password);
    const res = await r.post(`/requests/${request.id}/moderate`, { csrf: await r.csrf(`/requests/${request.id}/moderate`), intent: "redact", kind: "literal", text: "Hélène Dupont", loose: "on", replacement: "[name]" });
    expect(res.status).toBe(303);
    // The replacement sent is ignored: a rule hides, it never rewrites (finding 11).
    const page = await (await fetch(`${app.baseUrl}/requests/${request.id}`)).text();
    expect(page).not.toMatch(/Dupont/i);
    expect(page).toContain("Madame [redacted]");
    const api = JSON.stringify(await (await fetch(`${app.baseUrl}/api/v1/requests/${request.id}`)).json());
    expect(api).not.toMatch(/Dupont/i);
    expect(api).toContain("[phone number]");
    // The rule queued its re-redaction job.
    const job = await db.selectFrom("redaction_jobs").selectAll().where("scope_type", "=", "request").where("scope_id", "=", request.id).executeTakeFirstOrThrow();
    await runRedactionJob(db, job.id, { load: fileLoader(app.runtime.files), reindex: async () => {} });
    expect((await db.selectFrom("redaction_jobs").select("state").where("id", "=", job.id).executeTakeFirstOrThrow()).state).toBe("done");
  });

  it("exports the requester's data and deletes the account", async () => {
    const { db, request, requester } = await world();
    const r = client(app.baseUrl);
    await r.login(requester.email, requester.password);
    const exported = await r.get("/account/data.json");
    expect(exported.headers.get("Content-Disposition")).toMatch(/^attachment/);
    const data = await exported.json();
    expect(data.user.email).toBe(requester.email);
    expect(data.requests.map((x: { id: number }) => x.id)).toContain(request.id);

    const token = await r.csrf("/account/privacy");
    expect((await r.post("/account/privacy", { csrf: token, intent: "delete", confirm: "nope" })).status).toBe(400);
    const deleted = await r.post("/account/privacy", { csrf: token, intent: "delete", confirm: "DELETE" });
    expect(deleted.status).toBe(303);
    const user = await db.selectFrom("users").selectAll().where("id", "=", requester.id).executeTakeFirstOrThrow();
    expect(user.email).not.toBe(requester.email);
    expect(user.password_hash).toBeNull();
    expect((await r.get("/account/privacy")).status).toBe(303);

    const page = await (await fetch(`${app.baseUrl}/requests/${request.id}`, { headers: { "Accept-Language": "en" } })).text();
    expect(page).toContain("[account deleted]");
    expect(page).not.toMatch(/Dupont/i);
    expect(page).not.toContain(requester.email);
  });
});
