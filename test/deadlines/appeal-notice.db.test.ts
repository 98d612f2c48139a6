import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { refreshRequestById } from "../../requests/deadlines/store";
import { classifyRequest } from "../../requests/requests";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";

const database = useTestDatabase();
const app = useTestApp(database);

/** A Flemish request received on 2 March 2026, refused by a reply of 10 March 2026. */
async function refusedFlemishRequest() {
  const db = database.db;
  const n = randomBytes(3).toString("hex");
  const authority = await insertAuthority(db, { slug: `gemeente-${n}`, name_nl: `Gemeente ${n}`, kind: "commune", level: "local", region: "flanders", regime: "flanders", languages: ["nl"], email: `info-${n}@example.be` });
  const user = await insertUser(db, { locale: "en" });
  const request = await db
    .insertInto("requests")
    .values({ authority_id: authority.id, user_id: user.id, title: `Subsidies ${n}`, body: "De lijst van subsidies.", language: "nl", public_slug: `subsidies-${n}`, state: "awaiting_response", received_date: "2026-03-02" })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto("messages")
    .values({ request_id: request.id, direction: "inbound", kind: "reply", from_address: authority.email, subject: "Re: Subsidies", body_text: "Wij weigeren de openbaarmaking.", created_at: new Date("2026-03-10T09:00:00Z") })
    .execute();
  await classifyRequest(db, { requestId: request.id, userId: user.id, state: "refused" });
  await refreshRequestById(db, request.id, "2026-03-12");
  return { user, request };
}

async function signIn(user: { email: string; password: string }) {
  const c = httpClient(app.baseUrl);
  const token = await csrfOf(await c.get("/login"));
  expect((await c.post("/login", { email: user.email, password: user.password, csrf: token })).status).toBe(303);
  return c;
}

const appealDeadline = async (id: number) => (await database.db.selectFrom("requests").select(["appeal_deadline", "appeal_notice_missing"]).where("id", "=", id).executeTakeFirstOrThrow());

describe("the decision did not mention the appeal route", () => {
  it("the owner ticks it on the request page: a Flemish appeal deadline moves from S + 30 days to S + 4 months + 30 days, and the page shows it", async () => {
    const { user, request } = await refusedFlemishRequest();
    // law/deadline-rules.md, flanders: S = 10 March 2026; S + 30 = 9 April 2026.
    expect(await appealDeadline(request.id)).toEqual({ appeal_deadline: "2026-04-09", appeal_notice_missing: false });

    const c = await signIn(user);
    const page = await c.get(`/requests/${request.id}`);
    const html = await page.text();
    // The signed-in page speaks French by default.
    expect(html).toContain('<label for="appeal-notice-missing" class="inline">La décision n’indiquait pas les voies de recours');
    expect(html).toContain("La loi vous donne alors plus de temps");
    const csrf = html.match(/name="csrf" value="([^"]+)"/)![1]!;

    const res = await c.post(`/requests/${request.id}/appeal-notice`, { csrf, missing: "yes" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/requests/${request.id}#deadlines`);
    // S + 4 months = 10 July 2026; + 30 days = 9 August 2026.
    expect(await appealDeadline(request.id)).toEqual({ appeal_deadline: "2026-08-09", appeal_notice_missing: true });
    const events = await database.db.selectFrom("events").select("type").where("request_id", "=", request.id).where("type", "like", "appeal_notice%").execute();
    expect(events.map((e) => e.type)).toEqual(["appeal_notice_missing_marked"]);

    const after = await (await c.get(`/requests/${request.id}`)).text();
    expect(after).toMatch(/<time datetime="2026-08-09">[^<]*9 août 2026\.[^<]*La décision ne mentionnait pas les voies de recours : le délai de recours est plus long\.<\/time>/i);
    expect(after).toMatch(/id="appeal-notice-missing"[^>]*checked/);
    const en = await (await fetch(`${app.baseUrl}/requests/${request.id}`, { headers: { "Accept-Language": "en" } })).text();
    expect(en).toContain("9 August 2026");
    expect(en).toContain("The decision did not say how to appeal: the appeal deadline is later.");
    // Only the owner sees the form.
    expect(en).not.toContain("appeal-notice-missing");

    // Unticking puts the ordinary deadline back.
    expect((await c.post(`/requests/${request.id}/appeal-notice`, { csrf })).status).toBe(303);
    expect(await appealDeadline(request.id)).toEqual({ appeal_deadline: "2026-04-09", appeal_notice_missing: false });
  });

  it("is refused without the visitor's CSRF token, for someone else's request, for a request still waiting, and for a bad value", async () => {
    const { user, request } = await refusedFlemishRequest();
    const owner = await signIn(user);
    const csrf = await csrfOf(await owner.get(`/requests/${request.id}`));
    expect((await owner.post(`/requests/${request.id}/appeal-notice`, { missing: "yes" })).status).toBe(403);
    expect((await owner.post(`/requests/${request.id}/appeal-notice`, { csrf, missing: "maybe" })).status).toBe(400);

    const other = await signIn(await insertUser(database.db));
    const otherCsrf = await csrfOf(await other.get(`/requests/${request.id}`));
    expect((await other.post(`/requests/${request.id}/appeal-notice`, { csrf: otherCsrf, missing: "yes" })).status).toBe(403);

    await database.db.updateTable("requests").set({ state: "awaiting_response" }).where("id", "=", request.id).execute();
    expect((await owner.post(`/requests/${request.id}/appeal-notice`, { csrf, missing: "yes" })).status).toBe(409);
    expect(await appealDeadline(request.id)).toMatchObject({ appeal_notice_missing: false });
  });
});
