/**
 * Inbound mail throughput, two modes.
 *
 * Deployed (the default; bench/support/ingest-deployed.ts): bursts of
 * replies to existing requests sent over real SMTP to `dossier start` as
 * deployed (its own DATA_DIR, embedded PostgreSQL, supervised web, SMTP and
 * worker processes), with and without small attachments: acceptance while
 * processing runs, time until every reply is on its request and until every
 * reply is searchable, processing ÷ acceptance; the fsync-only smtp-server
 * below is the reference measured in the same run.
 *
 *   npx tsx bench/ingest.ts [--burst 500] [--requests 50] [--connections 8] [--cpu-prof DIR]
 *
 * --cpu-prof DIR runs every Dossier process (supervisor, web, SMTP,
 * workers) under `node --cpu-prof`; the profiles are written to DIR when
 * they stop (bench/support/profile-summary.ts summarises them).
 *
 * Listener (`--mode listener`): the real SMTP listener with durable commit (raw
 * bytes committed in PostgreSQL with fsync on before the 250) next to a
 * plain smtp-server that only writes each message to a file and fsyncs it,
 * in the same run, on the same machine. Then the time from 250 to "visible
 * on the request" for a message carrying a 1 MB PDF.
 *
 *   npx tsx bench/ingest.ts --mode listener [--messages 2000] [--connections 8]
 *
 * Prints figures; never part of `npm test`.
 */
import { constants } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { sql } from "kysely";
import { createDb } from "../db/connect";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateToLatest } from "../db/migrate";
import { PgBossQueue } from "../server/queue";
import { allJobs } from "../server/rooms";
import { loadConfig } from "../core/config";
import { contextFrom } from "../server/context";
import { replyAddressFor } from "../mail/reply-address";
import { startInboundListener } from "../mail/smtp-part";
import { makePdf } from "../test/mail/documents";
import { deployedMode } from "./support/ingest-deployed";

const { values: args } = parseArgs({
  options: {
    mode: { type: "string", default: "deployed" },
    messages: { type: "string", default: "2000" },
    connections: { type: "string", default: "8" },
    rounds: { type: "string", default: "3" },
    burst: { type: "string", default: "500" },
    requests: { type: "string", default: "50" },
    "cpu-prof": { type: "string" },
  },
});
const MESSAGES = Number(args.messages);
const CONNECTIONS = Number(args.connections);
const ROUNDS = Number(args.rounds);
const DOMAIN = "bench.dossier.test";
const SECRET = "bench-secret-bench-secret-bench-secret";

async function fsyncOnlyServer(dir: string) {
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        try {
          const fh = await open(path.join(dir, `${++n}.eml`), constants.O_CREAT | constants.O_WRONLY | constants.O_TRUNC);
          await fh.writeFile(Buffer.concat(chunks));
          await fh.sync();
          await fh.close();
          callback(null, "stored");
        } catch (e) {
          callback(e as Error);
        }
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { port: (server.server.address() as { port: number }).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function blast(port: number, to: string, attachment: Buffer, count: number, label: string): Promise<number> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity });
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail({
        from: "agent@commune.example.be",
        to,
        subject: `${label} ${i} ${Math.random()}`,
        text: "Veuillez trouver ci-joint le document demandé.\n".repeat(20),
        attachments: [{ filename: "document.pdf", content: attachment, contentType: "application/pdf" }],
      });
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  transport.close();
  return count / seconds;
}

