import { describe, expect, it } from "vitest";
import type { SearchBackend } from "../../core/search";
import { indexRequest } from "../../search/indexing";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { questionWords, similarPublishedRequests } from "../../search/similar";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "./factories";

describe("similar published requests before filing", () => {
  const database = useTestDatabase();

  it("keeps the subject's words, drops letter formulas and short numbers", () => {
    expect(questionWords("Demande de copie du budget 2025 du CPAS de Liège")).toEqual(["budget", "2025", "cpas", "liege"]);
    // A short title borrows the body's longest words.
    expect(questionWords("Caméras", "Je demande la politique de vidéosurveillance de la zone.")).toEqual(["cameras", "videosurveillance", "politique", "zone"]);
    expect(questionWords("de la du", "")).toEqual([]);
  });

  it("finds published look-alikes to the same authority and to others, with state and released documents, through the search backend", async () => {
    const db = database.db;
    const backend = new PostgresSearchBackend(db);
    const user = await insertUser(db);
    const liege = await insertAuthority(db, { name_fr: "CPAS de Liège" });
    const namur = await insertAuthority(db, { name_fr: "CPAS de Namur" });
    const answered = await insertRequest(db, { authority_id: liege.id, user_id: user.id, title: "Budget 2025 du CPAS", body: "Je demande le budget 2025 approuvé par le conseil de l'action sociale.", state: "successful" });
    const reply = await insertMessage(db, { request_id: answered.id, body_text: "Voici le budget." });
    await insertAttachment(db, { message_id: reply.id, filename: "budget-2025.pdf", extracted_text: "Budget 2025 du CPAS de Liège" });
    const elsewhere = await insertRequest(db, { authority_id: namur.id, user_id: user.id, title: "Le budget 2025 du CPAS de Namur", body: "Copie du budget 2025 du CPAS.", state: "awaiting_response" });
    const unrelated = await insertRequest(db, { authority_id: liege.id, user_id: user.id, title: "Contrat de nettoyage des bureaux", body: "Le budget du contrat de nettoyage." });
    const hidden = await insertRequest(db, { authority_id: liege.id, user_id: user.id, title: "Budget 2025 du CPAS (bis)", body: "Budget 2025 CPAS", hidden: true });
    const draft = await insertRequest(db, { authority_id: liege.id, user_id: user.id, title: "Budget 2025 du CPAS (brouillon)", body: "Budget 2025 CPAS", state: "draft" });
    for (const r of [answered, elsewhere, unrelated, hidden, draft]) await indexRequest(db, backend, r.id);

    const found = await similarPublishedRequests(backend, { title: "Le budget 2025 du CPAS", body: "Pourriez-vous me transmettre le budget 2025 ?", authorityId: liege.id, authoritySlug: liege.slug });
    expect(found.sameAuthority.map((s) => s.requestId)).toEqual([answered.id]);
    expect(found.sameAuthority[0]).toMatchObject({ state: "successful", documentsReleased: true, sameAuthority: true, url: `/requests/${answered.id}` });
    expect(found.others.map((s) => s.requestId)).toEqual([elsewhere.id]);
    expect(found.others[0]).toMatchObject({ state: "awaiting_response", documentsReleased: false, sameAuthority: false, authoritySlug: namur.slug });

    // The citizen's own request is left out; a question with no significant word finds nothing.
    const own = await similarPublishedRequests(backend, { title: "Budget 2025 du CPAS", authorityId: liege.id, authoritySlug: liege.slug, excludeRequestId: answered.id });
    expect(own.sameAuthority).toEqual([]);
    expect((await similarPublishedRequests(backend, { title: "de la", authorityId: liege.id, authoritySlug: liege.slug })).sameAuthority).toEqual([]);
  });

  it("gives an empty list, not an error page, when the search backend fails", async () => {
    const broken = { search: async () => Promise.reject(new Error("connection refused")) } as unknown as SearchBackend;
    const errors: unknown[] = [];
    const found = await similarPublishedRequests(broken, { title: "Budget 2025 du CPAS", authorityId: 1, authoritySlug: "x" }, (e) => errors.push(e));
    expect(found).toMatchObject({ sameAuthority: [], others: [], failed: true });
    expect(errors).toHaveLength(1);
  });
});
