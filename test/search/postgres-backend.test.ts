import { describe, expect, it } from "vitest";
import * as m0430 from "../../db/migrations/0430_search_segments_by_year";
import * as m0440 from "../../db/migrations/0440_search_stem_then_fold";
import * as m0441 from "../../db/migrations/0441_search_exact_forms_and_compounds";
import * as m0442 from "../../db/migrations/0442_search_exact_forms_of_unknown_words";
import { PostgresSearchBackend, yearsOf } from "../../search/postgres-backend";
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
    it("keeps each year in its own segments, newest year first, a full one continuing in the next sub-segment", async () => {
      const backend = new PostgresSearchBackend(database.db, { segmentSize: 3, candidateLimit: 3 });
      await backend.clear();
      const on = (date: string) => new Date(`${date}T12:00:00Z`);
      // 2025 first, then 2019: written later, the older year still comes second.
      await backend.index(Array.from({ length: 5 }, (_, n) => doc(800 + n, { body: "Le mot fréquent revient.", date: on(`2025-0${n + 1}-10`) })));
      await backend.index(Array.from({ length: 3 }, (_, n) => doc(810 + n, { body: "Le mot fréquent revient.", date: on(`2019-0${n + 1}-10`) })));
      const segments = await database.db.selectFrom("search_documents").select(["id", "segment"]).orderBy("id").execute();
      expect(new Set(segments.filter((s) => s.id.startsWith("message-80")).map((s) => s.segment))).toEqual(new Set([-2025000, -2025001]));
      expect(new Set(segments.filter((s) => s.id.startsWith("message-81")).map((s) => s.segment))).toEqual(new Set([-2019000]));
      const newest = await backend.search({ q: "fréquent" });
      expect(newest.totalIsLowerBound).toBe(true);
      expect(newest.hits.every((h) => h.date.startsWith("2025"))).toBe(true);
    });

    it("finds a phrase through word pairs in one language and through its words where stop words leave one word", async () => {
      const backend = segmented();
      await backend.clear();
      await backend.index([
        doc(860, { language: "nl", body: "Volgens de regel van het college." }),
        doc(861, { language: "nl", body: "Een regel zonder lidwoord ervoor." }),
        doc(862, { language: "en", body: "The word de regel stands together here." }),
        doc(863, { language: "en", body: "Here regel comes first and de after." }),
        doc(864, { language: "fr", body: "La règle du collège." }),
        doc(865, { language: "fr", body: "Le mot néerlandais regel figure ici seul." }),
      ]);
      // French drops "de": any French text holding "regel" is the phrase;
      // Dutch phrases keep their stop words (migration 0440) and the simple
      // configuration keeps every word: both need them side by side.
      const ids = (await backend.search({ q: '"de regel"', perPage: 50 })).hits.map((h) => h.id).sort();
      expect(ids).toEqual(["message-860", "message-862", "message-865"]);
    });

    it("sorts by date across years and their parts, page after page", async () => {
      const backend = new PostgresSearchBackend(database.db, { segmentSize: 3, candidateLimit: 4 });
      await backend.clear();
      // Written out of date order: 2024 (two parts), 2019, 2022.
      const dates = ["2024-05-01", "2024-01-02", "2024-09-30", "2024-03-15", "2019-07-07", "2022-02-02", "2022-12-12"];
      await backend.index(dates.map((date, n) => doc(850 + n, { body: "Le registre des permis.", date: new Date(`${date}T08:00:00Z`) })));
      const pageOf = async (page: number, filters = {}) =>
        (await backend.search({ q: "registre", sort: "date", perPage: 3, page, filters })).hits.map((h) => h.date.slice(0, 10));
      expect(await pageOf(1)).toEqual(["2024-09-30", "2024-05-01", "2024-03-15"]);
      expect(await pageOf(2)).toEqual(["2024-01-02", "2022-12-12", "2022-02-02"]);
      expect(await pageOf(3)).toEqual(["2019-07-07"]);
      expect(await pageOf(1, { dateTo: "2023-06-30" })).toEqual(["2022-12-12", "2022-02-02", "2019-07-07"]);
      expect(await pageOf(1, { year: [2019] })).toEqual(["2019-07-07"]);
      const phrase = await backend.search({ q: '"registre des permis"', sort: "date", perPage: 2 });
      expect(phrase.hits.map((h) => h.date.slice(0, 10))).toEqual(["2024-09-30", "2024-05-01"]);
    });

    it("filters on dates as UTC days, opening only the years they allow", async () => {
      const backend = new PostgresSearchBackend(database.db, { segmentSize: 3 });
      await backend.clear();
      await backend.index([
        doc(901, { body: "Le rapport de fin d'année.", date: new Date("2020-12-31T23:30:00Z") }),
        doc(902, { body: "Le rapport du Nouvel An.", date: new Date("2021-01-01T00:30:00Z") }),
        doc(903, { body: "Le rapport du printemps.", date: new Date("2021-04-02T10:00:00Z") }),
        doc(904, { body: "Le rapport ancien.", date: new Date("2016-04-02T10:00:00Z") }),
      ]);
      const ids = async (filters: Parameters<typeof yearsOf>[0]) => (await backend.search({ q: "rapport", filters })).hits.map((h) => h.id).sort();
      expect(await ids({ dateFrom: "2020-01-01", dateTo: "2020-12-31" })).toEqual(["message-901"]);
      expect(await ids({ dateFrom: "2021-01-01" })).toEqual(["message-902", "message-903"]);
      expect(await ids({ dateTo: "2021-01-01" })).toEqual(["message-901", "message-902", "message-904"]);
      expect(await ids({ year: [2016, 2021] })).toEqual(["message-902", "message-903", "message-904"]);
      expect(await ids({ year: [2020], dateFrom: "2021-01-01" })).toEqual([]);
      expect(yearsOf({ dateFrom: "2017-01-01", dateTo: "2017-12-31" })).toEqual({ from: 2017, to: 2017 });
      expect(yearsOf({ year: [2016, 2021], dateTo: "2019-05-01" })).toEqual({ from: 2016, to: 2019 });
      expect(yearsOf({ dateTo: "2019-05-01" })).toEqual({ from: 0, to: 2019 });
      expect(yearsOf({ state: ["successful"] })).toBeNull();
    });

    it("moves an index of 0420's position segments into year segments (migration 0430)", async () => {
      const backend = new PostgresSearchBackend(database.db, { segmentSize: 3 });
      await backend.clear();
      await backend.index([
        doc(951, { body: "Le plan communal.", date: new Date("2018-03-01T10:00:00Z") }),
        doc(952, { body: "Le plan régional.", date: new Date("2024-03-01T10:00:00Z") }),
      ]);
      await m0442.down(database.db);
      await m0441.down(database.db);
      await m0440.down(database.db);
      await m0430.down(database.db);
      expect((await database.db.selectFrom("search_documents").select("segment").distinct().execute()).map((r) => r.segment)).toEqual([0]);
      await m0430.up(database.db);
      await m0440.up(database.db);
      await m0441.up(database.db);
      await m0442.up(database.db);
      const rows = await database.db.selectFrom("search_documents").select(["id", "segment"]).orderBy("id").execute();
      expect(rows).toEqual([
        { id: "message-951", segment: -2018000 },
        { id: "message-952", segment: -2024000 },
      ]);
      expect(await database.db.selectFrom("search_segment_fill").selectAll().orderBy("year").execute()).toEqual([
        { year: 2018, sub: 0, filled: 1 },
        { year: 2024, sub: 0, filled: 1 },
      ]);
      const fresh = new PostgresSearchBackend(database.db, { segmentSize: 3 });
      await fresh.index([doc(953, { body: "Le plan local.", date: new Date("2024-05-01T10:00:00Z") })]);
      expect((await fresh.search({ q: "plan", filters: { year: [2024] } })).hits.map((h) => h.id).sort()).toEqual(["message-952", "message-953"]);
    });
  });
});
