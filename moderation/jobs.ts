import { sql, type Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import type { FileStore } from "../core/files";
import type { JobDefinition, JobQueue } from "../core/jobs";
import { emit } from "../core/events";
import { redactAttachmentById, refreshRequestAttachments, type LoadFile, type RedactFile } from "./attachments";
import { sharedFileRedactor } from "./file-redactor";

/**
 * The re-redaction job: after a rule is added or removed, every request in
 * its scope gets its PDF attachments redacted again and its search
 * documents rebuilt (search indexing goes through the Publisher). Progress
 * is kept in redaction_jobs (total, done) and shown to admins.
 */
export const MODERATION_REDACT = "moderation-redact";

/** Makes the public copy of one PDF or image (after its text was extracted, or when the web found none stored). */
export const MODERATION_REDACT_ATTACHMENT = "moderation-redact-attachment";

export interface RedactionJobDeps {
  load: LoadFile;
  /** Redacts one file; default: this process's bounded redaction process. */
  redact?: RedactFile;
  /** Rebuilds the search documents of one request. */
  reindex: (db: Db, requestId: number) => Promise<void>;
}

/** Files from the content-addressed store; a missing file is null. */
export function fileLoader(files: FileStore): LoadFile {
  return async (key) => {
    try {
      return await files.get(key);
    } catch {
      return null;
    }
  };
}

export async function queueRedactionJobs(trx: Kysely<Database>, queue: Pick<JobQueue, "send">, jobIds: number[]): Promise<void> {
  for (const jobId of jobIds) await queue.send(trx, MODERATION_REDACT, { jobId });
}

/** The one redaction process of this process, as a RedactFile. */
export const boundedRedaction: RedactFile = (bytes, contentType, rules) => sharedFileRedactor().redact(bytes, contentType, rules);

/** Queues the redaction of one attachment; one job per attachment waits at a time. */
export async function queueAttachmentRedaction(executor: Kysely<Database>, queue: Pick<JobQueue, "send">, attachmentId: number): Promise<void> {
  await queue.send(executor, MODERATION_REDACT_ATTACHMENT, { attachmentId }, { singletonKey: `redact-${attachmentId}` });
}

export async function requestsInScope(db: Db, scopeType: string, scopeId: number | null): Promise<number[]> {
  let q = db.selectFrom("requests").select("id").orderBy("id");
  if (scopeType === "request") q = q.where("id", "=", scopeId!);
  else if (scopeType === "user") q = q.where("user_id", "=", scopeId!);
  else if (scopeType === "authority") q = q.where("authority_id", "=", scopeId!);
  return (await q.execute()).map((r) => r.id);
}

export async function runRedactionJob(db: Db, jobId: number, jobDeps: RedactionJobDeps): Promise<void> {
  const job = await db.selectFrom("redaction_jobs").selectAll().where("id", "=", jobId).executeTakeFirst();
  if (!job || job.state === "done") return;
  const ids = await requestsInScope(db, job.scope_type, job.scope_id);
  await db.updateTable("redaction_jobs").set({ state: "running", total: ids.length, done: 0, error: null, started_at: sql`now()` }).where("id", "=", jobId).execute();
  try {
    let done = 0;
    for (const requestId of ids) {
      await refreshRequestAttachments(db, requestId, { load: jobDeps.load, redact: jobDeps.redact ?? boundedRedaction });
      await jobDeps.reindex(db, requestId);
      done++;
      if (done % 10 === 0 || done === ids.length) await db.updateTable("redaction_jobs").set({ done }).where("id", "=", jobId).execute();
    }
    await db.updateTable("redaction_jobs").set({ state: "done", done: ids.length, finished_at: sql`now()` }).where("id", "=", jobId).execute();
  } catch (error) {
    await db
      .updateTable("redaction_jobs")
      .set({ state: "failed", error: error instanceof Error ? error.message : String(error), finished_at: sql`now()` })
      .where("id", "=", jobId)
      .execute();
    throw error;
  }
}

export async function listRedactionJobs(db: Db, limit = 20) {
  return db.selectFrom("redaction_jobs").selectAll().orderBy("id", "desc").limit(limit).execute();
}

export const moderationJobs: JobDefinition[] = [
  {
    name: MODERATION_REDACT,
    concurrency: 1,
    retryLimit: 3,
    retryDelaySeconds: 60,
    async handler(data: { jobId: number }, { db, files }) {
      // The search room re-indexes what changed when it hears of it (its subscriber to request.changed).
      await runRedactionJob(db, data.jobId, { load: fileLoader(files), reindex: async (db, requestId) => void (await emit(db, { type: "request.changed", requestId, data: { fields: ["redaction"] } })) });
    },
  },
  {
    name: MODERATION_REDACT_ATTACHMENT,
    // One file at a time per worker: the redaction process is one child with bounded memory.
    concurrency: 1,
    retryLimit: 2,
    retryDelaySeconds: 60,
    async handler(data: { attachmentId: number }, { db, files }) {
      // A stored copy changes the message's public form (mail/publications.ts hashes it), so the next view shows the link.
      await redactAttachmentById(db, data.attachmentId, { load: fileLoader(files), redact: boundedRedaction });
    },
  },
];
