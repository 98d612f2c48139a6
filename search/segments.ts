import { sql } from "kysely";
import type { Db } from "../db/connect";
import { segmentSize } from "../db/migrations/0420_search_segments";

/**
 * The segments of the PostgreSQL search index (migration 0420): every
 * `segmentSize` documents written open a new partition of
 * `search_documents`. A document's segment is minus its write position
 * divided by the segment size, so the newest segment has the lowest key
 * and a query scans the partitions newest first, stopping once it has
 * its candidates.
 */

/** Advisory-lock key space of the search room (with a request id, or 0 for partition creation). */
export const searchLockSpace = 400;

export function partitionName(segment: number): string {
  return `search_documents_s${-segment}`;
}

export class Segments {
  private readonly existing = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly size = segmentSize,
  ) {}

  /** Takes `count` write positions and returns each one's segment, whose partitions exist. */
  async reserve(count: number): Promise<number[]> {
    const rows = await sql<{ segment: number }>`
      select -((nextval('search_documents_position') - 1) / ${this.size})::int as segment
      from generate_series(1, ${count})`.execute(this.db);
    const segments = rows.rows.map((r) => r.segment);
    for (const segment of new Set(segments)) await this.ensure(segment);
    return segments;
  }

  /** After the index is emptied: positions start again from the first segment. */
  async restart(): Promise<void> {
    await sql`select setval('search_documents_position', 1, false)`.execute(this.db);
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
