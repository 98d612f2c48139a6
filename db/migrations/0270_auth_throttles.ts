import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Growing delays after failed logins (issue 17, finding 8), per key
// ("login:account:<address>", "login:ip:<ip>", "login:device:<nonce>"):
// how many failures in a row and when the last one was. A success clears
// the account's row; a day without failure starts the count again.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table auth_throttles (
      key text primary key,
      failures integer not null,
      last_failure_at timestamptz not null
    )
  `.execute(db);
  await sql`create index auth_throttles_last_failure on auth_throttles (last_failure_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table auth_throttles`.execute(db);
}
