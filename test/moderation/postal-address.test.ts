import { describe, expect, it } from "vitest";
import { deliverOutbound } from "../../mail/outbound";
import { setPostalAddress } from "../../moderation/privacy";
import { postalAddressNeed } from "../../moderation/postal-address";
import { composeLetter } from "../../requests/letter";
import { createDraft } from "../../requests/requests";
import { indexRequest } from "../../search/indexing";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";
import { useSmtpSink } from "../support/smtp-sink";
import { makeMessage } from "./factories";

const ADDRESS = "Rue de la Loi 16\n1000 Bruxelles";

describe("where the postal address goes", () => {
  it("is required in Brussels, asked in Flanders, not needed elsewhere", () => {
    expect(["brussels", "flanders", "federal", "wallonia", "fwb", "german_community", "unknown"].map(postalAddressNeed)).toEqual([
      "required",
      "asked",
      "not_needed",
      "not_needed",
      "not_needed",
      "not_needed",
      "not_needed",
    ]);
  });

  it("stands under the name, labelled in the letter's language", () => {
    const base = { title: "Budget", body: "Le budget 2026.", displayName: "Anne Peeters", dueDate: null, publicUrl: null };
    expect(composeLetter({ ...base, regime: "flanders", language: "nl", postalAddress: "Wetstraat 16\n1000 Brussel" }).text).toContain("Anne Peeters\nPostadres:\nWetstraat 16\n1000 Brussel\n");
    expect(composeLetter({ ...base, regime: "brussels", language: "de", postalAddress: ADDRESS }).text).toContain("Anne Peeters\nPostanschrift:\nRue de la Loi 16");
    expect(composeLetter({ ...base, regime: "brussels", language: "fr", postalAddress: null }).text).not.toContain("Adresse postale");
  });
});

