import { recipientCode } from "./reply-address";
import type { Db, DbTimeouts } from "../db/connect";
import type { AppContext } from "../core/context";
import type { JobQueue } from "../core/jobs";
import { storeRaw } from "./ingest";
import { requeueUnprocessed } from "./recovery";
import { MAIL_PROCESS } from "./job-names";
import { startSmtpListener, type SmtpListener, type SmtpListenerOptions } from "./smtp-server";

type InboundOptions = Omit<SmtpListenerOptions, "commit" | "afterCommit"> & {
  db: Db;
  queue: Pick<JobQueue, "send">;
  /**
   * False while the database is not yet reachable and migrated (`dossier
   * smtp` started while it was down): mail then gets a 451 without a query.
   */
  databaseReady?: () => boolean;
};

/**
 * The listener process's database bounds (db/connect.ts): one INSERT takes
 * milliseconds, so a statement still waiting after 5 s (a lock held
 * elsewhere, a frozen server) is abandoned and the sender gets a 451.
 */
export const LISTENER_DB_TIMEOUTS: DbTimeouts = { statementMs: 5_000, lockMs: 2_000, queryMs: 6_000, connectMs: 3_000 };

/**
 * The production inbound listener: 250 once the raw message is committed (one
 * INSERT, one WAL flush), then its processing job is queued. A crash between
 * the two leaves a committed, unprocessed row: the listener re-queues those
 * when it starts, and the worker's minute sweep does the same while running.
 */
export async function startInboundListener(options: InboundOptions): Promise<SmtpListener> {
  const { db, queue, databaseReady, ...listenerOptions } = options;
  // Best effort: a database that is down now will be retried by the sweep; the listener still starts and answers 451.
  if (!databaseReady || databaseReady()) await requeueUnprocessed(db, queue, 0).catch((e: Error) => (listenerOptions.onError ?? ((err: Error) => console.error(`smtp: ${err.message}`)))(new Error(`could not re-queue unprocessed mail at start: ${e.message}`)));
  return startSmtpListener({
    ...listenerOptions,
    commitTimeoutMs: listenerOptions.commitTimeoutMs ?? 8_000,
    commit: async (raw, envelope) => {
      if (databaseReady && !databaseReady()) throw new Error("the database is not reachable yet");
      const stored = await storeRaw(db, raw, envelope);
      return { id: stored.id };
    },
    afterCommit: (id) => queue.send(db, MAIL_PROCESS, { rawId: Number(id) }, { singletonKey: `raw-${id}` }),
  });
}

/** The SMTP part of `dossier start` / `dossier smtp`. */
export async function startSmtpPart(context: AppContext, options: { databaseReady?: () => boolean } = {}): Promise<SmtpListener> {
  const { config, db, queue } = context;
  return startInboundListener({
    db,
    queue,
    databaseReady: options.databaseReady,
    mailDomain: config.mailDomain,
    checkRecipient: (address) => recipientCode(config.secret, address),
    port: config.smtpPort,
    maxMessageSize: config.smtp.maxMessageSize,
    tls: config.smtp.tls,
    trustedRelays: config.smtp.trustedRelays,
  });
}
