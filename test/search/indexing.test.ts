import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { allJobs } from "../../server/rooms";
import { PgBossQueue } from "../../server/queue";
import { indexRequest, indexTarget, reindexAll, scheduleIndexing } from "../../search/indexing";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "./factories";

describe("search indexing", () => {
  const database = useTestDatabase();
  const backend = () => new PostgresSearchBackend(database.db);
  const search = async (q: string) => (await backend().search({ q })).hits;

  it("finds a phrase that appears only in a PDF attachment of a reply, in French, Dutch and German", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const cases = [
      { language: "fr", text: "Le rapport annuel mentionne les subventions accordées aux associations sportives.", query: '"subventions accordées"', stemmed: "subvention" },
      { language: "nl", text: "Het college heeft de vergunningen voor de windturbines aan de Scheldekaai verleend.", query: "vergunning Scheldekaai", stemmed: "vergunningen" },
      { language: "de", text: "Der Stadtrat hat die Genehmigungen für die Windräder am Bahnhof erteilt.", query: '"Genehmigungen für die Windräder"', stemmed: "Windrad" },
    ];
    for (const c of cases) {
      const authority = await insertAuthority(db, { languages: [c.language] });
      const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, language: c.language, title: `Demande ${c.language}` });
      const reply = await insertMessage(db, { request_id: request.id, body_text: "Zie bijlage / voir annexe / siehe Anhang." });
      const pdf = await insertAttachment(db, { message_id: reply.id, filename: `antwoord-${c.language}.pdf`, extracted_text: c.text });
      await indexRequest(db, backend(), request.id);

      for (const q of [c.query, c.stemmed]) {
        const hits = await search(q);
        expect(hits.map((h) => h.id), `${c.language}: ${q}`).toEqual([`attachment-${pdf.id}`]);
        expect(hits[0].url).toBe(`/requests/${request.id}#attachment-${pdf.id}`);
        expect(hits[0].fileType).toBe("pdf");
      }
    }
  });

  it("finds plural and singular forms and ignores accents", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const fr = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Tous les documents du conseil", body: "Je souhaite recevoir les procès-verbaux." });
    const nl = await insertRequest(db, { authority_id: authority.id, user_id: user.id, language: "nl", title: "Aanvraag", body: "Graag een kopie van de vergunning voor de Zuidlaan." });
    await indexRequest(db, backend(), fr.id);
    await indexRequest(db, backend(), nl.id);
    expect((await search("document")).map((h) => h.id)).toContain(`request-${fr.id}`);
    expect((await search("proces verbal")).map((h) => h.id)).toContain(`request-${fr.id}`);
    expect((await search("vergunningen")).map((h) => h.id)).toContain(`request-${nl.id}`);
  });

  it("never indexes hidden or draft requests, hidden messages and attachments, the holding pen or e-mail addresses", async () => {
    const db = database.db;
    const user = await insertUser(db, "jeanne.requester@example.org");
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, {
      authority_id: authority.id,
      user_id: user.id,
      title: "Contrat de nettoyage",
      body: "Réponse souhaitée à jeanne.requester@example.org, merci.",
    });
    const reply = await insertMessage(db, {
      request_id: request.id,
      from_address: "greffe@commune.example.be",
      body_text: "Voici le contrat.\n\nLe 3 mars, jeanne.requester@example.org a écrit : demande zygomatique",
    });
    const hiddenMessage = await insertMessage(db, { request_id: request.id, hidden: true, body_text: "message caché pélican" });
    const hiddenAttachment = await insertAttachment(db, { message_id: reply.id, hidden: true, extracted_text: "annexe cachée flamant" });
    const pen = await insertMessage(db, { request_id: null, body_text: "Courrier sans destinataire connu ornithorynque" });
    const draft = await insertRequest(db, { authority_id: authority.id, user_id: user.id, state: "draft", title: "Brouillon hippocampe" });
    await indexRequest(db, backend(), request.id);
    await indexRequest(db, backend(), draft.id);
    await indexTarget(db, backend(), { messageId: pen.id });

    expect(await search("zygomatique")).toHaveLength(1);
    for (const q of ["pélican", "flamant", "ornithorynque", "hippocampe", "jeanne.requester@example.org", "jeanne", "requester", "greffe@commune.example.be"]) {
      expect(await search(q), q).toEqual([]);
    }
    const stored = await sql<{ n: number }>`select count(*)::int as n from search_documents where body like '%@%' or title like '%@%'`.execute(db);
    expect(stored.rows[0].n).toBe(0);
    const ids = (await db.selectFrom("search_documents").select("id").execute()).map((r) => r.id);
    expect(ids).not.toContain(`message-${hiddenMessage.id}`);
    expect(ids).not.toContain(`attachment-${hiddenAttachment.id}`);
    expect(ids).not.toContain(`message-${pen.id}`);
  });

  it("removes a request from the index when it is hidden, through the job queue after commit", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Rapport sur la qualité de l'eau des fontaines" });
    const reply = await insertMessage(db, { request_id: request.id, body_text: "Les analyses des fontaines sont jointes." });
    await insertAttachment(db, { message_id: reply.id, extracted_text: "Analyse bactériologique des fontaines publiques." });

    const queue = new PgBossQueue(database.url, allJobs(), "worker");
    await queue.start();
    try {
      await db.transaction().execute(async (trx) => scheduleIndexing(trx, queue, { requestId: request.id }));
      await queue.work({ ...testRuntime(database), queue });
      await waitFor(async () => (await search("fontaines")).length === 3);

      // A transaction that hides the request and schedules indexing; rolled back first, then committed.
      await db
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable("requests").set({ hidden: true }).where("id", "=", request.id).execute();
          await scheduleIndexing(trx, queue, { requestId: request.id });
          throw new Error("rollback");
        })
        .catch(() => {});
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("requests").set({ hidden: true }).where("id", "=", request.id).execute();
        await scheduleIndexing(trx, queue, { requestId: request.id });
      });
      await waitFor(async () => (await search("fontaines")).length === 0);
    } finally {
      await queue.stop();
    }
  });

  it("follows a message out of the holding pen and an attachment whose text arrives later", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const message = await insertMessage(db, { request_id: null, body_text: "Réponse égarée concernant les horodateurs." });
    await indexTarget(db, backend(), { messageId: message.id });
    expect(await search("horodateurs")).toEqual([]);

    await db.updateTable("messages").set({ request_id: request.id }).where("id", "=", message.id).execute();
    await indexTarget(db, backend(), { messageId: message.id });
    expect((await search("horodateurs")).map((h) => h.id)).toEqual([`message-${message.id}`]);

    const attachment = await insertAttachment(db, { message_id: message.id, extracted_text: null, extraction_status: "pending" });
    await db.updateTable("attachments").set({ extracted_text: "Tableau des recettes des parcmètres.", extraction_status: "done" }).where("id", "=", attachment.id).execute();
    await indexTarget(db, backend(), { attachmentId: attachment.id });
    expect((await search("parcmètres")).map((h) => h.id)).toEqual([`attachment-${attachment.id}`]);
  });

  it("a search made while a message or request is indexed again still finds what stays public; what went away is dropped", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const message = await insertMessage(db, { request_id: request.id, body_text: "Voir le registre des bornes." });
    const attachment = await insertAttachment(db, { message_id: message.id, extracted_text: "Inventaire des lampadaires." });
    const hidden = await insertAttachment(db, { message_id: message.id, extracted_text: "Liste des contrevenants tamanoirs." });
    await indexRequest(db, backend(), request.id);
    await db.updateTable("attachments").set({ hidden: true }).where("id", "=", hidden.id).execute();

    // The real backend, asked to search at the moment new documents are about to be written.
    const seenDuring: string[][] = [];
    const watching = backend();
    const write = watching.index.bind(watching);
    watching.index = async (documents) => {
      seenDuring.push((await search("lampadaires")).map((h) => h.id));
      await write(documents);
    };
    await indexTarget(db, watching, { attachmentId: attachment.id });
    await indexTarget(db, watching, { messageId: message.id });
    await indexTarget(db, watching, { requestId: request.id });
    expect(seenDuring).toEqual([[`attachment-${attachment.id}`], [`attachment-${attachment.id}`], [`attachment-${attachment.id}`]]);
    expect(await search("tamanoirs")).toEqual([]);
    expect((await search("lampadaires")).map((h) => h.id)).toEqual([`attachment-${attachment.id}`]);
  });

  it("counts facets over the matching documents", async () => {
    const db = database.db;
    const user = await insertUser(db);
    const liege = await insertAuthority(db, { slug: "liege-facets", region: "wallonia", kind: "commune" });
    const zone = await insertAuthority(db, { slug: "zone-facets", region: "brussels", kind: "police_zone" });
    const a = await insertRequest(db, { authority_id: liege.id, user_id: user.id, title: "Caméras de surveillance", state: "successful", sent_at: new Date("2024-05-01T00:00:00Z") });
    const b = await insertRequest(db, { authority_id: zone.id, user_id: user.id, title: "Caméras ANPR", state: "refused", sent_at: new Date("2025-05-01T00:00:00Z") });
    const reply = await insertMessage(db, { request_id: b.id, body_text: "Nous refusons: les caméras relèvent de la sécurité.", sent_at: new Date("2025-06-01T00:00:00Z") });
    await insertAttachment(db, { message_id: reply.id, filename: "liste.xlsx", content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extracted_text: "Liste des caméras" });
    await indexRequest(db, backend(), a.id);
    await indexRequest(db, backend(), b.id);

    const result = await backend().search({ q: "caméras" });
    expect(result.total).toBe(4);
    expect(result.facets?.authority).toEqual([
      { value: "zone-facets", count: 3 },
      { value: "liege-facets", count: 1 },
    ]);
    expect(result.facets?.kind).toEqual([
      { value: "police_zone", count: 3 },
      { value: "commune", count: 1 },
    ]);
    expect(result.facets?.year).toEqual([
      { value: "2025", count: 3 },
      { value: "2024", count: 1 },
    ]);
    expect(result.facets?.hasAttachments).toEqual([
      { value: "true", count: 3 },
      { value: "false", count: 1 },
    ]);
    expect(result.facets?.fileType).toEqual([{ value: "spreadsheet", count: 1 }]);
    const filtered = await backend().search({ q: "caméras", filters: { region: ["brussels"], hasAttachments: true, state: ["refused"] } });
    expect(filtered.total).toBe(3);
  });

  it("rebuilds everything with reindexAll", async () => {
    const db = database.db;
    await backend().clear();
    const progress: number[] = [];
    const result = await reindexAll(db, backend(), (done) => progress.push(done));
    const requests = await db.selectFrom("requests").select("id").where("hidden", "=", false).where("state", "!=", "draft").execute();
    expect(result.requests).toBeGreaterThanOrEqual(requests.length);
    expect(progress[progress.length - 1]).toBe(result.requests);
    expect((await search("zygomatique")).length).toBe(1);
    expect(await search("hippocampe")).toEqual([]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the index");
    await new Promise((r) => setTimeout(r, 100));
  }
}
