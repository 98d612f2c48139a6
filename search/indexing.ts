import { sql, type Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { JobDefinition, JobQueue } from "../core/jobs";
import { requestDocuments } from "./documents";
import type { SearchBackend, SearchDocument } from "../core/search";

/**
 * Keeping the index current. Whoever changes public content (a reply
 * arrives, a request is hidden, an attachment's text is extracted) emits a
 * domain event in its transaction (core/events.ts); the search room's
 * subscriber (search/subscribers.ts) indexes once it has committed, and
 * re-reads what is public then. `scheduleIndexing` queues the same work as
 * a job, for callers that want it explicitly. The unit of work is the whole request: it has few documents, and
 * recomputing them all means a hidden message or a request that became
 * hidden simply drops out.
 */
export const searchIndexJob = "search-index";

/** A request (all its documents), or one message or attachment (that message's documents only). */
export type IndexTarget = { requestId: number } | { messageId: number } | { attachmentId: number };

export async function scheduleIndexing(trx: Kysely<any>, queue: JobQueue, target: IndexTarget): Promise<void> {
  await queue.send(trx, searchIndexJob, target);
}

/**
 * Watches the indexing of one request (alerts for saved searches do). It is
 * called before the request's documents are read, so what it sees then is
 * at most as new as what gets indexed; the function it returns, if any, is
 * called once those documents are in the index.
 */
export type IndexObserver = (db: Db, backend: SearchBackend, requestId: number) => Promise<(() => Promise<void>) | void>;

/** Brings the index in line with the database for one request. */
export async function indexRequest(db: Db, backend: SearchBackend, requestId: number, observer?: IndexObserver): Promise<number> {
  const indexed = observer ? await observer(db, backend, requestId) : undefined;
  const documents = await requestDocuments(db, requestId);
  // Written first, then what is no longer public dropped: a search meanwhile never misses a document that stays.
  if (documents.length) await backend.index(documents);
  await backend.deleteRequest(
    requestId,
    documents.map((d) => d.id),
  );
  if (indexed) await indexed();
  return documents.length;
}

export async function indexTarget(db: Db, backend: SearchBackend, target: IndexTarget, observer?: IndexObserver): Promise<void> {
  await indexTargets(db, backend, [target], observer);
}

/** Serialises the indexing of one request across processes (reads, then writes): see `indexTargets`. */
const indexingLockSpace = 0x5e1d;

/**
 * Brings the index in line with the database for many targets at once (a
 * batch of domain events): each request is read once however many of its
 * messages changed, and everything is written in one `index` call, which is
 * what makes a burst of replies searchable quickly. Per request it does
 * what `indexRequest` does for a request target, and for message and
 * attachment targets re-reads only those messages. Each touched request is locked from the first
 * read to the last write, so two workers indexing the same request (two
 * processes dispatch events side by side) never write an older view over a
 * newer one, e.g. put back a message that was just hidden.
 */
export async function indexTargets(db: Db, backend: SearchBackend, targets: IndexTarget[], observer?: IndexObserver): Promise<void> {
  const requestIds = new Set<number>();
  const messageIds = new Set<number>();
  const attachmentIds: number[] = [];
  for (const target of targets) {
    if ("requestId" in target) requestIds.add(target.requestId);
    else if ("messageId" in target) messageIds.add(target.messageId);
    else attachmentIds.push(target.attachmentId);
  }
  if (attachmentIds.length) {
    const rows = await db.selectFrom("attachments").select("message_id").where("id", "in", attachmentIds).execute();
    for (const row of rows) messageIds.add(row.message_id);
  }
  const whereNow = async () => (messageIds.size ? await db.selectFrom("messages").select(["id", "request_id"]).where("id", "in", [...messageIds]).execute() : []);
  const touched = [...new Set([...requestIds, ...(await whereNow()).flatMap((m) => (m.request_id == null ? [] : [m.request_id]))])].sort((a, b) => a - b);
  await db.connection().execute(async (connection) => {
    if (touched.length) await sql`select pg_advisory_lock(${indexingLockSpace}, r) from unnest(${touched}::int[]) r`.execute(connection);
    try {
      const byRequest = new Map<number, number[]>();
      for (const m of await whereNow()) {
        if (m.request_id == null || requestIds.has(m.request_id)) continue;
        byRequest.set(m.request_id, [...(byRequest.get(m.request_id) ?? []), m.id]);
      }
      const documents: SearchDocument[] = [];
      const stale: Array<() => Promise<void>> = [];
      const afterwards: Array<() => Promise<void>> = [];
      for (const requestId of [...requestIds, ...byRequest.keys()]) {
        const indexed = observer ? await observer(db, backend, requestId) : undefined;
        if (indexed) afterwards.push(indexed);
        const whole = requestIds.has(requestId);
        const found = await requestDocuments(db, requestId, whole ? undefined : byRequest.get(requestId));
        // A request that is not public has no documents at all.
        if (whole || found.length === 0) stale.push(() => backend.deleteRequest(requestId, found.map((d) => d.id)));
        documents.push(...found);
      }
      // What stays public is written first (each document replaced in one
      // transaction), and only then is what went away dropped: a search
      // running meanwhile never misses a document that is still public. A
      // message may have moved (or gone back to the holding pen): its
      // documents are dropped wherever they were, except those just written.
      if (documents.length) await backend.index(documents);
      const written = documents.map((d) => d.id);
      await backend.deleteMessages([...messageIds], written);
      for (const drop of stale) await drop();
      for (const indexed of afterwards) await indexed();
    } finally {
      if (touched.length) await sql`select pg_advisory_unlock(${indexingLockSpace}, r) from unnest(${touched}::int[]) r`.execute(connection);
    }
  });
}

/** The indexing job; `observer` (search/room.ts wires the watch room's) sees each request indexed. */
export function searchJobs(observer?: IndexObserver): JobDefinition[] {
  return [
    {
      name: searchIndexJob,
      concurrency: 2,
      retryLimit: 10,
      retryDelaySeconds: 5,
      handler: async (data: IndexTarget, { db, search }) => {
        await indexTarget(db, search, data, observer);
      },
    },
  ];
}

/**
 * Rebuilds the whole index from the database. The index is emptied first,
 * so search shows partial results while this runs.
 */
export async function reindexAll(db: Db, backend: SearchBackend, onProgress: (done: number, total: number, documents: number) => void = () => {}): Promise<{ requests: number; documents: number }> {
  await backend.setup();
  await backend.clear();
  const load = () => reindexRequests(db, backend, onProgress);
  return backend.bulkLoad ? backend.bulkLoad(load) : load();
}

async function reindexRequests(db: Db, backend: SearchBackend, onProgress: (done: number, total: number, documents: number) => void) {
  const { total } = await db.selectFrom("requests").select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  let done = 0;
  let documents = 0;
  let after = 0;
  onProgress(0, total, 0);
  for (;;) {
    const ids = await db.selectFrom("requests").select("id").where("id", ">", after).orderBy("id").limit(200).execute();
    if (ids.length === 0) break;
    const batch = [];
    for (const { id } of ids) batch.push(...(await requestDocuments(db, id)));
    if (batch.length) await backend.index(batch);
    documents += batch.length;
    done += ids.length;
    after = ids[ids.length - 1].id;
    onProgress(done, total, documents);
  }
  return { requests: done, documents };
}
