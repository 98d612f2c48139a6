import { recipientCode } from "./reply-address";
import type { Db } from "../db/connect";
import type { AppContext } from "../core/context";
import type { JobQueue } from "../core/jobs";
import { storeRaw } from "./ingest";
import { requeueUnprocessed } from "./recovery";
import { MAIL_PROCESS } from "./job-names";
import { startSmtpListener, type SmtpListener, type SmtpListenerOptions } from "./smtp-server";

type InboundOptions = Omit<SmtpListenerOptions, "commit" | "afterCommit"> & { db: Db; queue: Pick<JobQueue, "send"> };

/**
 * The production inbound listener: 250 once the raw message is committed (one
 * INSERT, one WAL flush), then its processing job is queued. A crash between
 * the two leaves a committed, unprocessed row: the listener re-queues those
 * when it starts, and the worker's minute sweep does the same while running.
 */
export async function startInboundListener(options: InboundOptions): Promise<SmtpListener> {
  const { db, queue, ...listenerOptions } = options;
  // Best effort: a database that is down now will be retried by the sweep; the listener still starts and answers 451.
  await requeueUnprocessed(db, queue, 0).catch((e: Error) => (listenerOptions.onError ?? ((err: Error) => console.error(`smtp: ${err.message}`)))(new Error(`could not re-queue unprocessed mail at start: ${e.message}`)));
  return startSmtpListener({
    ...listenerOptions,
    commit: async (raw, envelope) => {
      const stored = await storeRaw(db, raw, envelope);
      return { id: stored.id };
    },
    afterCommit: (id) => queue.send(db, MAIL_PROCESS, { rawId: Number(id) }, { singletonKey: `raw-${id}` }),
  });
}

/** The SMTP part of `dossier start` / `dossier smtp`. */
export async function startSmtpPart(context: AppContext): Promise<SmtpListener> {
  const { config, db, queue } = context;
  return startInboundListener({
    db,
    queue,
    mailDomain: config.mailDomain,
    checkRecipient: (address) => recipientCode(config.secret, address),
    port: config.smtpPort,
    maxMessageSize: config.smtp.maxMessageSize,
    tls: config.smtp.tls,
    trustedRelays: config.smtp.trustedRelays,
  });
}
