import type { Runtime } from "../server/runtime";
import { storeRaw } from "./ingest";
import { MAIL_PROCESS } from "./jobs";
import { startSmtpListener, type SmtpListener } from "./smtp-server";

/**
 * The SMTP part of `dossier start` / `dossier smtp`: the listener whose
 * commit step stores the raw message and queues its processing in one
 * transaction, so a 250 always means "stored and queued".
 */
export async function startSmtpPart(runtime: Runtime): Promise<SmtpListener> {
  const { config, database, queue } = runtime;
  return startSmtpListener({
    mailDomain: config.mailDomain,
    port: config.smtpPort,
    maxMessageSize: config.smtp.maxMessageSize,
    tls: config.smtp.tls,
    commit: async (raw, envelope) => {
      const stored = await storeRaw(database.db, raw, envelope, (trx, rawId) => queue.send(trx, MAIL_PROCESS, { rawId }));
      return { id: stored.id };
    },
  });
}
