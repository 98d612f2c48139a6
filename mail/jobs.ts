import { sql } from "kysely";
import type { AppContext } from "../core/context";
import type { JobDefinition } from "../core/jobs";
import { queueEmail } from "./outbound";
import { TextExtractor } from "./extract";
import { extractMessageAttachments } from "./extract-attachments";
import { processRaw, type IngestDeps } from "./ingest";
import { requeueUnprocessed } from "./recovery";
import { cachingResolver, type DnsResolver } from "./authenticate";

import { MAIL_EXTRACT, MAIL_PROCESS, MAIL_SWEEP } from "./job-names";

export { MAIL_EXTRACT, MAIL_PROCESS, MAIL_SWEEP };

let extractor: TextExtractor | null = null;
/** One extraction worker thread per process, created on first use. */
export function sharedExtractor(): TextExtractor {
  extractor ??= new TextExtractor({ timeoutMs: 120_000, maxMemoryMb: 512 });
  return extractor;
}

let resolver: DnsResolver | null = null;
/** One DNS cache per process for sender authentication. */
function sharedResolver(): DnsResolver {
  resolver ??= cachingResolver();
  return resolver;
}

/** What the ingest pipeline needs from the context: the secret, the files, and the queue for what follows. */
export function ingestDeps(context: Pick<AppContext, "config" | "files"> & { queue?: AppContext["queue"] }): IngestDeps {
  const { config, files, queue } = context;
  return {
    secret: config.secret,
    files,
    baseUrl: config.baseUrl,
    enqueueExtraction: queue ? (executor, messageId) => queue.send(executor, MAIL_EXTRACT, { messageId }) : undefined,
    queueEmail: queue ? async (trx, email) => void (await queueEmail(trx, queue, email)) : undefined,
    resolver: sharedResolver(),
    mta: config.mailDomain,
  };
}

/** The mail room's background jobs (declared in mail/room.ts). */
export const mailJobs: JobDefinition[] = [
  {
    name: MAIL_PROCESS,
    concurrency: 4,
    batchSize: 25,
    // A reply on its request comes before what follows from it (index, deadlines, alerts).
    urgent: true,
    retryLimit: 5,
    retryDelaySeconds: 30,
    async handler(data: { rawId: number }, context) {
      await processRaw(context.db, data.rawId, ingestDeps(context));
    },
  },
  {
    name: MAIL_EXTRACT,
    concurrency: 2,
    batchSize: 10,
    retryLimit: 3,
    retryDelaySeconds: 60,
    async handler(data: { messageId: number }, { db, files }) {
      await extractMessageAttachments(db, data.messageId, { files, extractor: sharedExtractor() });
    },
  },
  {
    // Safety net: a raw message committed but never processed (its job not
    // sent, lost or exhausted) and attachments left pending get queued again.
    name: MAIL_SWEEP,
    schedule: "* * * * *",
    retryLimit: 0,
    async handler(_data, { db, queue }) {
      await requeueUnprocessed(db, queue, 60, 500);
      const pending = await db
        .selectFrom("attachments")
        .select("message_id")
        .distinct()
        .where("extraction_status", "=", "pending")
        .where("created_at", "<", sql<Date>`now() - interval '15 minutes'`)
        .limit(500)
        .execute();
      for (const p of pending) await queue.send(db, MAIL_EXTRACT, { messageId: p.message_id }, { singletonKey: `extract-${p.message_id}` });
    },
  },
];
