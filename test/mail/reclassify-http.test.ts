import { describe, expect, it } from "vitest";
import { loadStatsRecords } from "../../watch/scorecards";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";
import { createRequestFixture } from "./factories";

/** Reclassifying a message through the served app (app/routes/requests.$id.tsx, intent "reclassify"), as a browser without JavaScript does. */
describe("reclassifying a message over HTTP", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { MAIL_DOMAIN: "dossier.test" });

  async function signedIn(user: { email: string; password: string }) {
    const c = httpClient(app.baseUrl);
    const loginToken = await csrfOf(await c.get("/login"));
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: loginToken })).status).toBe(303);
    return { c, token: await csrfOf(await c.get("/account")) };
  }

  it("the requester and an administrator can (audited, the scorecard follows); another user cannot", async () => {
    const db = database.db;
    const { request, authority } = await createRequestFixture(db);
    const requester = await insertUser(db, { displayName: "Hélène Dupont" });
    const admin = await insertUser(db, { displayName: "Admin", role: "admin" });
    const stranger = await insertUser(db, { displayName: "Paul Passant" });
    await db.updateTable("requests").set({ user_id: requester.id }).where("id", "=", request.id).execute();
    const message = await db
      .insertInto("messages")
      .values({ request_id: request.id, direction: "inbound", kind: "acknowledgement", from_address: "info@commune-test.be", subject: "RE: demande", body_text: "Nous avons bien reçu votre demande. Nous ne disposons pas de ce document." })
      .returning("id")
      .executeTakeFirstOrThrow();
    const firstReply = async () => (await loadStatsRecords(db, [authority.id])).get(authority.id)?.[0].firstReply ?? null;
    const kind = async () => (await db.selectFrom("messages").select("kind").where("id", "=", message.id).executeTakeFirstOrThrow()).kind;
    const audit = () => db.selectFrom("audit_log").select(["actor_user_id", "action", "target_id", "data"]).where("request_id", "=", request.id).orderBy("id").execute();
    const reclassify = (who: { c: ReturnType<typeof httpClient>; token: string }, to: string) =>
      who.c.post(`/requests/${request.id}`, { csrf: who.token, intent: "reclassify", message: String(message.id), kind: to });
    const page = `/requests/${request.id}`;
    const form = `name="intent" value="reclassify"`;
    expect(await firstReply()).toBeNull();

    // Another signed-in user sees no form and is refused; nothing changes, nothing is logged.
    const s = await signedIn(stranger);
    expect(await (await s.c.get(page)).text()).not.toContain(form);
    expect((await fetch(app.baseUrl + page).then((r) => r.text())).includes(form)).toBe(false);
    expect((await reclassify(s, "reply")).status).toBe(403);
    expect(await kind()).toBe("acknowledgement");
    expect(await audit()).toEqual([]);

    // The requester: the misread "not held" answer becomes a reply; the scorecard counts it.
    const r = await signedIn(requester);
    expect(await (await r.c.get(page)).text()).toContain(form);
    const done = await reclassify(r, "reply");
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/requests/${request.id}?done=reclassified#message-${message.id}`);
    expect(await kind()).toBe("reply");
    expect(await firstReply()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const timeline = await (await r.c.get(`${page}?done=reclassified`)).text();
    expect(timeline).toContain(form);

    // An administrator who is not the requester: audited under their name; the scorecard follows again.
    const a = await signedIn(admin);
    expect(await (await a.c.get(page)).text()).toContain(form);
    expect((await reclassify(a, "auto_reply")).status).toBe(303);
    expect(await kind()).toBe("auto_reply");
    expect(await firstReply()).toBeNull();
    expect(await audit()).toEqual([
      { actor_user_id: requester.id, action: "message.reclassify", target_id: message.id, data: { from: "acknowledgement", to: "reply", by: "requester" } },
      { actor_user_id: admin.id, action: "message.reclassify", target_id: message.id, data: { from: "reply", to: "auto_reply", by: "administrator" } },
    ]);

    // A made-up kind is refused without a change.
    expect((await reclassify(r, "spam")).status).toBe(400);
    expect(await kind()).toBe("auto_reply");
  });
});
