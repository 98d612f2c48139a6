import { describe, expect, it } from "vitest";
import { openSession } from "../../accounts/sessions";
import { insertAuthority, insertUser } from "../support/factories";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();
const app = useTestApp(database);

describe("HTTP caching", () => {
  it("tags an anonymous page, answers 304 when it has not changed, and varies on the language", async () => {
    await insertAuthority(database.db, { slug: "commune-cache", name_fr: "Cachy" });
    const first = await fetch(`${app.baseUrl}/authorities/commune-cache`);
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(first.headers.get("Vary")).toMatch(/Cookie/);
    expect(first.headers.get("Vary")).toMatch(/Accept-Language/);
    // Same visitor (CSRF cookie kept), new response with a new CSP nonce: the same tag.
    const cookie = first.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const again = await fetch(`${app.baseUrl}/authorities/commune-cache`, { headers: { Cookie: cookie } });
    const tag = again.headers.get("ETag")!;
    const revalidated = await fetch(`${app.baseUrl}/authorities/commune-cache`, { headers: { Cookie: cookie, "If-None-Match": tag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
    // The browser keeps the stored CSP, whose nonce matches the stored page.
    expect(revalidated.headers.get("Content-Security-Policy")).toBeNull();

    // Another language is another page.
    const dutch = await fetch(`${app.baseUrl}/authorities/commune-cache`, { headers: { Cookie: cookie, "Accept-Language": "nl", "If-None-Match": tag } });
    expect(dutch.status).toBe(200);
    // A change shows: the old tag no longer matches.
    await database.db.updateTable("authorities").set({ name_fr: "Cachy-la-Neuve" }).where("slug", "=", "commune-cache").execute();
    const changed = await fetch(`${app.baseUrl}/authorities/commune-cache`, { headers: { Cookie: cookie, "If-None-Match": tag } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("Cachy-la-Neuve");
  });

  it("never caches a page for a signed-in visitor", async () => {
    await insertAuthority(database.db, { slug: "commune-private" });
    const user = await insertUser(database.db);
    const token = await openSession(database.db, user.id);
    const res = await fetch(`${app.baseUrl}/authorities/commune-private`, { headers: { Cookie: `dossier_session=${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("ETag")).toBeNull();
    const mine = await fetch(`${app.baseUrl}/my-requests`, { headers: { Cookie: `dossier_session=${token}` } });
    expect(mine.headers.get("Cache-Control")).toBe("no-store");
  });

  it("tags the API and answers 304, keeping its public max-age", async () => {
    await insertAuthority(database.db, { slug: "commune-api", name_fr: "Apiville" });
    const first = await fetch(`${app.baseUrl}/api/v1/authorities?q=apiville`);
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=60");
    const etag = first.headers.get("ETag")!;
    expect(etag).toBeTruthy();
    const body = await first.json();
    expect(body.query.q).toBe("apiville");
    const second = await fetch(`${app.baseUrl}/api/v1/authorities?q=apiville`, { headers: { "If-None-Match": etag } });
    expect(second.status).toBe(304);
  });

  it("dates anonymous pages and the API with Last-Modified, answers 304 to that date, never dates a signed-in page", async () => {
    await insertAuthority(database.db, { slug: "commune-dated", name_fr: "Datéville" });
    const first = await fetch(`${app.baseUrl}/authorities/commune-dated`);
    const cookie = first.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const page = await fetch(`${app.baseUrl}/authorities/commune-dated`, { headers: { Cookie: cookie } });
    const modified = page.headers.get("Last-Modified")!;
    expect(modified).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Math.abs(Date.parse(modified) - Date.now())).toBeLessThan(60_000);
    // Unchanged: the same date again, and a client holding that date gets a 304.
    const again = await fetch(`${app.baseUrl}/authorities/commune-dated`, { headers: { Cookie: cookie, "If-Modified-Since": modified } });
    expect(again.status).toBe(304);
    expect(again.headers.get("Last-Modified")).toBe(modified);
    // Another date, or an ETag that no longer matches (it wins over the date), gets the page.
    const older = await fetch(`${app.baseUrl}/authorities/commune-dated`, { headers: { Cookie: cookie, "If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT" } });
    expect(older.status).toBe(200);
    const staleTag = await fetch(`${app.baseUrl}/authorities/commune-dated`, { headers: { Cookie: cookie, "If-Modified-Since": modified, "If-None-Match": 'W/"stale"' } });
    expect(staleTag.status).toBe(200);
    // Changed a second later: a client holding the old date gets the new page, with a new date.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await database.db.updateTable("authorities").set({ name_fr: "Datéville-Neuve" }).where("slug", "=", "commune-dated").execute();
    const changed = await fetch(`${app.baseUrl}/authorities/commune-dated`, { headers: { Cookie: cookie, "If-Modified-Since": modified } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("Datéville-Neuve");
    expect(Date.parse(changed.headers.get("Last-Modified")!)).toBeGreaterThan(Date.parse(modified));

    // The API too.
    const api = await fetch(`${app.baseUrl}/api/v1/authorities?q=dateville`);
    const apiDate = api.headers.get("Last-Modified")!;
    expect(apiDate).toBeTruthy();
    expect((await fetch(`${app.baseUrl}/api/v1/authorities?q=dateville`, { headers: { "If-Modified-Since": apiDate } })).status).toBe(304);

    // Never on a signed-in visitor's page.
    const user = await insertUser(database.db);
    const token = await openSession(database.db, user.id);
    const mine = await fetch(`${app.baseUrl}/authorities/commune-dated`, { headers: { Cookie: `dossier_session=${token}`, "If-Modified-Since": modified } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Last-Modified")).toBeNull();
  });

  it("leaves errors and redirects untagged", async () => {
    const missing = await fetch(`${app.baseUrl}/authorities/no-such-authority`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("ETag")).toBeNull();
    expect(missing.headers.get("Last-Modified")).toBeNull();
  });
});
