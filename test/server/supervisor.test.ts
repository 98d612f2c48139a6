import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, groupAlive, processAlive, startDossier, waitUntil, type DossierProcess } from "../support/dossier-process";
import { useTestDatabase } from "../support/database";
import { timedSmtpTransaction } from "../support/smtp-client";

/**
 * `dossier start` as it runs in production: real processes, real sockets.
 * Start-up is slow on a loaded two-core machine (four processes load the
 * app through tsx), so the waits are generous; the one strict figure is
 * the SMTP answer time while the web app is busy.
 */
const STARTUP_MS = 240_000;
/** A restarted child loads the app again: slower than a request, quicker than the whole start. */
const RESTART_MS = 120_000;

const started: DossierProcess[] = [];
const dataDirs: string[] = [];

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dossier-supervisor-"));
  dataDirs.push(dir);
  return dir;
}

function start(args: string[], env: Record<string, string | undefined>): DossierProcess {
  const dossier = startDossier(args, { NODE_ENV: "test", MAIL_DOMAIN: "localhost", ...env });
  started.push(dossier);
  return dossier;
}

afterAll(async () => {
  // Whatever happened above, no process of ours outlives the file.
  for (const dossier of started) dossier.killGroup();
  await waitUntil(() => started.every((d) => !groupAlive(d.pid)), 10_000);
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** The children's pids, from the supervisor's start-up lines. */
function childPids(output: string): { web: number[]; smtp: number; workers: number[] } {
  const web = output.match(/Web app: .* \(listening on port \d+; \d+ process(?:es)?, pid ([\d, ]+)\)/)!;
  return {
    web: web[1].split(", ").map(Number),
    smtp: Number(output.match(/SMTP: accepting mail .* \(pid (\d+)\)/)![1]),
    workers: output.match(/Worker: running background jobs \(\d+ process(?:es)?, pid ([\d, ]+)\)/)![1].split(", ").map(Number),
  };
}

let messageCount = 0;
/** A unique message each time (identical bytes are stored once, as a redelivery). */
function sendMail(port: number) {
  messageCount += 1;
  return timedSmtpTransaction({ port, to: `nobody-${messageCount}-${Date.now()}@localhost` });
}

describe("dossier start", () => {
  const database = useTestDatabase();
  let dossier: DossierProcess;
  let webPort: number;
  let smtpPort: number;

  beforeAll(async () => {
    webPort = await freePort();
    smtpPort = await freePort();
    dossier = start(["start"], {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir(),
      PORT: String(webPort),
      SMTP_PORT: String(smtpPort),
      WEB_CONCURRENCY: "2",
      WORKER_CONCURRENCY: "2",
    });
    await dossier.waitFor(/Dossier is running/, STARTUP_MS);
  }, STARTUP_MS + 10_000);

  it("runs the web app and the worker on two processes each and the SMTP listener in its own process", async () => {
    const pids = childPids(dossier.output());
    expect(pids.web).toHaveLength(2);
    expect(pids.workers).toHaveLength(2);
    const all = [dossier.pid, ...pids.web, pids.smtp, ...pids.workers];
    expect(new Set(all).size).toBe(all.length);
    for (const pid of all) expect(processAlive(pid)).toBe(true);
    // Migrations and the rooms' start-up work ran once, in the supervisor.
    expect(dossier.output().match(/Loaded the bundled directory/g) ?? []).toHaveLength(1);
    const page = await fetch(`http://127.0.0.1:${webPort}/authorities`);
    expect(page.status).toBe(200);
  });

  it("answers an SMTP transaction in under a second while the web app is kept busy for several seconds", async () => {
    await sendMail(smtpPort); // warm: the listener's first database connection

    // A burst of real heavy pages (the statistics page renders every authority's figures) on every web process.
    const heavy = ["/stats", "/authorities", "/authorities?q=commune"];
    let stop = false;
    let served = 0;
    const burstStarted = performance.now();
    const burst = Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        for (let n = i; !stop; n++) {
          const page = heavy[n % heavy.length];
          const response = await fetch(`http://127.0.0.1:${webPort}${page}`);
          const body = await response.text();
          if (response.status !== 200) throw new Error(`${page} answered ${response.status}: ${body.slice(0, 500)}\n${dossier.output().slice(-3000)}`);
          served += 1;
        }
      }),
    );
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      const healthStarted = performance.now();
      await (await fetch(`http://127.0.0.1:${webPort}/healthz`)).arrayBuffer();
      const healthMs = performance.now() - healthStarted;

      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { ms, reply } = await sendMail(smtpPort);
        expect(reply).toMatch(/^250 /);
        times.push(ms);
      }
      // Several seconds of load in all, every SMTP answer inside it.
      while (performance.now() - burstStarted < 5_000) await new Promise((r) => setTimeout(r, 100));
      const burstMs = performance.now() - burstStarted;
      console.log(
        `SMTP transactions under a web burst: ${times.map((t) => `${Math.round(t)} ms`).join(", ")}; ` +
          `/healthz waited ${Math.round(healthMs)} ms; ${served} heavy pages in ${(burstMs / 1000).toFixed(1)} s so far`,
      );
      expect(Math.max(...times)).toBeLessThan(1_000);
    } finally {
      stop = true;
      await burst;
    }
    expect(performance.now() - burstStarted).toBeGreaterThan(5_000);
  }, 120_000);

  it("restarts a killed SMTP listener, worker or web process, which then serve again", async () => {
    const pids = childPids(dossier.output());
    let from = dossier.output().length;
    process.kill(pids.smtp, "SIGKILL");
    await dossier.waitFor(new RegExp(`smtp \\(pid ${pids.smtp}\\) was killed by SIGKILL; restarting in \\d+ s`), 30_000, from);
    const smtpAgain = await dossier.waitFor(/smtp \(pid (\d+)\) serves again/, RESTART_MS, from);
    expect(Number(smtpAgain[1])).not.toBe(pids.smtp);
    const { reply } = await sendMail(smtpPort);
    expect(reply).toMatch(/^250 2\.0\.0 Stored as (\d+)/);

    from = dossier.output().length;
    process.kill(pids.workers[0], "SIGKILL");
    await dossier.waitFor(/worker 1 \(pid (\d+)\) serves again/, RESTART_MS, from);
    // The new worker processes the mail that arrived around the crash.
    const rawId = Number(reply.match(/Stored as (\d+)/)![1]);
    expect(await processedWithin(rawId, 60_000)).toBe(true);

    from = dossier.output().length;
    process.kill(pids.web[0], "SIGKILL");
    await dossier.waitFor(/web 1 \(pid (\d+)\) serves again/, RESTART_MS, from);
    expect((await fetch(`http://127.0.0.1:${webPort}/`)).status).toBe(200);
  }, 4 * RESTART_MS);

  async function processedWithin(rawId: number, timeoutMs: number): Promise<boolean> {
    for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
      const row = await database.db.selectFrom("raw_messages").select("processed_at").where("id", "=", rawId).executeTakeFirst();
      if (row?.processed_at) return true;
    }
    return false;
  }

  it("stops every child on SIGTERM, leaves no process behind and exits 0", async () => {
    const pids = childPids(dossier.output());
    const restarted = [...dossier.output().matchAll(/\(pid (\d+)\) serves again/g)].map((m) => Number(m[1]));
    process.kill(dossier.pid, "SIGTERM");
    const { code } = await dossier.exited;
    expect(dossier.output()).toContain("SIGTERM: stopping…");
    expect(dossier.output()).toContain("Stopped.");
    expect(code).toBe(0);
    expect(await waitUntil(() => !groupAlive(dossier.pid), 10_000)).toBe(true);
    for (const pid of [...pids.web, pids.smtp, ...pids.workers, ...restarted]) expect(processAlive(pid)).toBe(false);
  });
});

