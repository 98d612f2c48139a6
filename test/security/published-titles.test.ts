import { describe, expect, it } from "vitest";
import { insertRule } from "../../moderation/rules";
import type { RedactionScope } from "../../moderation/redaction";
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
