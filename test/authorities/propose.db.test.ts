import { describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority } from "../support/factories";
import { httpClient } from "../support/http-client";

describe("proposing an e-mail address for an authority", () => {
  const database = useTestDatabase();
  const app = useTestApp(database);

  it("stores a proposal only with the visitor's CSRF token, and rate-limits floods", async () => {
    await insertAuthority(database.db, { slug: "commune-nowhere", name_fr: "Nulle-part", email: null, regime: "wallonia", region: "wallonia", languages: ["fr"] });
    const visitor = httpClient(app.baseUrl);
    const page = await visitor.get("/authorities/commune-nowhere");
    expect(page.status).toBe(200);
    // The authority page is kept for anonymous visitors (decision 914): its token may be empty, and then the
    // page's SameSite=Strict form cookie vouches for the post — a cross-site form never carries that cookie.
    const token = (await page.text()).match(/name="csrf" value="([^"]*)"/)![1];
    expect([...visitor.jar.keys()].length).toBeGreaterThan(0);

    const forged = await httpClient(app.baseUrl).post("/authorities/commune-nowhere", { email: "info@nulle-part.example", csrf: token });
    expect(forged.status).toBe(403);

    const accepted = await visitor.post("/authorities/commune-nowhere", { email: "info@nulle-part.example", source: "https://nulle-part.example/contact", csrf: token });
    expect(accepted.status).toBe(303);
    const proposals = await database.db.selectFrom("change_proposals").selectAll().execute();
    expect(proposals).toHaveLength(1);

    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) {
      status = (await visitor.post("/authorities/commune-nowhere", { email: `x${i}@nulle-part.example`, csrf: token })).status;
    }
    expect(status).toBe(429);
  });
});
