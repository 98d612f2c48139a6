import { describe, expect, it } from "vitest";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { useTestDatabase } from "../support/database";
import { backendBehaviour, doc } from "./backend-suite";

describe("PostgreSQL search backend", () => {
  const database = useTestDatabase();
  backendBehaviour(async () => new PostgresSearchBackend(database.db));

  it("understands prefix* words and OR", async () => {
    const backend = new PostgresSearchBackend(database.db);
    const ids = async (q: string) => (await backend.search({ q })).hits.map((h) => h.id).sort();
    expect(await ids("bâti*")).toEqual(["message-1"]);
    expect(await ids("Kerkstr*")).toEqual(["message-3"]);
    expect(await ids("budget OR vergunning")).toEqual(["message-2", "message-3"]);
    expect(await ids("budget vergunning")).toEqual([]);
    expect(await ids("-budget")).toEqual([]);
    expect(await ids('"" *** -')).toEqual([]);
  });

  it("ranks a match in the title above one in the body", async () => {
    const backend = new PostgresSearchBackend(database.db);
    await backend.index([
      doc(201, { id: "request-201", type: "request", title: "Rapport sur la piscine", body: "Merci." }),
      doc(202, { title: "Autre chose", body: "Il est question de la piscine une seule fois parmi beaucoup d'autres mots ici." }),
    ]);
    const result = await backend.search({ q: "piscine" });
    expect(result.hits.map((h) => h.id)).toEqual(["request-201", "message-202"]);
  });

  it("counts huge result sets up to its cap and says so", async () => {
    const backend = new PostgresSearchBackend(database.db, { candidateLimit: 3 });
    await backend.index([1, 2, 3, 4, 5].map((n) => doc(300 + n, { body: "Le mot fréquent revient." })));
    const result = await backend.search({ q: "fréquent" });
    expect(result.total).toBe(3);
    expect(result.totalIsLowerBound).toBe(true);
    expect(result.facetsApproximate).toBe(true);
    const exact = await new PostgresSearchBackend(database.db).search({ q: "fréquent" });
    expect(exact).toMatchObject({ total: 5, totalIsLowerBound: false });
  });

  describe("in segments", () => {
    // Three documents per segment: twelve documents fill four partitions.
    const segmented = () => new PostgresSearchBackend(database.db, { segmentSize: 3 });
    const bodies = (n: number) =>
      n % 4 === 0 ? "Le collège a utilisé pour modifier le budget la grille." : "Le collège a utilisé la grille; il faut la modifier pour le budget.";

    it("finds every match across segments, once, even when a document is indexed again", async () => {
      const backend = segmented();
      await backend.clear();
      await backend.index(Array.from({ length: 12 }, (_, n) => doc(500 + n, { body: bodies(n) })));
      await backend.index([doc(500, { body: "Réécrit: la grille du budget." })]);
      const partitions = await database.db.selectFrom("search_documents").select("segment").distinct().execute();
      expect(partitions.length).toBeGreaterThanOrEqual(4);
      const budget = await backend.search({ q: "budget", perPage: 50 });
      expect(budget.total).toBe(12);
      expect(new Set(budget.hits.map((h) => h.id)).size).toBe(12);
    });

    it("finds a phrase of common words through its word pairs, and only the phrase", async () => {
      const backend = segmented();
      await backend.clear();
      await backend.index(Array.from({ length: 12 }, (_, n) => doc(600 + n, { body: bodies(n) })));
      const phrase = await backend.search({ q: '"utilisé pour modifier"', perPage: 50 });
      expect(phrase.hits.map((h) => h.id).sort()).toEqual(["message-600", "message-604", "message-608"]);
      // Both words, not side by side: every document.
      expect((await backend.search({ q: "utilisé modifier", perPage: 50 })).total).toBe(12);
      // A phrase and an alternative without one; a phrase reduced to one word by stop words.
      expect((await backend.search({ q: '"utilisé pour modifier" OR grille', perPage: 50 })).total).toBe(12);
      expect((await backend.search({ q: '"de la grille"', perPage: 50 })).total).toBe(12);
    });

    it("takes the candidates of a common word from the newest segment first", async () => {
      const backend = new PostgresSearchBackend(database.db, { segmentSize: 3, candidateLimit: 3 });
      await backend.clear();
      await backend.index(Array.from({ length: 9 }, (_, n) => doc(700 + n, { body: "Le mot fréquent revient." })));
      const result = await backend.search({ q: "fréquent" });
      expect(result.totalIsLowerBound).toBe(true);
      expect(result.hits.map((h) => h.id).sort()).toEqual(["message-706", "message-707", "message-708"]);
    });
  });
});
