import { describe, expect, it } from "vitest";
import { importDirectory, exportDirectoryRows } from "../../authorities/import";
import { proposeEmail, proposePostalAddress } from "../../authorities/proposals";
import { decideCommand, editCommand, overrideCommand } from "../../authorities/admin-cli";
import { channelsFor } from "../../requests/channels";
import { dispatchAll, useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";
import { csrfOf, httpClient } from "../support/http-client";

/**
 * The directory administrators keep right (issue 15): proposals decided
 * with a reason and the proposer told in their language, authority edits,
 * regime overrides reflected in stored deadlines, each in the audit log, and
 * an import that keeps administrators' edits and reports conflicts.
 */
describe("directory administration", () => {
  const database = useTestDatabase();
  const app = useTestApp(database, { MAIL_DOMAIN: "dossier.test" });

  async function adminClient() {
    const admin = await insertUser(database.db, { role: "admin" });
    const c = httpClient(app.baseUrl);
    const token = await csrfOf(await c.get("/login"));
    expect((await c.post("/login", { email: admin.email, password: admin.password, csrf: token })).status).toBe(303);
    return { c, admin };
  }

  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdin: process.stdin, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } } };
  }

  it("refuses the admin pages to a citizen", async () => {
    const citizen = await insertUser(database.db);
    const c = httpClient(app.baseUrl);
    const token = await csrfOf(await c.get("/login"));
    await c.post("/login", { email: citizen.email, password: citizen.password, csrf: token });
    for (const path of ["/admin/directory", "/admin/regimes", "/admin/authorities/anything"]) expect([302, 303, 403, 404]).toContain((await c.get(path)).status);
    expect((await c.get("/admin/directory")).status).not.toBe(200);
  });

  it("accepts an e-mail proposal (verified, audit-logged, the proposer told in Dutch) and refuses a rejection without a reason", async () => {
    const a = await insertAuthority(database.db, { slug: "gemeente-nergens", name_nl: "Nergens", name_fr: "Nulle-part-NL", email: null, regime: "flanders", region: "flanders", languages: ["nl"] });
    expect(channelsFor(a).preferred).toBe("post");
    const { id } = await proposeEmail(database.db, a.slug, { email: "Info@Nergens.example", source: "https://nergens.example/contact", comment: null, proposer_email: "burger@example.org" }, null, "nl");
    const { c } = await adminClient();
    const page = await c.get("/admin/directory");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("info@nergens.example");
    const token = html.match(/name="csrf" value="([^"]+)"/)![1];

    const noReason = await c.post("/admin/directory", { csrf: token, proposal: String(id), intent: "reject", reason: "  " });
    expect(noReason.status).toBe(400);
    expect((await database.db.selectFrom("change_proposals").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("pending");

    expect((await c.post("/admin/directory", { csrf: token, proposal: String(id), intent: "accept", reason: "" })).status).toBe(303);
    const after = await database.db.selectFrom("authorities").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
    expect([after.email, after.email_verified]).toEqual(["info@nergens.example", true]);
    // The next request to it goes by e-mail.
    expect(channelsFor(after).preferred).toBe("email");
    const audit = await database.db.selectFrom("audit_log").selectAll().where("action", "=", "proposal.accept").where("target_id", "=", a.id).execute();
    expect(audit).toHaveLength(1);

    await dispatchAll(app.runtime);
    await dispatchAll(app.runtime);
    const mails = await database.db.selectFrom("outbound_emails").selectAll().where("to_address", "=", "burger@example.org").execute();
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain("Uw correctie voor Nergens is aanvaard");
  });

  it("rejects a postal-address proposal with a reason, told to the proposer in their account's language", async () => {
    const a = await insertAuthority(database.db, { slug: "commune-sans-adresse", name_fr: "Sans-Adresse", email: null, regime: "wallonia", region: "wallonia", languages: ["fr"] });
    const proposer = await insertUser(database.db, { locale: "de" });
    const { id } = await proposePostalAddress(database.db, { authorityId: a.id, address: "Rue X 1\n5000 Namur", proposerUserId: proposer.id, comment: null });
    const out = io();
    expect(await decideCommand(database.db, [String(id), "reject"], out.io)).toBe(1);
    expect(out.err.join("")).toContain("reason");
    expect(await decideCommand(database.db, [String(id), "reject", "--reason", "Diese Anschrift ist die des Bahnhofs."], out.io)).toBe(0);
    expect(await decideCommand(database.db, [String(id), "accept"], out.io)).toBe(1);
    await dispatchAll(app.runtime);
    const mail = await database.db.selectFrom("outbound_emails").selectAll().where("user_id", "=", proposer.id).executeTakeFirstOrThrow();
    expect(mail.subject).toContain("wurde nicht angenommen");
    expect(mail.body_text).toContain("Diese Anschrift ist die des Bahnhofs.");
    expect((await database.db.selectFrom("authorities").select("address").where("id", "=", a.id).executeTakeFirstOrThrow()).address).toBeNull();
  });

  it("edits an authority through the admin page and the CLI, audit-logged; an import keeps the edits and reports the conflicts", async () => {
    const a = await insertAuthority(database.db, { slug: "commune-editee", name_fr: "Éditée", email: null, regime: "wallonia", region: "wallonia", languages: ["fr"] });
    await insertAuthority(database.db, { slug: "commune-fusionnee", name_fr: "Fusionnée", email: null, regime: "wallonia", region: "wallonia", languages: ["fr"] });
    const { c } = await adminClient();
    const token = await csrfOf(await c.get(`/admin/authorities/${a.slug}`));
    const form = { csrf: token, email: "", email_source: "", address: "Place 1\n4000 Liège", website: "https://editee.example", active: "on", merged_into: "", reason: "seen on its site" };
    const bad = await c.post(`/admin/authorities/${a.slug}`, { ...form, website: "javascript:alert(1)" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("https://");
    const noSource = await c.post(`/admin/authorities/${a.slug}`, { ...form, email: "info@editee.example" });
    expect(noSource.status).toBe(400);
    expect((await c.post(`/admin/authorities/${a.slug}`, form)).status).toBe(200);
    let row = await database.db.selectFrom("authorities").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
    expect([row.address, row.website]).toEqual(["Place 1\n4000 Liège", "https://editee.example"]);

    const cli = io();
    expect(await editCommand(database.db, [a.slug, "--email", "courrier@editee.example", "--email-source", "https://editee.example/contact", "--verified"], cli.io)).toBe(0);
    expect(JSON.parse(cli.out[0]).changed.email).toEqual({ from: null, to: "courrier@editee.example" });
    expect(await editCommand(database.db, ["commune-fusionnee", "--merged-into", a.slug], cli.io)).toBe(0);
    expect(await editCommand(database.db, [a.slug, "--merged-into", a.slug], cli.io)).toBe(1);
    const merged = await database.db.selectFrom("authorities").select(["active", "merged_into_id"]).where("slug", "=", "commune-fusionnee").executeTakeFirstOrThrow();
    expect(merged).toEqual({ active: false, merged_into_id: a.id });
    const edits = await database.db.selectFrom("audit_log").select(["action", "data"]).where("action", "=", "authority.edit").execute();
    expect(edits.length).toBeGreaterThanOrEqual(3);

    // The directory file still has the old values: the edits stay, the differences are reported.
    row = await database.db.selectFrom("authorities").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
    const file = (await exportDirectoryRows(database.db)).map((r) => (r.slug === a.slug ? { ...r, address: "Ancienne adresse 9\n4000 Liège", website: "https://editee.example", email: null, email_source: null, email_verified: false, name_fr: "Éditée (nom officiel)" } : r));
    const report = await importDirectory(database.db, file);
    expect(report.conflicts).toEqual([{ slug: a.slug, field: "address", kept: "Place 1\n4000 Liège", file: "Ancienne adresse 9\n4000 Liège" }]);
    // The verified address the administrator set is kept by the older rule, reported on its own line.
    expect(report.keptVerifiedEmail).toEqual([a.slug]);
    const imported = await database.db.selectFrom("authorities").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
    expect([imported.address, imported.email, imported.email_verified, imported.name_fr]).toEqual(["Place 1\n4000 Liège", "courrier@editee.example", true, "Éditée (nom officiel)"]);
  });

  it("a merged authority's page links to its successor (through a chain of mergers), and neither search offers it for a new request", async () => {
    const named = (slug: string, name: string) => ({ slug, name_fr: name, name_nl: null, region: "wallonia", regime: "wallonia", languages: ["fr"], email: null, search_keys: `${slug} ${name.toLowerCase()}`, sort_name: name.toLowerCase() });
    await insertAuthority(database.db, named("fusion-ancienne", "Zyxville-Ancienne"));
    await insertAuthority(database.db, named("fusion-intermediaire", "Zyxville-Intermédiaire"));
    await insertAuthority(database.db, named("fusion-nouvelle", "Zyxville-Nouvelle"));
    const cli = io();
    expect(await editCommand(database.db, ["fusion-ancienne", "--merged-into", "fusion-intermediaire"], cli.io)).toBe(0);
    // Later, the successor itself merges: the old page leads to the end of the chain.
    expect(await editCommand(database.db, ["fusion-intermediaire", "--merged-into", "fusion-nouvelle"], cli.io)).toBe(0);

    for (const slug of ["fusion-ancienne", "fusion-intermediaire"]) {
      const html = await (await fetch(`${app.baseUrl}/authorities/${slug}`)).text();
      expect(html).toContain("Cette autorité n&#x27;existe plus sous cette forme");
      expect(html).toContain("les demandes s’adressent désormais à :");
      const link = html.match(/<a [^>]*data-testid="successor"[^>]*>[^<]*<\/a>/)?.[0] ?? `${slug}: no successor link`;
      expect(link).toContain('href="/authorities/fusion-nouvelle"');
      expect(link).toMatch(/>Zyxville-Nouvelle<\/a>$/);
      expect(html).not.toContain(`/requests/new?authority=${slug}`);
    }
    const successorPage = await (await fetch(`${app.baseUrl}/authorities/fusion-nouvelle`)).text();
    expect(successorPage).not.toContain('data-testid="successor"');
    expect(successorPage).toContain("/requests/new?authority=fusion-nouvelle");

    // The directory and the new-request form: one search, only the successor.
    const citizen = await insertUser(database.db);
    const c = httpClient(app.baseUrl);
    await c.post("/login", { email: citizen.email, password: citizen.password, csrf: await csrfOf(await c.get("/login")) });
    const directory = await (await fetch(`${app.baseUrl}/authorities?q=zyxville`)).text();
    const formPage = await c.get("/requests/new?q=zyxville");
    expect(formPage.status).toBe(200);
    const form = await formPage.text();
    for (const html of [directory, form]) {
      expect(html).toContain("Zyxville-Nouvelle");
      expect(html).not.toContain("Zyxville-Ancienne");
      expect(html).not.toContain("Zyxville-Intermédiaire");
    }
  });

  it("a regime override and an extra non-working day move the stored deadlines (admin page and CLI), each audit-logged", async () => {
    const a = await insertAuthority(database.db, { slug: "commune-delais", name_fr: "Délais", email: "info@delais.example", email_verified: true, regime: "wallonia", region: "wallonia", languages: ["fr"] });
    const u = await insertUser(database.db);
    const r = await database.db
      .insertInto("requests")
      .values({ authority_id: a.id, user_id: u.id, title: "T", body: "B", language: "fr", public_slug: "t-delais", state: "awaiting_response", received_date: "2026-03-02", sent_at: new Date("2026-03-02T09:00:00Z") })
      .returning("id")
      .executeTakeFirstOrThrow();
    const due = async () => (await database.db.selectFrom("requests").select("due_date").where("id", "=", r.id).executeTakeFirstOrThrow()).due_date;
    const { c } = await adminClient();
    const token = await csrfOf(await c.get("/admin/regimes"));
    expect((await c.post("/admin/regimes", { csrf: token, intent: "period", regime: "wallonia", kind: "due_days", days: "0", source: "x" })).status).toBe(400);
    expect((await c.post("/admin/regimes", { csrf: token, intent: "period", regime: "wallonia", kind: "due_days", days: "20", source: "Décret test, art. 1" })).status).toBe(303);
    await dispatchAll(app.runtime);
    // R + 20 = Sunday 22 March: moved to Monday 23.
    expect(await due()).toBe("2026-03-23");
    const cli = io();
    expect(await overrideCommand(database.db, ["--regime", "wallonia", "--non-working-day", "2026-03-23", "--label", "Fermeture", "--source", "Arrêté test"], cli.io)).toBe(0);
    expect(await overrideCommand(database.db, ["--regime", "wallonia", "--non-working-day", "02-30", "--label", "X", "--source", "Y"], cli.io)).toBe(1);
    await dispatchAll(app.runtime);
    expect(await due()).toBe("2026-03-24");
    const page = await (await c.get("/admin/regimes")).text();
    expect(page).toContain("Fermeture");
    const id = JSON.parse(cli.out[0]).id as number;
    expect(await overrideCommand(database.db, ["--remove", String(id)], cli.io)).toBe(0);
    await dispatchAll(app.runtime);
    expect(await due()).toBe("2026-03-23");
    const actions = (await database.db.selectFrom("audit_log").select("action").where("target_type", "=", "regime").execute()).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(["regime.override_set", "regime.non_working_day_added", "regime.override_removed"]));
  });
});
