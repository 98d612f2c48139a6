import { sql } from "kysely";
import type { JobDefinition } from "../server/queue";
import type { Config } from "../server/config";
import { TextExtractor } from "./extract";
import { extractMessageAttachments } from "./extract-attachments";
import { FileStore } from "./file-store";
import { processRaw, type IngestDeps } from "./ingest";
import { requeueUnprocessed } from "./recovery";
import { loadConfig } from "../server/config";

import { MAIL_EXTRACT, MAIL_PROCESS, MAIL_SWEEP } from "./job-names";

export { MAIL_EXTRACT, MAIL_PROCESS, MAIL_SWEEP };

let extractor: TextExtractor | null = null;
/** One extraction worker thread per process, created on first use. */
export function sharedExtractor(): TextExtractor {
  extractor ??= new TextExtractor({ timeoutMs: 120_000, maxMemoryMb: 512 });
  return extractor;
}

type MailJobConfig = Pick<Config, "secret" | "dataDir" | "baseUrl">;
let cachedConfig: MailJobConfig | null = null;
/** Give the mail jobs the process's configuration (a start-up hook does; tests and benchmarks call it directly). */
export function configureMailJobs(cfg: MailJobConfig): void {
  cachedConfig = cfg;
}
function config(): MailJobConfig {
  cachedConfig ??= loadConfig();
  return cachedConfig;
}

export function ingestDeps(cfg: MailJobConfig, queue?: { send: (executor: any, name: string, data: object) => Promise<void> }): IngestDeps {
  return {
    secret: cfg.secret,
    files: new FileStore(cfg.dataDir),
    baseUrl: cfg.baseUrl,
    enqueueExtraction: queue ? (executor, messageId) => queue.send(executor, MAIL_EXTRACT, { messageId }) : undefined,
  };
}

/** The mail room's background jobs; listed in server/jobs.ts. */
export const mailJobs: JobDefinition[] = [
  {
    name: MAIL_PROCESS,
    concurrency: 4,
    batchSize: 25,
    retryLimit: 5,
    retryDelaySeconds: 30,
    async handler(data: { rawId: number }, { db, queue }) {
      await processRaw(db, data.rawId, ingestDeps(config(), queue));
    },
  },
  {
    name: MAIL_EXTRACT,
    concurrency: 2,
    batchSize: 10,
    retryLimit: 3,
    retryDelaySeconds: 60,
    async handler(data: { messageId: number }, { db }) {
      await extractMessageAttachments(db, data.messageId, { files: new FileStore(config().dataDir), extractor: sharedExtractor() });
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
