import { sql, type Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
//
// Batches (issue 20): one request written once, sent to many authorities.
// `batches` holds the text and the selection; `batch_items` one row per
// chosen authority with the request created for it (NULL where the body has
// no channel) and where its letter stands in the throttled sending.
// `batch_send_slots` spaces letters to one receiving domain across every
// batch. `batch_allowances` is the number of authorities administrators let
// a trusted user address in one batch. `batch_followers` follow a whole
// batch; `batch_digest_items` are the replies waiting for their digest.
// `requests.batch_id` marks a request that belongs to a batch (its
// reply e-mails go into the batch digest, its send is not one of the
// citizen's daily single requests).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table batches (
      id serial primary key,
      user_id integer not null references users(id) on delete cascade,
      title text not null,
      body text not null,
      selection jsonb not null,
      consent_unverified boolean not null default false,
      state text not null default 'sending' check (state in ('sending', 'paused', 'cancelled', 'done')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index batches_user on batches (user_id, created_at desc)`.execute(db);
  await sql`
    create table batch_items (
      id serial primary key,
      batch_id integer not null references batches(id) on delete cascade,
      authority_id integer not null references authorities(id),
      request_id integer references requests(id) on delete set null,
      channel text not null check (channel in ('email', 'none')),
      domain text,
      position integer not null,
      state text not null check (state in ('queued', 'sent', 'cancelled', 'no_channel', 'failed')),
      error text,
      sent_at timestamptz,
      unique (batch_id, authority_id)
    )`.execute(db);
  await sql`create index batch_items_queued on batch_items (batch_id, position) where state = 'queued'`.execute(db);
  await sql`create index batch_items_sent on batch_items (batch_id, sent_at) where state = 'sent'`.execute(db);
  await sql`create unique index batch_items_request on batch_items (request_id)`.execute(db);
  await sql`
    create table batch_send_slots (
      domain text primary key,
      last_sent_at timestamptz not null
    )`.execute(db);
  await sql`
    create table batch_allowances (
      user_id integer primary key references users(id) on delete cascade,
      max_authorities integer not null check (max_authorities >= 0),
      granted_by integer references users(id) on delete set null,
      granted_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table batch_followers (
      batch_id integer not null references batches(id) on delete cascade,
      user_id integer not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (batch_id, user_id)
    )`.execute(db);
  await sql`
    create table batch_digest_items (
      batch_id integer not null references batches(id) on delete cascade,
      user_id integer not null references users(id) on delete cascade,
      event_id integer not null references events(id) on delete cascade,
      request_id integer not null references requests(id) on delete cascade,
      sent_at timestamptz,
      email_id integer,
      primary key (batch_id, user_id, event_id)
    )`.execute(db);
  await sql`create index batch_digest_pending on batch_digest_items (batch_id, user_id) where sent_at is null`.execute(db);
  await sql`alter table requests add column batch_id integer references batches(id) on delete set null`.execute(db);
  await sql`create index requests_batch on requests (batch_id) where batch_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table requests drop column batch_id`.execute(db);
  for (const table of ["batch_digest_items", "batch_followers", "batch_allowances", "batch_send_slots", "batch_items", "batches"]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
