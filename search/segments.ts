import { sql } from "kysely";
import type { Db } from "../db/connect";
import { partitionName, segmentKey, segmentSize } from "../db/migrations/0430_search_segments_by_year";

/**
 * The segments of the PostgreSQL search index (migrations 0420, 0430): a
 * document's segment is its year (UTC) and, within the year, one of as
 * many sub-segments of at most `segmentSize` documents as the year needs.
 * Keys are negative (`-(year * 1000 + sub)`), so a query scans the newest
 * year first and stops once it has its candidates, and a date filter
 * names the keys it may open.
 */

/** Advisory-lock key space of the search room (with a request id, or 0 for partition creation). */
export const searchLockSpace = 400;

/** The keys a search restricted to these years (inclusive) may open, lowest first. */
export function segmentRange(fromYear: number, toYear: number): [number, number] {
  return [segmentKey(toYear, 999), segmentKey(fromYear, 0)];
}

export class Segments {
  private readonly existing = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly size = segmentSize,
  ) {}

  /**
   * The segment of each document, dated `dates` (in order), whose
   * partitions then exist: the year's sub-segment being filled, and the
   * next one once it holds `size` documents. The fill counts are updated
   * in a transaction of their own, years in order, so that concurrent
   * writers never share a place.
   */
  async reserve(dates: Date[]): Promise<number[]> {
    const years = dates.map((d) => d.getUTCFullYear());
    const wanted = new Map<number, number>();
    for (const year of years) wanted.set(year, (wanted.get(year) ?? 0) + 1);
    const placed = new Map<number, number[]>();
    await this.db.transaction().execute(async (trx) => {
      for (const year of [...wanted.keys()].sort((a, b) => a - b)) {
        await trx.insertInto("search_segment_fill").values({ year, sub: 0, filled: 0 }).onConflict((c) => c.column("year").doNothing()).execute();
        let { sub, filled } = await trx.selectFrom("search_segment_fill").select(["sub", "filled"]).where("year", "=", year).forUpdate().executeTakeFirstOrThrow();
        const keys: number[] = [];
        for (let n = wanted.get(year)!; n > 0; n--) {
          if (filled >= this.size) [sub, filled] = [sub + 1, 0];
          filled++;
          keys.push(segmentKey(year, sub));
        }
        await trx.updateTable("search_segment_fill").set({ sub, filled }).where("year", "=", year).execute();
        placed.set(year, keys);
      }
    });
    const segments = years.map((year) => placed.get(year)!.shift()!);
    for (const segment of new Set(segments)) await this.ensure(segment);
    return segments;
  }

  /** After the index is emptied: every year starts again from its first sub-segment. */
  async restart(): Promise<void> {
    await this.db.deleteFrom("search_segment_fill").execute();
  }

  private async ensure(segment: number): Promise<void> {
    if (this.existing.has(segment)) return;
    const name = partitionName(segment);
    await this.db.connection().execute(async (connection) => {
      // One writer creates a partition; the others wait and find it made.
      await sql`select pg_advisory_lock(${searchLockSpace}, 0)`.execute(connection);
      try {
        const found = await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(connection);
        if (!found.rows[0].t) {
          // Indexes, storage and the pairs trigger come from the parent.
          await sql`create table ${sql.id(name)} partition of search_documents for values in (${sql.lit(segment)})`.execute(connection);
        }
      } finally {
        await sql`select pg_advisory_unlock(${searchLockSpace}, 0)`.execute(connection);
      }
    });
    this.existing.add(segment);
  }
}