describe("dossier start on the embedded PostgreSQL server", () => {
  it("migrates once, serves, and on SIGTERM stops the children and then PostgreSQL, exiting 0", async () => {
    const dossier = start(["start"], {
      DATABASE_URL: undefined,
      DATA_DIR: dataDir(),
      PORT: String(await freePort()),
      SMTP_PORT: String(await freePort()),
      WEB_CONCURRENCY: "1",
      WORKER_CONCURRENCY: "1",
    });
    await dossier.waitFor(/Dossier is running/, STARTUP_MS);
    const smtpPort = Number(dossier.output().match(/SMTP: accepting mail .* on port (\d+)/)![1]);
    expect((await sendMail(smtpPort)).reply).toMatch(/^250 /);

    process.kill(dossier.pid, "SIGTERM");
    const { code } = await dossier.exited;
    expect(code).toBe(0);
    // PostgreSQL runs in the supervisor's process group: nothing of it is left either.
    expect(await waitUntil(() => !groupAlive(dossier.pid), 10_000)).toBe(true);
  }, STARTUP_MS + 60_000);
});

describe("dossier start that cannot start", () => {
  const database = useTestDatabase();

  it("stops everything and exits non-zero, naming the part and the reason, when a port is taken", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const smtpPort = (taken.address() as net.AddressInfo).port;
    try {
      const dossier = start(["start"], {
        DATABASE_URL: database.url,
        DATA_DIR: dataDir(),
        PORT: String(await freePort()),
        SMTP_PORT: String(smtpPort),
        WEB_CONCURRENCY: "1",
      });
      const { code } = await Promise.race([
        dossier.exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running:\n${dossier.output()}`)), STARTUP_MS)),
      ]);
      expect(code).toBe(1);
      expect(dossier.output()).toMatch(/dossier: the SMTP listener could not start: .*EADDRINUSE.*\. Stopping everything\./);
      expect(dossier.output()).not.toContain("restarting");
      expect(await waitUntil(() => !groupAlive(dossier.pid), 10_000)).toBe(true);
    } finally {
      taken.close();
    }
  }, STARTUP_MS + 10_000);

  it("stops on a bad configuration with the variable's message", async () => {
    const dossier = start(["start"], { DATA_DIR: dataDir(), WEB_CONCURRENCY: "0" });
    const { code } = await dossier.exited;
    expect(code).toBe(78);
    expect(dossier.output()).toContain("WEB_CONCURRENCY must be at least 1");
  });
});
