import { describe, expect, it } from "vitest";
import { drainAlertQueue } from "../../watch/alerts";
import { follow } from "../../watch/follows";
import { outboxEnqueue } from "../../watch/jobs";
import { sendPendingAlerts } from "../../watch/sender";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";
import { makeAuthority, makeReply, makeRequest, makeUser } from "./factories";

const database = useTestDatabase();
const app = useTestApp(database);

describe("following every CPAS of a province", () => {
  it("alerts a follower of the CPAS in Hainaut about a reply to a CPAS in Hainaut, not in Namur", async () => {
    const { db } = database;
    const charleroi = await makeAuthority(db, { kind: "cpas", name_fr: "CPAS de Charleroi", nis_code: "52011" });
    const namur = await makeAuthority(db, { kind: "cpas", name_fr: "CPAS de Namur", nis_code: "92094" });
    // No NIS code: the postal code of its address places it in Hainaut.
    const zone = await makeAuthority(db, { kind: "police_zone", name_fr: "Zone de police de Mons-Quévy", address: "Rue de la Seuwe 19, 7000 Mons, Belgique" });
    const owner = await makeUser(db);
    const watcher = await makeUser(db, { locale: "fr" });
    const zoneWatcher = await makeUser(db);
    await follow(db, watcher.id, { type: "area", region: null, kind: "cpas", province: "hainaut" });
    await follow(db, zoneWatcher.id, { type: "area", region: null, kind: null, province: "hainaut" }, "daily");
    const inHainaut = await makeRequest(db, charleroi.id, owner.id, { title: "Aides de chauffage" });
    const inNamur = await makeRequest(db, namur.id, owner.id, { title: "Budget 2026" });
    const atZone = await makeRequest(db, zone.id, owner.id, { title: "Caméras" });
    await drainAlertQueue(db);

    const hainautReply = await makeReply(db, inHainaut.id);
    const namurReply = await makeReply(db, inNamur.id);
    const zoneReply = await makeReply(db, atZone.id);
    await drainAlertQueue(db);
    const deliveries = await db.selectFrom("alert_deliveries").select(["event_id", "user_id"]).where("user_id", "in", [watcher.id, zoneWatcher.id]).orderBy("id").execute();
    expect(deliveries.filter((d) => d.user_id === watcher.id).map((d) => d.event_id)).toEqual([hainautReply.eventId]);
    expect(deliveries.filter((d) => d.user_id === zoneWatcher.id).map((d) => d.event_id).sort()).toEqual([hainautReply.eventId, zoneReply.eventId].sort());
    expect(deliveries.some((d) => d.event_id === namurReply.eventId)).toBe(false);

    await sendPendingAlerts(db, app.runtime.config, "immediate", outboxEnqueue(app.runtime.queue));
    const emails = await db.selectFrom("outbound_emails").selectAll().where("user_id", "=", watcher.id).execute();
    expect(emails).toHaveLength(1);
    expect(emails[0].body_text).toContain(`/requests/${inHainaut.id}#message-${hainautReply.messageId}`);
    expect(emails[0].body_text).toContain("(CPAS) — Hainaut"); // what the watcher follows, in French
    expect(emails[0].body_text).not.toContain("Budget 2026");

    // The feed of the group has the Hainaut request only.
    const feed = await (await fetch(`${app.baseUrl}/feeds/area?kind=cpas&province=hainaut`)).text();
    expect(feed).toContain("Aides de chauffage");
    expect(feed).not.toContain("Budget 2026");
    expect(feed).not.toContain("Caméras");
    expect((await fetch(`${app.baseUrl}/feeds/area?kind=cpas&province=atlantis`)).status).toBe(400);
  });

  it("offers the province on the ranking page and the authority page, and follows it in one click", async () => {
    const { db } = database;
    const cpas = await makeAuthority(db, { kind: "cpas", name_fr: "CPAS de Tournai", nis_code: "57081" });
    const elsewhere = await makeAuthority(db, { kind: "cpas", name_fr: "CPAS d'Andenne", nis_code: "92003" });
    const user = await insertUser(db, { locale: "en" });
    const c = httpClient(app.baseUrl);
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: await csrfOf(await c.get("/login")) })).status).toBe(303);

    const ranking = await (await c.get("/stats?kind=cpas&province=hainaut")).text();
    expect(ranking).toContain('<select id="province" name="province">');
    expect(ranking).toContain("CPAS de Tournai");
    expect(ranking).not.toContain("CPAS d&#x27;Andenne");
    expect(ranking).toContain('href="/feeds/area?kind=cpas&amp;province=hainaut"');
    expect(ranking).toContain('<input type="hidden" name="province" value="hainaut"/>');

    const page = await c.get(`/authorities/${cpas.slug}`);
    const html = await page.text();
    expect(html).toContain('href="/feeds/area?kind=cpas&amp;province=hainaut"');
    const csrf = html.match(/name="csrf" value="([^"]+)"/)![1];
    const followed = await c.post("/follow", { csrf, intent: "follow", target_type: "area", region: "", kind: "cpas", province: "hainaut", frequency: "daily", redirectTo: "/stats?kind=cpas&province=hainaut" });
    expect(followed.status).toBe(303);
    const row = await db.selectFrom("follows").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ target_type: "area", region: null, kind: "cpas", province: "hainaut", frequency: "daily" });
    expect(await (await c.get("/stats?kind=cpas&province=hainaut")).text()).toContain("Vous suivez ceci."); // the site speaks French by default
    expect(await (await c.get("/following")).text()).toContain("Hainaut");
    // An unknown province is a clear 400.
    expect((await c.post("/follow", { csrf, intent: "follow", target_type: "area", kind: "cpas", province: "atlantis", redirectTo: "/" })).status).toBe(400);
    expect((await c.get("/stats?province=atlantis")).status).toBe(400);
    // The same group as JSON and CSV.
    const json = (await (await c.get("/api/v1/stats?kind=cpas&province=hainaut")).json()) as { province: string; authorities: { slug: string }[] };
    expect(json.province).toBe("hainaut");
    expect(json.authorities.map((a) => a.slug)).toContain(cpas.slug);
    expect(json.authorities.map((a) => a.slug)).not.toContain(elsewhere.slug);
    const csv = await (await c.get("/api/v1/stats?kind=cpas&province=hainaut&format=csv")).text();
    expect(csv).toContain(cpas.slug);
    expect(csv).not.toContain(elsewhere.slug);
  });
});
