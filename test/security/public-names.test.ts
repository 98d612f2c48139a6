import { describe, expect, it } from "vitest";
import { insertRule } from "../../moderation/rules";
import { nameChanged, setPublicName } from "../../moderation/privacy";
import { publisherForRequest } from "../../moderation/publish";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertRequest, insertUser } from "../search/factories";

const database = useTestDatabase();
const app = useTestApp(database);

async function person(name: string, initials: boolean) {
  const db = database.db;
  const user = await insertUser(db);
  await db.updateTable("users").set({ display_name: name, confirmed_at: new Date() }).where("id", "=", user.id).execute();
  if (initials) await db.transaction().execute((trx) => setPublicName(trx, user.id, "initials"));
  return user;
}

/** Finding 5 (Medium): "initials only" must hold everywhere. */
describe("initials only", () => {
  it("shows initials on the user's page and feed, and on their annotations", async () => {
    const db = database.db;
    const annotator = await person("Bérénice Vandermeersch", true);
    const requester = await person("Paul Requester", false);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: requester.id });
    await db.insertInto("annotations").values({ request_id: request.id, user_id: annotator.id, body: "Voir le conseil du 3 mars." }).execute();

    const page = await (await fetch(`${app.baseUrl}/users/${annotator.id}`)).text();
    expect(page).not.toMatch(/Vandermeersch/);
    expect(page).toContain("B. V.");
    const feed = await (await fetch(`${app.baseUrl}/feeds/users/${annotator.id}`)).text();
    expect(feed).not.toMatch(/Vandermeersch/);
    const requestPage = await (await fetch(`${app.baseUrl}/requests/${request.id}`)).text();
    expect(requestPage).toContain("Voir le conseil du 3 mars.");
    expect(requestPage).not.toMatch(/Vandermeersch/);
  });

  it("keeps the new full name out of published text after a rename", async () => {
    const db = database.db;
    const requester = await person("Anne Dupuis", true);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: requester.id });
    await db.updateTable("users").set({ display_name: "Anne Van Roosbroeck" }).where("id", "=", requester.id).execute();
    await nameChanged(db, app.runtime.queue, requester.id);
    const publisher = await publisherForRequest(db, request.id);
    expect(publisher.text("Madame Anne Van Roosbroeck, anciennement Anne Dupuis")).toBe("Madame A. V. R., anciennement A. D.");
  });
});

/** Finding 7 (Medium): annotations go through masking and redaction. */
describe("annotations are published text", () => {
  it("masks e-mail addresses and phone numbers and applies the request's redaction rules", async () => {
    const db = database.db;
    const requester = await person("Claire Requérante", false);
    const other = await person("Other Watchdog", false);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: requester.id });
    await db.transaction().execute((trx) =>
      insertRule(trx, { kind: "literal", text: "Rue des Tanneurs 12", loose: true, replacement: "[redacted]", scope: { type: "request", requestId: request.id }, origin: "requester", actorUserId: requester.id }),
    );
    await db
      .insertInto("annotations")
      .values({ request_id: request.id, user_id: other.id, body: "Elle habite rue des Tanneurs 12, écrivez à claire.req@example.org ou 0470 12 34 56." })
      .execute();
    const html = await (await fetch(`${app.baseUrl}/requests/${request.id}`, { headers: { "Accept-Language": "fr" } })).text();
    expect(html).not.toMatch(/Tanneurs/i);
    expect(html).not.toContain("claire.req@example.org");
    expect(html).not.toContain("0470 12 34 56");
    expect(html).toContain("Elle habite");
  });
});

/** Finding 17 (Low): unconfirmed accounts are not listed by walking the ids. */
describe("unconfirmed accounts", () => {
  it("answers 404 for the page and feed of an account nobody confirmed", async () => {
    const db = database.db;
    const unconfirmed = await insertUser(db);
    await db.updateTable("users").set({ display_name: "Zoé Nonconfirmée" }).where("id", "=", unconfirmed.id).execute();
    const confirmed = await person("Yves Confirmé", false);
    for (const path of [`/users/${unconfirmed.id}`, `/feeds/users/${unconfirmed.id}`]) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain("Nonconfirmée");
    }
    expect((await fetch(`${app.baseUrl}/users/${confirmed.id}`)).status).toBe(200);
  });
});
