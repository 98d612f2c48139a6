import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// "Me too" (issue 20): citizens who join an existing public request instead
// of filing the same one. Each row is one person counted on the request's
// page; joining also follows the request (a row in `follows`), which is what
// brings its alerts. Leaving removes both.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table request_supporters (
      request_id integer not null references requests(id) on delete cascade,
      user_id integer not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (request_id, user_id)
    )`.execute(db);
  await sql`create index request_supporters_user on request_supporters (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table request_supporters`.execute(db);
}
