import { describe, expect, it } from "vitest";
import { insertRule } from "../../moderation/rules";
import { indexRequest } from "../../search/indexing";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "./factories";

/** The index holds only what a public page would show: redacted and masked text. */
describe("search index and publishing rules", () => {
  const database = useTestDatabase();

  it("never indexes a redacted name, an e-mail address or a phone number", async () => {
    const db = database.db;
    const backend = new PostgresSearchBackend(db);
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title: "Permis d'urbanisme de la rue Haute", language: "fr" });
    const reply = await insertMessage(db, {
      request_id: request.id,
      body_text: "Le dossier de Madame Gertrude Vanderplancke est joint. Contact : 0471 23 45 67 ou urbanisme@commune.example.",
    });
    await insertAttachment(db, { message_id: reply.id, filename: "Vanderplancke-permis.pdf", extracted_text: "Demandeur : Gertrude Vanderplancke, permis de bâtir accordé." });
    await db.transaction().execute((trx) =>
      insertRule(trx, { scope: { type: "site" }, kind: "literal", text: "Gertrude Vanderplancke", loose: true, replacement: "[nom]", origin: "admin", actorUserId: null }),
    );
    await db.transaction().execute((trx) =>
      insertRule(trx, { scope: { type: "site" }, kind: "literal", text: "Vanderplancke", loose: true, replacement: "[nom]", origin: "admin", actorUserId: null }),
    );

    await indexRequest(db, backend, request.id);

    expect((await backend.search({ q: "permis" })).hits.length).toBeGreaterThan(0);
    for (const secret of ["Vanderplancke", "Gertrude", "0471", "urbanisme@commune.example"]) {
      expect((await backend.search({ q: secret })).hits, secret).toEqual([]);
    }
    const stored = await db.selectFrom("search_documents").select(["title", "subtitle", "body"]).execute();
    const everything = JSON.stringify(stored);
    expect(everything).not.toMatch(/Vanderplancke|0471 23 45 67|urbanisme@/);
    expect(everything).toContain("[nom]");
    expect(everything).toContain("[numéro de téléphone]");
  });
});
