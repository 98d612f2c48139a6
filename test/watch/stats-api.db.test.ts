import { describe, expect, it } from "vitest";
import { recomputeAuthorityStats } from "../../watch/scorecards";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { makeAuthority, makeReply, makeRequest, makeUser } from "./factories";

const database = useTestDatabase();
const app = useTestApp(database);

describe("scorecards over HTTP", () => {
  it("serve the precomputed figures as JSON, CSV and a ranking page, without personal data", async () => {
    const { db } = database;
    const good = await makeAuthority(db, { name_fr: "CPAS Modèle", kind: "cpas", region: "brussels", regime: "brussels" });
    const slow = await makeAuthority(db, { name_fr: "CPAS Lent", kind: "cpas", region: "brussels", regime: "brussels" });
    const thin = await makeAuthority(db, { name_fr: "CPAS Nouveau", kind: "cpas", region: "brussels", regime: "brussels" });
    const user = await makeUser(db, { email: "secret.person@example.org", display_name: "Secret Person" });
    for (let i = 0; i < 6; i++) {
      const r = await makeRequest(db, good.id, user.id, { received_date: "2026-03-02", due_date: "2026-03-30", state: "successful" });
      await makeReply(db, r.id, { at: new Date("2026-03-10T10:00:00Z") });
      await makeRequest(db, slow.id, user.id, { received_date: "2026-03-02", due_date: "2026-03-30" });
    }
    await makeRequest(db, thin.id, user.id);

    // Nothing is computed per page view: before the job runs there are no figures.
    const before = await (await fetch(`${app.baseUrl}/api/v1/authorities/${good.slug}/stats`)).json();
    expect(before.figures.requests).toBe(0);
    expect(before.computed_on).toBeNull();

    await recomputeAuthorityStats(db, "2026-06-30");
    const response = await fetch(`${app.baseUrl}/api/v1/authorities/${good.slug}/stats`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ slug: good.slug, kind: "cpas", computed_on: "2026-06-30", threshold: 5 });
    expect(body.figures.requests).toBe(6);
    expect(body.figures.answeredInTime).toMatchObject({ n: 6, count: 6, value: 1, enough: true });
    expect(body.figures.medianDaysToFirstReply).toMatchObject({ n: 6, value: 8 });
    expect(body.id).toBeUndefined();

    const ranking = await (await fetch(`${app.baseUrl}/api/v1/stats?region=brussels&kind=cpas&sort=overdueNow&dir=desc`)).json();
    expect(ranking.authorities.map((a: any) => a.slug)).toEqual([slow.slug, good.slug, thin.slug]);
    expect(ranking.authorities[0].figures.overdueNow).toMatchObject({ count: 6, n: 6 });
    expect(ranking.authorities[2].figures.overdueNow).toMatchObject({ n: 1, value: null, enough: false });

    const csvResponse = await fetch(`${app.baseUrl}/api/v1/stats?region=brussels&kind=cpas&format=csv`);
    expect(csvResponse.headers.get("content-type")).toContain("text/csv");
    const csv = await csvResponse.text();
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[0].split(",").slice(0, 8)).toEqual(["slug", "name_fr", "name_nl", "name_de", "name_en", "kind", "region", "requests"]);
    expect(lines[1].startsWith(`${good.slug},CPAS Modèle,`)).toBe(true);

    const page = await fetch(`${app.baseUrl}/stats?region=brussels&kind=cpas&sort=requests`, { headers: { "Accept-Language": "en" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("CPAS Modèle");
    expect(html).toContain('rel="alternate"');
    expect(html).toContain("/feeds/area?region=brussels&amp;kind=cpas");
    for (const text of [JSON.stringify(body), JSON.stringify(ranking), csv, html]) {
      expect(text).not.toContain("secret.person");
      expect(text).not.toContain("Secret Person");
    }
  });

  it("refuses unknown filters with a clear 400", async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/stats?region=atlantis`);
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain("unknown region");
    expect((await fetch(`${app.baseUrl}/api/v1/stats?sort=bogus`)).status).toBe(400);
    expect((await fetch(`${app.baseUrl}/api/v1/authorities/nope/stats`)).status).toBe(404);
  });
});
