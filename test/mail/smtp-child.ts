/**
 * Child process for the SIGKILL durability test: the production inbound
 * listener (commit, then queue; re-queue orphans at start) against the test
 * database, printing "READY <port>" once listening.
 */
import { createDb } from "../../db/connect";
import { allJobs } from "../../server/rooms";
import { PgBossQueue } from "../../server/queue";
import { startInboundListener } from "../../mail/smtp-part";

const url = process.env.CHILD_DATABASE_URL!;
const { db } = createDb(url, 10);
const queue = new PgBossQueue(url, allJobs(), "client");
await queue.start();
const listener = await startInboundListener({
  db,
  queue,
  mailDomain: process.env.CHILD_MAIL_DOMAIN!,
  port: 0,
  host: "127.0.0.1",
  maxMessagesPerMinutePerIp: 1_000_000,
  onError: () => {},
});
process.stdout.write(`READY ${listener.port}\n`);
