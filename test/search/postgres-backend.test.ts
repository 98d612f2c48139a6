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
});
