import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Segments by year (docs/decisions/400-search.md, "Segments by year").
 * 0420 cut the index in segments by write position; a filter on dates then
 * had to open every segment, since any of them could hold any date. Now a
 * document's segment is its year (UTC) and, within the year, one of as many
 * sub-segments of at most `segmentSize` documents as the year needs:
 *
 *   segment = -(year * 1000 + sub)
 *
 * so the newest year is scanned first (lowest key), and a date filter
 * names the range of keys the statement may open (partition pruning).
 * `search_segment_fill` keeps, per year, the sub-segment being filled and
 * how many documents it has received. Existing rows move to their new
 * segments here.
 */
export const segmentSize = 25_000;

export function segmentKey(year: number, sub: number): number {
  return -(year * 1000 + sub);
}

export function partitionName(segment: number): string {
  const key = -segment;
  return `search_documents_y${Math.floor(key / 1000)}_${key % 1000}`;
}

/** Drops every partition of `search_documents` (their rows already copied aside). */
async function dropSegments(db: Kysely<any>): Promise<void> {
  const partitions = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'search_documents'::regclass`.execute(db);
  for (const { name } of partitions.rows) await sql`drop table ${sql.id(name)}`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table search_segment_fill (
      year integer primary key,
      sub integer not null,
      filled integer not null
    )`.execute(db);

  // Short texts stay in the row (compressed), so the page's snippets need
  // no TOAST lookups; the vector stays inline before the body (toasting
  // takes `extended` columns first).
  await sql`alter table search_documents alter column body set storage extended`.execute(db);
  await sql`create temp table search_documents_moving as select * from search_documents`.execute(db);
  await dropSegments(db);
  await sql`drop sequence if exists search_documents_position`.execute(db);

  await sql`
    create temp table search_documents_keys as
    select id, year, ((row_number() over (partition by year order by date, id)) - 1)::int / ${sql.lit(segmentSize)} as sub,
      ((row_number() over (partition by year order by date, id)) - 1)::int % ${sql.lit(segmentSize)} as place
    from search_documents_moving`.execute(db);
  const keys = await sql<{ year: number; sub: number }>`select distinct year, sub from search_documents_keys`.execute(db);
  for (const { year, sub } of keys.rows) {
    const segment = segmentKey(year, sub);
    await sql`create table ${sql.id(partitionName(segment))} partition of search_documents for values in (${sql.lit(segment)})`.execute(db);
  }
  const names = ["id", "type", "request_id", "message_id", "attachment_id", "request_slug", "title", "subtitle", "body", "language", "ts_config",
    "authority_id", "authority_slug", "authority_names", "region", "kind", "regime", "state", "date", "year", "has_attachments", "file_type", "tsv", "indexed_at"];
  const columns = sql.join(names.map((c) => sql.ref(c)));
  const moved = sql.join(names.map((c) => sql.ref(`m.${c}`)));
  await sql`
    insert into search_documents (${columns}, segment)
    select ${moved}, -(k.year * 1000 + k.sub)
    from search_documents_moving m join search_documents_keys k on k.id = m.id`.execute(db);
  await sql`
    insert into search_segment_fill (year, sub, filled)
    select year, sub, count(*) from search_documents_keys k
    where sub = (select max(sub) from search_documents_keys s where s.year = k.year)
    group by year, sub`.execute(db);
  await sql`drop table search_documents_moving, search_documents_keys`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to 0420's numbering: everything in segment 0, positions counted from there.
  await sql`create temp table search_documents_moving as select * from search_documents`.execute(db);
  await dropSegments(db);
  await sql`create sequence search_documents_position`.execute(db);
  await sql`create table search_documents_s0 partition of search_documents for values in (0)`.execute(db);
  await sql`select setval('search_documents_position', greatest((select count(*) from search_documents_moving), 1), (select count(*) > 0 from search_documents_moving))`.execute(db);
  await sql`update search_documents_moving set segment = 0`.execute(db);
  await sql`insert into search_documents select * from search_documents_moving`.execute(db);
  await sql`drop table search_documents_moving`.execute(db);
  await sql`drop table search_segment_fill`.execute(db);
  await sql`alter table search_documents alter column body set storage external`.execute(db);
}
