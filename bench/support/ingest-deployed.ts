import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { sql } from "kysely";
import { createDb, type Db } from "../../db/connect";
import { freePort, startEmbeddedPostgres } from "../../db/embedded";
import { replyAddressFor } from "../../mail/reply-address";
import { makePdf } from "../../test/mail/documents";
import { startDossier, type DossierProcess } from "../../test/support/dossier-process";

/**
 * bench/ingest.ts's deployed mode: `dossier start` in its own process group
 * with its own DATA_DIR (embedded PostgreSQL, fsync on), the bench as the
 * MX in front of it (SMTP_TRUSTED_RELAYS, as the README deploys it), bursts
 * of replies to existing requests over real SMTP while the worker
 * processes run. The bench reads the database (as a guest of the embedded
 * server) only to seed requests and to watch progress.
 */
const DOMAIN = "bench.dossier.test";
const SECRET = "bench-deployed-secret-bench-deployed-secret";
const STARTUP_MS = 900_000;
const DRAIN_LIMIT_MS = 900_000;

type Reference = (dir: string) => Promise<{ port: number; close: () => Promise<void> }>;

export async function deployedMode(options: { burst: number; requests: number; connections: number; fsyncOnlyServer: Reference; cpuProfileDir?: string }): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "dossier-bench-deployed-"));
  const [port, smtpPort] = [await freePort(), await freePort()];
  const dossier = startDossier(["start"], {
    NODE_ENV: "production",
    DATA_DIR: tmp,
    DATABASE_URL: undefined,
    PORT: String(port),
    SMTP_PORT: String(smtpPort),
    MAIL_DOMAIN: DOMAIN,
    SECRET,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_TRUSTED_RELAYS: "127.0.0.1",
  }, options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(options.cpuProfileDir)}`] : []);
  let db: Db | undefined;
  try {
    await dossier.waitFor(/Dossier is running/, STARTUP_MS);
    const pg = await startEmbeddedPostgres({ dir: path.join(tmp, "postgres"), signals: "caller" });
    db = createDb(pg.url, 4).db;
    const requestIds = await seedRequests(db, options.requests);
    const reference = await options.fsyncOnlyServer(await mkdtemp(path.join(tmp, "fsync-")));
    const pdf = await makePdf(["Réponse de la commune.", "x".repeat(200)], 14_000);

    // Warm-up: every process has loaded its code paths once.
    await runBurst(db, dossier, { port: smtpPort, requestIds, count: 20, connections: options.connections, label: "warm", attachment: null });

    const results: BurstResult[] = [];
    for (const attachment of [null, pdf]) {
      const referenceRate = await sendBurst(reference.port, requestIds, options.burst, options.connections, `reference-${attachment ? "pdf" : "text"}`, attachment);
      const result = await runBurst(db, dossier, { port: smtpPort, requestIds, count: options.burst, connections: options.connections, label: attachment ? "pdf" : "text", attachment });
      results.push({ ...result, referenceRate });
    }
    const searchCheck = await searchFinds(port, results[0].lastToken);
    await reference.close();

    console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    console.log(`dossier start (NODE_ENV=production, embedded PostgreSQL, ${dossierProcesses(dossier.output())}); bursts of ${options.burst} replies to ${options.requests} existing requests over ${options.connections} SMTP connections from a trusted relay`);
    for (const r of results) printBurst(r, options.burst);
    console.log(`search API finds the last text reply by its token: ${searchCheck ? "yes" : "NO"}`);
  } finally {
    await db?.destroy();
    await stopDossier(dossier);
    await rm(tmp, { recursive: true, force: true });
  }
}

type BurstResult = {
  label: string;
  acceptSeconds: number;
  threadedSeconds: number;
  searchableSeconds: number;
  extractedSeconds: number | null;
  lastToken: string;
  referenceRate?: number;
};

function printBurst(r: BurstResult, count: number): void {
  const acceptance = count / r.acceptSeconds;
  const processing = count / r.threadedSeconds;
  const goal = (ok: boolean) => (ok ? "goal met" : "goal NOT met");
  console.log(`\n${r.label === "pdf" ? "replies with an 18 KB PDF" : "text replies"}:`);
  console.log(`  acceptance while processing runs: ${acceptance.toFixed(1)} msg/s (${r.acceptSeconds.toFixed(1)} s for ${count})`);
  if (r.referenceRate) console.log(`  reference, fsync-only smtp-server in the same run: ${r.referenceRate.toFixed(1)} msg/s; dossier / reference ${(acceptance / r.referenceRate).toFixed(2)}`);
  console.log(`  every reply on its request: ${r.threadedSeconds.toFixed(1)} s after the first was sent → processing ${processing.toFixed(1)} msg/s`);
  console.log(`  processing ÷ acceptance: ${(processing / acceptance).toFixed(2)} (${goal(processing / acceptance >= 0.5)}: ≥ 0.5)`);
  console.log(`  every reply searchable: ${r.searchableSeconds.toFixed(1)} s after the first was sent (${goal(r.searchableSeconds <= 60)}: ≤ 60 s)`);
  if (r.extractedSeconds !== null) console.log(`  every attachment's text extracted: ${r.extractedSeconds.toFixed(1)} s after the first was sent`);
}