async function listenerMode() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "dossier-bench-"));
  const pg = await startEmbeddedPostgres({ dir: path.join(tmp, "postgres") }); // fsync on: durable commits
  const { db } = createDb(pg.url, 20);
  await migrateToLatest(db);
  const queue = new PgBossQueue(pg.url, allJobs(), "worker");
  await queue.start();
  const context = contextFrom({ config: loadConfig({ SECRET, DATA_DIR: tmp, MAIL_DOMAIN: DOMAIN, PUBLIC_URL: "http://localhost:3000" }), db, queue });

  const authority = await db.insertInto("authorities").values({ slug: "commune-bench", name_fr: "Commune de Bench", kind: "commune", level: "local", regime: "wallonia", languages: ["fr"], email: "info@commune.example.be" }).returning("id").executeTakeFirstOrThrow();
  const user = await db.insertInto("users").values({ email: "citoyen@example.be", display_name: "Citoyen" }).returning("id").executeTakeFirstOrThrow();
  const request = await db.insertInto("requests").values({ authority_id: authority.id, user_id: user.id, title: "Budget voirie", body: "…", language: "fr", public_slug: "budget-voirie", state: "awaiting_response" }).returning("id").executeTakeFirstOrThrow();
  const to = replyAddressFor(SECRET, request.id, DOMAIN);

  const listener = await startInboundListener({
    db,
    queue,
    mailDomain: DOMAIN,
    port: 0,
    host: "127.0.0.1",
    maxConnectionsPerIp: 1000,
    maxMessagesPerMinutePerIp: 1_000_000,
  });
  const baseline = await fsyncOnlyServer(await mkdtemp(path.join(tmp, "fsync-")));

  // ~18 KB PDF → ~25 KB message once base64-encoded with its text part.
  const pdf = await makePdf(["Réponse de la commune.", "x".repeat(200)], 14_000);
  const sample = pdf.length;
  const warm = Math.min(200, MESSAGES / 10);
  await blast(baseline.port, to, pdf, warm, "warm");
  await blast(listener.port, to, pdf, warm, "warm");

  // Alternate the two servers over several rounds: on a shared machine the
  // disk and CPU vary from second to second, so compare medians.
  const fsyncRates: number[] = [];
  const dossierRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    fsyncRates.push(await blast(baseline.port, to, pdf, MESSAGES, `fsync-${round}`));
    dossierRates.push(await blast(listener.port, to, pdf, MESSAGES, `dossier-${round}`));
  }

  // Processing (parse, route, store, extract) while and after the burst.
  await queue.work(context);
  const drainStart = Date.now();
  const total = MESSAGES * ROUNDS + warm;
  for (;;) {
    const { n } = await db.selectFrom("raw_messages").select(sql<number>`count(*) filter (where processed_at is not null)`.as("n")).executeTakeFirstOrThrow();
    if (Number(n) >= total) break;
    if (Date.now() - drainStart > 600_000) throw new Error("processing did not finish in 10 minutes");
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainSeconds = (Date.now() - drainStart) / 1000;
  for (;;) {
    const { n } = await db.selectFrom("attachments").select(sql<number>`count(*) filter (where extraction_status = 'pending')`.as("n")).executeTakeFirstOrThrow();
    if (Number(n) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const extractSeconds = (Date.now() - drainStart) / 1000;

  // 250 → visible on the request page, for a message with a 1 MB PDF.
  const bigPdf = await makePdf(["Décision du collège communal"], 1_550_000);
  const latencies: Array<{ visible: number; text: number }> = [];
  for (let i = 0; i < 5; i++) {
    const subject = `latency ${i} ${Math.random()}`;
    const t = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
    await t.sendMail({ from: "agent@commune.example.be", to, subject, text: "Décision en pièce jointe.", attachments: [{ filename: "decision.pdf", content: bigPdf }] });
    const accepted = Date.now();
    let visible = 0;
    for (;;) {
      const row = await db
        .selectFrom("messages")
        .leftJoin("attachments", "attachments.message_id", "messages.id")
        .select(["messages.id", "attachments.extraction_status"])
        .where("messages.subject", "=", subject)
        .where("messages.request_id", "=", request.id)
        .executeTakeFirst();
      if (row && !visible) visible = Date.now() - accepted;
      if (row && row.extraction_status !== "pending") break;
      await new Promise((r) => setTimeout(r, 10));
    }
    latencies.push({ visible, text: Date.now() - accepted });
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fsyncMedian = median(fsyncRates);
  const dossierMedian = median(dossierRates);
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`messages per run: ${MESSAGES} × ${ROUNDS} rounds, connections: ${CONNECTIONS}, message size ≈ ${Math.round((sample * 4) / 3 / 1024 + 4)} KB (one PDF of ${Math.round(sample / 1024)} KB)`);
  console.log(`fsync-only smtp-server:     median ${fsyncMedian.toFixed(0)} msg/s  (rounds: ${fsyncRates.map((r) => r.toFixed(0)).join(", ")})`);
  console.log(`dossier listener (durable): median ${dossierMedian.toFixed(0)} msg/s  (rounds: ${dossierRates.map((r) => r.toFixed(0)).join(", ")})`);
  console.log(`ratio dossier / fsync-only: ${(dossierMedian / fsyncMedian).toFixed(2)} (medians; per round: ${dossierRates.map((d, i) => (d / fsyncRates[i]).toFixed(2)).join(", ")})`);
  console.log(`processing backlog of ${total}: parsed+routed+stored in ${drainSeconds.toFixed(1)} s (${(total / drainSeconds).toFixed(0)} msg/s), text extracted by ${extractSeconds.toFixed(1)} s (${(total / extractSeconds).toFixed(0)} msg/s)`);
  console.log(`1 MB PDF (${(bigPdf.length / 1e6).toFixed(2)} MB): 250 → visible on the request: median ${median(latencies.map((l) => l.visible))} ms; 250 → text extracted: median ${median(latencies.map((l) => l.text))} ms  (runs: ${latencies.map((l) => `${l.visible}/${l.text}`).join(", ")})`);

  await listener.close();
  await baseline.close();
  await queue.stop();
  await db.destroy();
  await pg.stop();
  await rm(tmp, { recursive: true, force: true });
}

(args.mode === "listener" ? listenerMode() : args.mode === "deployed" ? deployedMode({ burst: Number(args.burst), requests: Number(args.requests), connections: CONNECTIONS, fsyncOnlyServer, cpuProfileDir: args["cpu-prof"] }) : Promise.reject(new Error(`--mode is deployed or listener, not ${args.mode}`))).then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
