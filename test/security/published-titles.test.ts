import { describe, expect, it } from "vitest";
import { insertRule } from "../../moderation/rules";
import type { RedactionScope } from "../../moderation/redaction";
import { drainAlertQueue } from "../../watch/alerts";
import { follow, getFollowItems } from "../../watch/follows";
import { outboxEnqueue } from "../../watch/jobs";
import { followLabel } from "../../watch/labels";
import { sendPendingAlerts } from "../../watch/sender";
import { makeReply } from "../watch/factories";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertRequest, insertUser } from "../search/factories";

const database = useTestDatabase();
const app = useTestApp(database);

async function rule(text: string, scope: RedactionScope, actorUserId: number) {
  await database.db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text, loose: true, replacement: "[redacted]", scope, origin: "requester", actorUserId }));
}

/** Lists of requests publish each title as the request page does: its own rules, then masking. */
describe("request titles in lists", () => {
  it("applies each requester's and request's redaction rules and masks contact details on the authority page, the overdue lists and the profile", async () => {
    const db = database.db;
    const authority = await insertAuthority(db, { slug: "commune-titres" });
    const hidesName = await insertUser(db);
    // A profile is public only once the account is confirmed (issue 17, finding 17).
    await db.updateTable("users").set({ confirmed_at: new Date() }).where("id", "=", hidesName.id).execute();
    const other = await insertUser(db);
    const byRule = await insertRequest(db, { authority_id: authority.id, user_id: hidesName.id, title: "Permis de bâtir de Jean Vanderstraeten" });
    const byRequestRule = await insertRequest(db, { authority_id: authority.id, user_id: other.id, title: "Dossier rue des Tanneurs 12" });
    const masked = await insertRequest(db, { authority_id: authority.id, user_id: other.id, title: "Rappel: écrivez à jean.v@example.org ou 0470 12 34 56" });
    // The same name in someone else's request: the first requester's rule is theirs only.
    const unrelated = await insertRequest(db, { authority_id: authority.id, user_id: other.id, title: "Subside au club Vanderstraeten" });
    await rule("Vanderstraeten", { type: "user", userId: hidesName.id }, hidesName.id);
    await rule("rue des Tanneurs 12", { type: "request", requestId: byRequestRule.id }, other.id);

    const page = await (await fetch(`${app.baseUrl}/authorities/commune-titres`, { headers: { "Accept-Language": "fr" } })).text();
    expect(page).toContain("Permis de bâtir de Jean [redacted]");
    expect(page).toContain("Dossier [redacted]");
    expect(page).not.toMatch(/Tanneurs/i);
    expect(page).not.toContain("jean.v@example.org");
    expect(page).not.toContain("0470 12 34 56");
    expect(page).toContain("Subside au club Vanderstraeten");
    // Every request is listed, each once.
    for (const r of [byRule, byRequestRule, masked, unrelated]) expect(page).toContain(`/requests/${r.public_slug}`);

    // The overdue lists too (site-wide and the authority's).
    await db.updateTable("requests").set({ due_date: "2025-04-10", overdue_since: "2025-04-11" }).where("id", "in", [byRule.id, masked.id]).execute();
    for (const path of ["/overdue", "/authorities/commune-titres/overdue"]) {
      const overdue = await (await fetch(`${app.baseUrl}${path}`, { headers: { "Accept-Language": "fr" } })).text();
      expect(overdue, path).toContain("Permis de bâtir de Jean [redacted]");
      expect(overdue, path).not.toContain("Vanderstraeten");
      expect(overdue, path).not.toContain("jean.v@example.org");
      expect(overdue, path).not.toContain("0470 12 34 56");
    }

    const profile = await (await fetch(`${app.baseUrl}/users/${hidesName.id}`, { headers: { "Accept-Language": "fr" } })).text();
    expect(profile).toContain("Permis de bâtir de Jean [redacted]");
    expect(profile).not.toContain("Vanderstraeten");
  });
});

/** The watch room shows titles too: feeds, alert e-mails, follow labels and a feed's own title. */
describe("request titles in the watch room", () => {
  it("publishes them in feeds, alert e-mails and follow labels as the request page does", async () => {
    const db = database.db;
    const authority = await insertAuthority(db, { slug: "commune-veille" });
    const owner = await insertUser(db);
    const watcher = await insertUser(db);
    await db.updateTable("users").set({ confirmed_at: new Date(), locale: "nl" }).where("id", "=", watcher.id).execute();
    const request = await insertRequest(db, { authority_id: authority.id, user_id: owner.id, title: "Permis de Jean Vanderstraeten, écrire à jean.v@example.org" });
    await rule("Vanderstraeten", { type: "user", userId: owner.id }, owner.id);
    await follow(db, watcher.id, { type: "request", requestId: request.id });
    await follow(db, watcher.id, { type: "authority", authorityId: authority.id });
    await makeReply(db, request.id);

    const leaks = (text: string, where: string) => {
      expect(text, where).not.toContain("Vanderstraeten");
      expect(text, where).not.toContain("jean.v@example.org");
    };
    // Feeds: the request's own (its title too) and the authority's.
    for (const path of [`/feeds/requests/${request.id}`, "/feeds/authorities/commune-veille"]) {
      const res = await fetch(`${app.baseUrl}${path}`, { headers: { "Accept-Language": "fr" } });
      expect(res.status, path).toBe(200);
      const xml = await res.text();
      expect(xml, path).toContain("Permis de Jean [redacted]");
      leaks(xml, path);
    }
    // The follow's label (the /following page and the e-mail's unsubscribe lines).
    const follows = await db.selectFrom("follows").select("id").where("user_id", "=", watcher.id).execute();
    const items = await getFollowItems(db, follows.map((f) => f.id));
    const labels = [...items.values()].map((item) => followLabel("nl", item)).join("\n");
    expect(labels).toContain("Permis de Jean [redacted]");
    leaks(labels, "follow labels");
    // The alert e-mail.
    await drainAlertQueue(db);
    const run = await sendPendingAlerts(db, app.runtime.config, "immediate", outboxEnqueue(app.runtime.queue));
    expect(run.emails).toBeGreaterThanOrEqual(1);
    const emails = await db.selectFrom("outbound_emails").selectAll().where("user_id", "=", watcher.id).execute();
    expect(emails.length).toBeGreaterThanOrEqual(1);
    for (const email of emails) {
      const text = JSON.stringify(email);
      expect(text).toContain("Permis de Jean [redacted]");
      leaks(text, "alert e-mail");
    }
  });
});