/** Users and public requests awaiting a response, to authorities of the bundled directory. */
async function seedRequests(db: Db, count: number): Promise<number[]> {
  const authorities = await db.selectFrom("authorities").select("id").where("email", "is not", null).orderBy("id").limit(count).execute();
  if (authorities.length < count) throw new Error(`the directory has only ${authorities.length} authorities with an address`);
  const users = await db
    .insertInto("users")
    .values(Array.from({ length: 10 }, (_, i) => ({ email: `bench-ingest-${i}@example.org`, display_name: `Citoyen ${i}`, locale: "fr", confirmed_at: new Date() })))
    .returning("id")
    .execute();
  const sent = new Date(Date.now() - 86_400_000);
  const rows = await db
    .insertInto("requests")
    .values(
      authorities.map((a, i) => ({
        authority_id: a.id,
        user_id: users[i % users.length].id,
        title: `Budget de la voirie ${i}`,
        body: "Je demande le budget de la voirie et le compte de l'exercice.",
        language: "fr",
        state: "awaiting_response",
        public_slug: `bench-ingest-${i}`,
        sent_at: sent,
        received_date: sent.toISOString().slice(0, 10),
        due_date: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

async function sendBurst(port: number, requestIds: number[], count: number, connections: number, label: string, attachment: Buffer | null): Promise<number> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true, maxConnections: connections, maxMessages: Infinity });
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail({
        from: "Service Finances <finances@commune.example.be>",
        to: replyAddressFor(SECRET, requestIds[i % requestIds.length], DOMAIN),
        subject: `Re: votre demande (${label} ${i})`,
        text: `Madame, Monsieur,\n\nEn réponse à votre demande, voici notre décision. Référence ${tokenOf(label, i)}.\n\n${"Le collège communal a examiné votre demande et vous transmet le document demandé.\n".repeat(10)}\nService Finances`,
        attachments: attachment ? [{ filename: `budget-${i}.pdf`, content: attachment, contentType: "application/pdf" }] : [],
      });
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  transport.close();
  return count / seconds;
}

/** A word found in exactly one reply of one burst (letters only: the search tokenizer keeps it whole). */
function tokenOf(label: string, i: number): string {
  const letters = (n: number) => n.toString(26).split("").map((c) => String.fromCharCode(97 + parseInt(c, 26))).join("");
  return `zq${label.replace(/[^a-z]/g, "")}${letters(i)}x`;
}

/** Sends a burst while processing runs and waits until every reply is on its request and in the search index. */
async function runBurst(
  db: Db,
  dossier: DossierProcess,
  burst: { port: number; requestIds: number[]; count: number; connections: number; label: string; attachment: Buffer | null },
): Promise<BurstResult> {
  const started = Date.now();
  const pattern = `Re: votre demande (${burst.label} %`;
  let acceptSeconds = 0;
  const sending = sendBurst(burst.port, burst.requestIds, burst.count, burst.connections, burst.label, burst.attachment).then(() => {
    acceptSeconds = (Date.now() - started) / 1000;
  });
  let failure: unknown;
  sending.catch((error) => (failure = error));
  let threadedSeconds = 0;
  let searchableSeconds = 0;
  let extractedSeconds: number | null = burst.attachment ? 0 : null;
  while (!threadedSeconds || !searchableSeconds || extractedSeconds === 0) {
    if (failure) throw failure;
    if (Date.now() - started > DRAIN_LIMIT_MS) throw new Error(`burst ${burst.label}: not done after ${DRAIN_LIMIT_MS / 1000} s\n${dossier.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
    const row = await sql<{ threaded: string; searchable: string; pending: string }>`
      select
        (select count(*) from messages m where m.subject like ${pattern} and m.request_id = any(${burst.requestIds})) as threaded,
        (select count(distinct s.message_id) from search_documents s join messages m on m.id = s.message_id where m.subject like ${pattern} and s.id = 'message-' || m.id) as searchable,
        (select count(*) from attachments a join messages m on m.id = a.message_id where m.subject like ${pattern} and a.extraction_status = 'pending') as pending`.execute(db);
    const { threaded, searchable, pending } = row.rows[0];
    const now = (Date.now() - started) / 1000;
    if (!threadedSeconds && Number(threaded) >= burst.count) threadedSeconds = now;
    if (!searchableSeconds && Number(searchable) >= burst.count) searchableSeconds = now;
    if (extractedSeconds === 0 && Number(threaded) >= burst.count && Number(pending) === 0) extractedSeconds = now;
  }
  await sending;
  return { label: burst.label, acceptSeconds, threadedSeconds, searchableSeconds, extractedSeconds, lastToken: tokenOf(burst.label, burst.count - 1) };
}

async function searchFinds(port: number, token: string): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/search?q=${token}`);
  if (!response.ok) return false;
  const body = (await response.json()) as { total: number };
  return body.total > 0;
}

function dossierProcesses(output: string): string {
  const web = output.match(/Web app: .*?(\d+) process/)?.[1] ?? "?";
  const workers = output.match(/Worker: running background jobs \((\d+) process/)?.[1] ?? "?";
  return `${web} web, 1 SMTP, ${workers} worker process(es)`;
}

async function stopDossier(dossier: DossierProcess): Promise<void> {
  dossier.process.kill("SIGTERM");
  const timeout = new Promise((r) => setTimeout(r, 40_000, "timeout"));
  if ((await Promise.race([dossier.exited, timeout])) === "timeout") dossier.killGroup();
}
