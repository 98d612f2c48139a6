/**
 * Child process for the SIGKILL durability test: the production SMTP commit
 * path (raw row + processing job in one transaction) against the test
 * database, printing "READY <port>" once listening.
 */
import { createDb } from "../../db/connect";
import { jobDefinitions } from "../../server/jobs";
import { JobQueue } from "../../server/queue";
import { storeRaw } from "../../mail/ingest";
import { MAIL_PROCESS } from "../../mail/jobs";
import { startSmtpListener } from "../../mail/smtp-server";

const url = process.env.CHILD_DATABASE_URL!;
const { db } = createDb(url, 10);
const queue = new JobQueue(url, jobDefinitions, "client");
await queue.start();
const listener = await startSmtpListener({
  mailDomain: process.env.CHILD_MAIL_DOMAIN!,
  port: 0,
  host: "127.0.0.1",
  maxMessagesPerMinutePerIp: 1_000_000,
  commit: async (raw, envelope) => ({ id: (await storeRaw(db, raw, envelope, (trx, rawId) => queue.send(trx, MAIL_PROCESS, { rawId }))).id }),
  onError: () => {},
});
process.stdout.write(`READY ${listener.port}\n`);
