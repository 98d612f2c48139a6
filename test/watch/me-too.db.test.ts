import { describe, expect, it } from "vitest";
import { indexRequest } from "../../search/indexing";
import { findFollow } from "../../watch/follows";
import { joinRequest, leaveRequest, meTooState } from "../../watch/me-too";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { makeAuthority, makeRequest, makeUser } from "./factories";

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
    async get(path: string) {
      const res = await fetch(baseUrl + path, { headers: { Cookie: cookie(), "Accept-Language": "en" }, redirect: "manual" });
      remember(res);
      return res;
    },
    async post(path: string, fields: Record<string, string>) {
      const res = await fetch(baseUrl + path, { method: "POST", headers: { Cookie: cookie(), "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" }, body: new URLSearchParams(fields), redirect: "manual" });
      remember(res);
      return res;
    },
  };
}

const csrfIn = (html: string) => html.match(/name="csrf" value="([^"]+)"/)![1];

describe("\"me too\" and similar requests", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);

  it("joins a public request: counted once, following it (so its alerts come), and leaves it", async () => {
    const { db } = database;
    const authority = await makeAuthority(db);
    const owner = await makeUser(db);
    const citizen = await makeUser(db);
    const request = await makeRequest(db, authority.id, owner.id, { title: "Caméras de surveillance" });
    expect(await joinRequest(db, { userId: citizen.id, requestId: request.id })).toEqual({ joined: true });
    expect(await joinRequest(db, { userId: citizen.id, requestId: request.id })).toEqual({ joined: false });
    expect(await meTooState(db, request.id, citizen.id)).toEqual({ count: 1, joined: true, canJoin: true });
    expect(await findFollow(db, citizen.id, { type: "request", requestId: request.id })).toMatchObject({ frequency: "immediate" });
    // The requester cannot join their own request; drafts and hidden requests cannot be joined.
    await expect(joinRequest(db, { userId: owner.id, requestId: request.id })).rejects.toMatchObject({ code: "own_request" });
    expect((await meTooState(db, request.id, owner.id)).canJoin).toBe(false);
    const draft = await makeRequest(db, authority.id, owner.id, { state: "draft" });
    const hidden = await makeRequest(db, authority.id, owner.id, { hidden: true });
    await expect(joinRequest(db, { userId: citizen.id, requestId: draft.id })).rejects.toMatchObject({ code: "follow_target_not_found" });
    await expect(joinRequest(db, { userId: citizen.id, requestId: hidden.id })).rejects.toMatchObject({ code: "follow_target_not_found" });
    expect(await leaveRequest(db, { userId: citizen.id, requestId: request.id })).toEqual({ left: true });
    expect(await meTooState(db, request.id, citizen.id)).toEqual({ count: 0, joined: false, canJoin: true });
    expect(await findFollow(db, citizen.id, { type: "request", requestId: request.id })).toBeNull();
  });

  it("over HTTP without JavaScript: the request page counts who want it too, and a citizen joins from it", async () => {
    const { db } = database;
    const authority = await makeAuthority(db);
    const owner = await makeUser(db);
    const request = await makeRequest(db, authority.id, owner.id, { title: "Budget du CPAS" });
    await joinRequest(db, { userId: (await makeUser(db)).id, requestId: request.id });
    const user = await insertUser(db, { locale: "en" });
    const c = client(app.baseUrl);
    const anonymous = await (await c.get(`/requests/${request.id}`)).text();
    expect(anonymous).toContain("1 person wants this too");
    expect(anonymous).toContain("Sign in to say you want this too.");
    const login = await c.get("/login");
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: csrfIn(await login.text()) })).status).toBe(303);
    const page = await (await c.get(`/requests/${request.id}`)).text();
    const joined = await c.post(`/requests/${request.id}/me-too`, { csrf: csrfIn(page), intent: "join" });
    expect(joined.status).toBe(303);
    expect(joined.headers.get("location")).toBe(`/requests/${request.id}?metoo=joined#me-too`);
    const after = await (await c.get(`/requests/${request.id}?metoo=joined`)).text();
    expect(after).toContain("2 people want this too");
    expect(after).toContain("You asked for this too");
    expect(after).toContain("I no longer want to follow this");
    expect(await findFollow(db, user.id, { type: "request", requestId: request.id })).not.toBeNull();
    expect((await c.post(`/requests/${request.id}/me-too`, { csrf: csrfIn(page), intent: "bogus" })).status).toBe(400);
    expect((await c.post(`/requests/999999/me-too`, { csrf: csrfIn(page), intent: "join" })).status).toBe(404);
  });

  it("while writing, \"check for similar requests\" lists published look-alikes with their state, without saving a draft", async () => {
    const { db } = database;
    const authority = await makeAuthority(db, { name_fr: "Zone de police Namur Capitale" });
    const owner = await makeUser(db);
    const published = await makeRequest(db, authority.id, owner.id, { title: "Politique des caméras de surveillance de la zone", state: "successful" });
    await indexRequest(db, app.runtime.search, published.id);
    const user = await insertUser(db, { locale: "en" });
    const c = client(app.baseUrl);
    const login = await c.get("/login");
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: csrfIn(await login.text()) })).status).toBe(303);
    const form = await (await c.get(`/requests/new?authority=${authority.slug}`)).text();
    expect(form).toContain("Check for similar requests");
    const before = await db.selectFrom("requests").select(db.fn.countAll().as("n")).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    const checked = await c.post(`/requests/new?authority=${authority.slug}`, { csrf: csrfIn(form), authority: authority.slug, intent: "check", title: "Caméras de surveillance", body: "La politique des caméras de la zone de police.", language: "fr" });
    expect(checked.status).toBe(200);
    const html = await checked.text();
    expect(html, html.slice(html.indexOf("<main"), html.indexOf("<main") + 3000)).toContain("Already asked?");
    expect(html).toContain(`href="/requests/${published.id}"`);
    expect(html).toContain("documents");
    expect(html).toContain(`action="/requests/${published.id}/me-too"`);
    // The citizen's text comes back in the form, and nothing was saved.
    expect(html).toContain("La politique des caméras de la zone de police.");
    const after = await db.selectFrom("requests").select(db.fn.countAll().as("n")).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("the header links \"My batches\", which lists only the requester's own batches", async () => {
    const { db } = database;
    const user = await insertUser(db, { locale: "en" });
    const other = await makeUser(db);
    await db.insertInto("batches").values({ user_id: user.id, title: "Budget of every CPAS in Hainaut", body: "…", selection: JSON.stringify({ params: "kind=cpas" }) }).execute();
    await db.insertInto("batches").values({ user_id: other.id, title: "Someone else's batch", body: "…", selection: JSON.stringify({ params: "kind=cpas" }) }).execute();
    const c = client(app.baseUrl);
    expect((await c.get("/batches")).status).toBe(303);
    const login = await c.get("/login");
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: csrfIn(await login.text()) })).status).toBe(303);
    const page = await (await c.get("/batches")).text();
    expect(page).toContain('href="/batches"');
    expect(page).toContain("Budget of every CPAS in Hainaut");
    expect(page).not.toContain("Someone else");
    expect(page).toContain('href="/batches/new"');
  });
});
