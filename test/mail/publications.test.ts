import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { clearMessagePublications, publishedMessages } from "../../mail/publications";
import { loadRequestThread } from "../../mail/thread";
import { insertRule } from "../../moderation/rules";
import { hideItem } from "../../moderation/hide";
import { publisherForRequest } from "../../moderation/publish";
import { getRequestView } from "../../requests/queries";
import { makeAttachment, makeMessage, requestWithAdmin } from "../moderation/factories";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

const storedRows = async (messageId: number) =>
  (await sql<{ locale: string; computed_at: Date }>`select locale, computed_at from message_publications where message_id = ${messageId} order by locale`.execute(t.db)).rows;

describe("stored public form of messages", () => {
  it("computes a message's public form once, stores it, and serves later views from the store", async () => {
    const { request } = await requestWithAdmin(t.db);
    const message = await makeMessage(t.db, { requestId: request.id, text: "Réponse de jean.dupont@commune.be, tél. 0470 12 34 56", html: '<p onclick="x()">Bonjour <img src="https://tracker.example/p.gif"> jean.dupont@commune.be</p>' });
    const first = (await loadRequestThread(t.db, request.id, "fr"))!.find((m) => m.id === message.id)!;
    expect(first.text).not.toContain("jean.dupont@commune.be");
    expect(first.text).not.toContain("0470 12 34 56");
    expect(first.html).not.toContain("onclick");
    expect(first.html).not.toContain("tracker.example");
    expect(first.html).toContain("[image externe bloquée]");
    const [row] = await storedRows(message.id);
    expect(row.locale).toBe("fr");

    // The stored form is what the next view shows: change it behind the platform's back to prove it is read.
    await sql`update message_publications set content = jsonb_set(content, '{text}', '"from the store"') where message_id = ${message.id}`.execute(t.db);
    const second = (await loadRequestThread(t.db, request.id, "fr"))!.find((m) => m.id === message.id)!;
    expect(second.text).toBe("from the store");
    expect((await storedRows(message.id))[0].computed_at).toEqual(row.computed_at);
  });

  it("shows mask words in the reader's language from one stored text, and sanitizer notices per language", async () => {
    const { request } = await requestWithAdmin(t.db);
    const message = await makeMessage(t.db, { requestId: request.id, text: "Écrivez à jean.dupont@commune.be", html: '<p>Voir <img src="https://x.example/a.png"></p>' });
    const fr = (await loadRequestThread(t.db, request.id, "fr"))!.find((m) => m.id === message.id)!;
    const nl = (await loadRequestThread(t.db, request.id, "nl"))!.find((m) => m.id === message.id)!;
    expect(fr.html).toContain("[image externe bloquée]");
    expect(nl.html).toContain("[externe afbeelding geblokkeerd]");
    expect(fr.text).not.toBe(nl.text); // the mask reads in each language
    expect((await storedRows(message.id)).map((r) => r.locale)).toEqual(["fr", "nl"]);
  });

  it("recomputes when a new redaction rule applies, when the message changes and when an attachment is re-redacted", async () => {
    const { request, admin } = await requestWithAdmin(t.db);
    const message = await makeMessage(t.db, { requestId: request.id, text: "Le dossier de Monsieur Vandamme est joint.", subject: "Dossier Vandamme" });
    const attachment = await makeAttachment(t.db, { messageId: message.id, filename: "Vandamme.pdf" });
    const view = async () => (await loadRequestThread(t.db, request.id, "fr"))!.find((m) => m.id === message.id)!;
    expect((await view()).text).toContain("Vandamme");

    await t.db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text: "Vandamme", loose: true, replacement: "[nom]", scope: { type: "request", requestId: request.id }, origin: "admin", actorUserId: admin.id }));
    const redacted = await view();
    expect(redacted.text).not.toContain("Vandamme");
    expect(redacted.subject).not.toContain("Vandamme");
    expect(redacted.attachments[0].filename).not.toContain("Vandamme");
    // The request room's timeline reads the same store.
    const timeline = (await getRequestView(t.db, request.id, null, false, "fr"))!.timeline.find((e) => e.type === "message" && e.id === message.id)!;
    expect(timeline.type === "message" && timeline.text).not.toContain("Vandamme");

    await t.db.updateTable("messages").set({ body_text: "Texte corrigé." }).where("id", "=", message.id).execute();
    expect((await view()).text).toBe("Texte corrigé.");

    // A PDF whose text is not known: its redacted copy is being made (no link, never the original)…
    expect((await view()).attachments[0]).toMatchObject({ withheld: false, preparing: true });
    // …a copy made under other rules does not count…
    await t.db.insertInto("attachment_redactions").values({ attachment_id: attachment.id, status: "unsafe", fingerprint: "older rules" } as never).execute();
    expect((await view()).attachments[0]).toMatchObject({ withheld: false, preparing: true });
    // …and once the job found it cannot be redacted safely under these rules, it is withheld.
    await t.db.updateTable("attachment_redactions").set({ fingerprint: (await publisherForRequest(t.db, request.id)).fileFingerprint() }).where("attachment_id", "=", attachment.id).execute();
    expect((await view()).attachments[0]).toMatchObject({ withheld: true, preparing: false });
  });

  it("decides hiding per viewer, never from the store", async () => {
    const { request, admin } = await requestWithAdmin(t.db);
    const message = await makeMessage(t.db, { requestId: request.id, text: "Une réponse." });
    expect((await loadRequestThread(t.db, request.id, "fr"))!.find((m) => m.id === message.id)!.text).toBe("Une réponse.");
    await t.db.transaction().execute((trx) => hideItem(trx, { target: "message", id: message.id, audience: "everyone", reason: "personal_data", actorUserId: admin.id }));
    const anonymous = (await loadRequestThread(t.db, request.id, "fr"))!.find((m) => m.id === message.id)!;
    expect(anonymous.text).toBe("");
    expect(anonymous.hidden?.visibility).toBe("withheld");
    const asAdmin = (await loadRequestThread(t.db, request.id, "fr", { userId: admin.id, isAdmin: true }))!.find((m) => m.id === message.id)!;
    expect(asAdmin.text).toBe("Une réponse.");
  });

  it("is emptied at start so a new version of the publishing code applies, and filled again on the next view", async () => {
    const { request } = await requestWithAdmin(t.db);
    const message = await makeMessage(t.db, { requestId: request.id, text: "Bonjour." });
    const publisher = await publisherForRequest(t.db, request.id);
    await publishedMessages(t.db, request.id, publisher, "en");
    expect(await storedRows(message.id)).toHaveLength(1);
    await clearMessagePublications(t.db);
    expect(await storedRows(message.id)).toHaveLength(0);
    expect((await publishedMessages(t.db, request.id, publisher, "en")).get(message.id)?.text).toBe("Bonjour.");
  });
});
