import { describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { makeAuthority, makeRequest } from "./factories";

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
      const res = await fetch(baseUrl + path, { method: "POST", headers: { Cookie: cookie(), "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields), redirect: "manual" });
      remember(res);
      return res;
    },
  };
}

const csrfIn = (html: string) => html.match(/name="csrf" value="([^"]+)"/)![1];

describe("following and annotating over HTTP, without JavaScript", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);

  it("follows an authority in one click, lists it, switches to the digest and unfollows", async () => {
    const { db } = database;
    const authority = await makeAuthority(db, { name_fr: "Ville de Namur" });
    const user = await insertUser(db, { locale: "en" });
    const c = client(app.baseUrl);

    // Signed out: the page invites to sign in, and links its feed in <head>.
    const anonymous = await (await c.get(`/authorities/${authority.slug}`)).text();
    expect(anonymous).toContain("Sign in to follow");
    expect(anonymous).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" href="/feeds/authorities/${authority.slug}"`));
    expect(anonymous).toContain("How this authority answers");

    const login = await c.get("/login");
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: csrfIn(await login.text()) })).status).toBe(303);
    const page = await (await c.get(`/authorities/${authority.slug}`)).text();
    expect(page).toContain("Follow this authority");
    const csrf = csrfIn(page);
    const followed = await c.post("/follow", { csrf, intent: "follow", target_type: "authority", authority_id: String(authority.id), frequency: "immediate", redirectTo: `/authorities/${authority.slug}` });
    expect(followed.status).toBe(303);
    expect(followed.headers.get("location")).toBe(`/authorities/${authority.slug}`);
    expect(await (await c.get(`/authorities/${authority.slug}`)).text()).toContain("You follow this.");

    const list = await (await c.get("/following")).text();
    expect(list).toContain("Ville de Namur");
    const followId = (await db.selectFrom("follows").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow()).id;
    expect((await c.post("/following", { csrf, follow: String(followId), intent: "frequency", frequency: "daily" })).status).toBe(303);
    expect((await db.selectFrom("follows").select("frequency").where("id", "=", followId).executeTakeFirstOrThrow()).frequency).toBe("daily");
    expect((await c.post("/following", { csrf, follow: String(followId), intent: "unfollow" })).status).toBe(303);
    expect(await (await c.get("/following")).text()).toContain("You follow nothing yet");

    // Bad input is a clear 400, never a crash; a missing target a 404; no CSRF token a 403.
    expect((await c.post("/follow", { csrf, intent: "follow", target_type: "planet", redirectTo: "/" })).status).toBe(400);
    expect((await c.post("/follow", { csrf, intent: "follow", target_type: "authority", authority_id: "999999", redirectTo: "/" })).status).toBe(404);
    expect((await c.post("/follow", { intent: "follow", target_type: "authority", authority_id: String(authority.id) })).status).toBe(403);
  });

  it("adds an annotation to a request, which its owner can hide", async () => {
    const { db } = database;
    const authority = await makeAuthority(db);
    const owner = await insertUser(db, { locale: "en" });
    const reader = await insertUser(db, { locale: "en", displayName: "Reporter" });
    const request = await makeRequest(db, authority.id, owner.id, { title: "Permis d'urbanisme" });

    const r = client(app.baseUrl);
    await r.post("/login", { email: reader.email, password: reader.password, csrf: csrfIn(await (await r.get("/login")).text()) });
    const page = await (await r.get(`/requests/${request.id}`)).text();
    expect(page).toContain("Follow this request");
    expect(page).toContain(`href="/feeds/requests/${request.id}"`);
    const csrf = csrfIn(page);
    const added = await r.post(`/requests/${request.id}/annotations`, { csrf, intent: "add", body: "Article in Le Soir", link: "https://www.lesoir.be/1" });
    expect(added.headers.get("location")).toBe(`/requests/${request.id}?annotation=added#annotations-section`);
    expect((await r.post(`/requests/${request.id}/annotations`, { csrf, intent: "add", body: "x", link: "" })).headers.get("location")).toContain("annotation=body");
    expect(await (await r.get(`/requests/${request.id}`)).text()).toContain("Article in Le Soir");

    const o = client(app.baseUrl);
    await o.post("/login", { email: owner.email, password: owner.password, csrf: csrfIn(await (await o.get("/login")).text()) });
    const ownerPage = await (await o.get(`/requests/${request.id}`)).text();
    const annotationId = (await db.selectFrom("annotations").select("id").where("request_id", "=", request.id).executeTakeFirstOrThrow()).id;
    expect((await r.post(`/requests/${request.id}/annotations`, { csrf, intent: "hide", annotation: String(annotationId) })).status).toBe(403);
    expect((await o.post(`/requests/${request.id}/annotations`, { csrf: csrfIn(ownerPage), intent: "hide", annotation: String(annotationId) })).status).toBe(303);
    const publicPage = await (await client(app.baseUrl).get(`/requests/${request.id}`)).text();
    expect(publicPage).not.toContain("Article in Le Soir");
    expect(publicPage).toContain("An annotation was hidden.");
  });
});
