import { describe, expect, it } from "vitest";
import { recordEvent } from "../../core/events";
import type { AppContext } from "../../core/context";
import { indexRequest } from "../../search/indexing";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { searchSubscribers } from "../../search/subscribers";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "../search/factories";

/**
 * Finding 2 (High), second half: each reply re-indexed its whole request,
 * so every new reply re-scanned all earlier attachments. A reply's arrival
 * now indexes that reply only. The proof: an earlier attachment's text is
 * changed behind the index's back, and indexing the new reply leaves its
 * document as it was (it was not read again).
 */
describe("indexing a reply", () => {
  const database = useTestDatabase();

  it("indexes the new reply without re-reading the request's earlier messages and attachments", async () => {
    const db = database.db;
    const backend = new PostgresSearchBackend(db);
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const first = await insertMessage(db, { request_id: request.id, body_text: "Voir la pièce jointe." });
    const pdf = await insertAttachment(db, { message_id: first.id, filename: "budget.pdf", extracted_text: "Le budget communal des fanfares." });
    await indexRequest(db, backend, request.id);

    await db.updateTable("attachments").set({ extracted_text: "Texte remplacé sans événement." }).where("id", "=", pdf.id).execute();
    const second = await insertMessage(db, { request_id: request.id, body_text: "Complément concernant les kermesses." });
    const eventId = await db.transaction().execute((trx) =>
      recordEvent(trx, { request_id: request.id, type: "reply_received", data: JSON.stringify({ message_id: second.id }) }),
    );
    const [subscriber] = searchSubscribers();
    await subscriber.handle(
      { id: 1, type: "request.event_recorded", requestId: request.id, data: { eventId, eventType: "reply_received" }, createdAt: new Date() } as never,
      { db, search: backend } as unknown as AppContext,
    );

    const ids = async (q: string) => (await backend.search({ q })).hits.map((h) => h.id);
    expect(await ids("kermesses")).toEqual([`message-${second.id}`]);
    // The earlier attachment's document was not rebuilt: its old text is still what is indexed.
    expect(await ids("fanfares")).toEqual([`attachment-${pdf.id}`]);
    expect(await ids("remplacé")).toEqual([]);
    const requestHit = (await backend.search({ q: "documents" })).hits.find((h) => h.id === `request-${request.id}`);
    expect(requestHit?.hasAttachments).toBe(true);

    // A whole-request re-index (a request-level change) still reads everything again.
    await indexRequest(db, backend, request.id);
    expect(await ids("remplacé")).toEqual([`attachment-${pdf.id}`]);
  });

  it("drops a message that became hidden without touching the others", async () => {
    const db = database.db;
    const backend = new PostgresSearchBackend(db);
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
    const kept = await insertMessage(db, { request_id: request.id, body_text: "Réponse sur les ramoneurs." });
    const hidden = await insertMessage(db, { request_id: request.id, body_text: "Réponse sur les tanneurs." });
    await indexRequest(db, backend, request.id);
    await db.updateTable("messages").set({ hidden: true }).where("id", "=", hidden.id).execute();
    const [subscriber] = searchSubscribers();
    await subscriber.handle(
      { id: 2, type: "message.changed", requestId: null, data: { messageId: hidden.id, fields: ["hidden"] }, createdAt: new Date() } as never,
      { db, search: backend } as unknown as AppContext,
    );
    expect((await backend.search({ q: "tanneurs" })).hits).toEqual([]);
    expect((await backend.search({ q: "ramoneurs" })).hits.map((h) => h.id)).toEqual([`message-${kept.id}`]);
  });
});