describe("the requester's postal address", () => {
  const database = useTestDatabase();
  const env: Record<string, string> = { MAIL_DOMAIN: "dossier.test" };
  const sink = useSmtpSink(env);
  const app = useTestApp(database, env);

  async function signedIn(displayName = "Hélène Dupont") {
    const user = await insertUser(database.db, { displayName });
    const c = httpClient(app.baseUrl);
    const loginToken = await csrfOf(await c.get("/login"));
    expect((await c.post("/login", { email: user.email, password: user.password, csrf: loginToken })).status).toBe(303);
    // The CSRF token is tied to the session: signing in starts a new one.
    const token = await csrfOf(await c.get("/account"));
    return { user, c, token };
  }

  const form = (slug: string, token: string, extra: Record<string, string> = {}) => ({
    authority: slug,
    title: "Plan communal de mobilité",
    body: "Le plan communal de mobilité adopté en 2025 et ses annexes.",
    language: "fr",
    csrf: token,
    ...extra,
  });

  it("is required for a Brussels authority, goes in the letter sent, and is in nothing published", async () => {
    const db = database.db;
    await insertAuthority(db, { slug: "ixelles-pa", name_fr: "Commune d’Ixelles", region: "brussels", regime: "brussels", languages: ["fr", "nl"], email: "info@ixelles-pa.example" });
    const { user, c, token } = await signedIn();

    const page = await (await c.get("/requests/new?authority=ixelles-pa")).text();
    expect(page).toContain('<label for="field-postal-address">');
    expect(page).toMatch(/<textarea id="field-postal-address" name="postalAddress"[^>]* required/);

    // Without an address: refused, with the reason, in the reader's language.
    const refused = await c.post("/requests/new?authority=ixelles-pa", form("ixelles-pa", token));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Indiquez votre adresse postale : la loi applicable à cette autorité l’exige dans la demande.");
    const tooShort = await c.post("/requests/new?authority=ixelles-pa", form("ixelles-pa", token, { postalAddress: "Ici" }));
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain("Cette adresse postale est trop courte");
    expect(await db.selectFrom("requests").select("id").where("user_id", "=", user.id).execute()).toEqual([]);

    const created = await c.post("/requests/new?authority=ixelles-pa", form("ixelles-pa", token, { postalAddress: "  Rue de la Loi 16 \r\n\r\n 1000   Bruxelles " }));
    expect(created.status).toBe(303);
    const preview = await (await c.get(created.headers.get("Location")!)).text();
    expect(preview).toContain("Adresse postale :\nRue de la Loi 16\n1000 Bruxelles");
    const request = await db.selectFrom("requests").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(request.postal_address).toBe(ADDRESS);
    // Kept on the profile for the next letter, with the rules that keep it unpublished.
    expect((await db.selectFrom("user_privacy").select("postal_address").where("user_id", "=", user.id).executeTakeFirstOrThrow()).postal_address).toBe(ADDRESS);
    const rules = await db.selectFrom("redaction_rules").select(["text", "origin"]).where("scope_type", "=", "user").where("scope_id", "=", user.id).execute();
    expect(rules.map((r) => r.text).sort()).toEqual(["1000 Bruxelles", "Rue de la Loi 16", "Rue de la Loi 16 1000 Bruxelles"]);
    expect(new Set(rules.map((r) => r.origin))).toEqual(new Set(["postal_address"]));
    const again = await (await c.get("/requests/new?authority=ixelles-pa")).text();
    expect(again).toContain("Rue de la Loi 16\n1000 Bruxelles</textarea>");

    expect((await c.post(`/requests/${request.id}/preview`, { intent: "send", csrf: token })).status).toBe(303);
    const letter = await db.selectFrom("messages").select(["id", "message_id"]).where("request_id", "=", request.id).where("kind", "=", "request").executeTakeFirstOrThrow();
    expect(await deliverOutbound({ ...app.runtime, db: db, queue: app.runtime.queue }, { table: "messages", id: letter.id })).toBe("sent");
    const mail = await sink.waitFor((m) => m.parsed.messageId === letter.message_id);
    expect(mail.envelope.to).toEqual(["info@ixelles-pa.example"]);
    expect(mail.parsed.text).toContain("Hélène Dupont\nAdresse postale :\nRue de la Loi 16\n1000 Bruxelles");

    // The authority's reply quotes it on one line.
    const reply = await makeMessage(db, { requestId: request.id, text: "Madame, nous accusons réception de votre demande (Rue de la Loi 16, 1000 Bruxelles). Le plan suivra." });

    const anonymous = httpClient(app.baseUrl);
    const publicPage = await (await anonymous.get(`/requests/${request.id}`)).text();
    expect(publicPage).toContain("Adresse postale :");
    expect(publicPage).toContain("[address]");
    expect(publicPage).toContain("accusons réception");
    expect(publicPage).not.toMatch(/Rue de la Loi|1000 Bruxelles/);
    const api = await (await anonymous.get(`/api/v1/requests/${request.id}`)).text();
    expect(api).toContain("accusons réception");
    expect(api).not.toMatch(/Rue de la Loi|1000 Bruxelles|postal_address/);
    const feed = await (await anonymous.get(`/feeds/requests/${request.id}`)).text();
    expect(feed).not.toMatch(/Rue de la Loi|1000 Bruxelles/);

    const backend = new PostgresSearchBackend(db);
    await indexRequest(db, backend, request.id);
    const found = await backend.search({ q: "accusons réception" });
    expect(found.hits.map((h) => h.id)).toContain(`message-${reply.id}`);
    expect((await backend.search({ q: '"rue de la loi"' })).hits).toEqual([]);
    expect((await backend.search({ q: "Bruxelles" })).hits).toEqual([]);
    const apiSearch = await (await anonymous.get(`/api/v1/search?q=${encodeURIComponent("accusons réception")}`)).text();
    expect(apiSearch).toContain(`message-${reply.id}`);
    expect(apiSearch).not.toMatch(/Rue de la Loi|1000 Bruxelles/);
  });

  it("is not asked for a Walloon authority, and is optional for a Flemish one", async () => {
    const db = database.db;
    await insertAuthority(db, { slug: "namur-pa", name_fr: "Ville de Namur", region: "wallonia", regime: "wallonia", languages: ["fr"], email: "info@namur-pa.example" });
    await insertAuthority(db, { slug: "gent-pa", name_nl: "Stad Gent", name_fr: "Gand", region: "flanders", regime: "flanders", languages: ["nl"], email: "info@gent-pa.example" });
    const { user, c, token } = await signedIn("Jan Peeters");
    await db.transaction().execute((trx) => setPostalAddress(trx, user.id, "Rue Haute 5\n5000 Namur"));

    const walloon = await (await c.get("/requests/new?authority=namur-pa")).text();
    expect(walloon).toContain('name="title"');
    expect(walloon).not.toContain('name="postalAddress"');
    expect(walloon).not.toContain("Rue Haute");
    // Even when sent, an address is ignored where the law does not need it.
    const created = await c.post("/requests/new?authority=namur-pa", form("namur-pa", token, { postalAddress: "Rue Haute 5\n5000 Namur" }));
    expect(created.status).toBe(303);
    const preview = await (await c.get(created.headers.get("Location")!)).text();
    expect(preview).not.toContain("Adresse postale");
    expect(preview).not.toContain("Rue Haute");

    const flemish = await (await c.get("/requests/new?authority=gent-pa")).text();
    expect(flemish).toMatch(/<textarea id="field-postal-address" name="postalAddress"/);
    expect(flemish).not.toMatch(/<textarea id="field-postal-address" name="postalAddress"[^>]* required/);
    const withoutAddress = await c.post("/requests/new?authority=gent-pa", form("gent-pa", token, { language: "nl", title: "Mobiliteitsplan", body: "Het mobiliteitsplan van 2025 en de bijlagen.", postalAddress: "" }));
    expect(withoutAddress.status).toBe(303);
    expect(await (await c.get(withoutAddress.headers.get("Location")!)).text()).not.toContain("Postadres");
  });

  it("keeps the rules of an earlier address, and will not send a Brussels draft saved without one", async () => {
    const db = database.db;
    const brussels = await insertAuthority(db, { slug: "etterbeek-pa", region: "brussels", regime: "brussels", languages: ["fr"], email: "info@etterbeek-pa.example" });
    const { user, c, token } = await signedIn("Anne Martin");
    await db.transaction().execute((trx) => setPostalAddress(trx, user.id, "Avenue des Casernes 31\n1040 Etterbeek"));
    await db.transaction().execute((trx) => setPostalAddress(trx, user.id, "Chaussée de Wavre 2\n1050 Ixelles"));
    const texts = (await db.selectFrom("redaction_rules").select("text").where("scope_type", "=", "user").where("scope_id", "=", user.id).execute()).map((r) => r.text);
    expect(texts).toEqual(expect.arrayContaining(["Avenue des Casernes 31", "Chaussée de Wavre 2"]));

    const draft = await createDraft(db, { userId: user.id, authorityId: brussels.id, title: "Budget 2026", body: "Le budget communal 2026 et ses annexes." });
    expect(draft.postal_address).toBeNull();
    const preview = await (await c.get(`/requests/${draft.id}/preview`)).text();
    expect(preview).toContain("La loi applicable à cette autorité exige votre adresse postale dans la demande.");
    expect(preview).not.toContain('value="send"');
    const refused = await c.post(`/requests/${draft.id}/preview`, { intent: "send", csrf: token });
    expect(refused.status).toBe(409);
    expect((await db.selectFrom("requests").select("state").where("id", "=", draft.id).executeTakeFirstOrThrow()).state).toBe("draft");

    const edited = await c.post(`/requests/${draft.id}/edit`, { title: "Budget 2026", body: "Le budget communal 2026 et ses annexes.", language: "fr", postalAddress: "Chaussée de Wavre 2\n1050 Ixelles", csrf: token });
    expect(edited.status).toBe(303);
    expect((await c.post(`/requests/${draft.id}/preview`, { intent: "send", csrf: token })).status).toBe(303);
  });
});
