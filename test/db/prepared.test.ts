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

  it("plans every other statement with parameters for its values, before and after a marked one", async () => {
    const { db, pool } = createDb(database.url, 1);
    const client = await pool.connect();
    try {
      // An immutable function of a parameter runs once when a plan is made
      // for the value, and once per row under a generic plan.
      let calls = 0;
      client.on("notice", () => calls++);
      await client.query("create function pg_temp.counted(n int) returns int immutable language plpgsql as $$ begin raise notice 'counted'; return n; end $$");
      const text = "select pg_temp.counted($1::int) + n as v from generate_series(1, 3) n";
      const run = async (statement: string) => {
        calls = 0;
        const result = await client.query(statement, [5]);
        expect(result.rows.map((r: { v: number }) => r.v)).toEqual([6, 7, 8]);
        return calls;
      };
      expect(await run(text)).toBe(1);
      expect(await run(`${preparedMarker} ${text}`)).toBe(3);
      expect(await run(`${preparedMarker} ${text}`)).toBe(3);
      expect(await run(text)).toBe(1);
      expect(await run(`${preparedMarker} ${text}`)).toBe(3);
    } finally {
      client.release();
      await db.destroy();
    }
  });
});
