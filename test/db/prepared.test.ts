import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createDb, preparedMarker } from "../../db/connect";
import { useTestDatabase } from "../support/database";

describe("prepared statements", () => {
  const database = useTestDatabase();

  it("prepares a marked statement once per connection, keeps its generic plan, and leaves others unprepared", async () => {
    const { db } = createDb(database.url, 1);
    try {
      for (const n of [1, 2, 3]) {
        const row = await sql<{ n: number }>`${sql.raw(preparedMarker)} select ${n}::int + 1 as n`.execute(db);
        expect(row.rows[0].n).toBe(n + 1);
      }
      await sql`select 1 as unmarked`.execute(db);
      const prepared = await sql<{ statement: string; generic_plans: number; custom_plans: number }>`
        select statement, generic_plans::int, custom_plans::int from pg_prepared_statements`.execute(db);
      expect(prepared.rows).toEqual([{ statement: expect.stringContaining(preparedMarker), generic_plans: 3, custom_plans: 0 }]);
    } finally {
      await db.destroy();
    }
  });
});
