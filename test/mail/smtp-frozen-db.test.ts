import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb } from "../../db/connect";
import { freePort } from "../../db/embedded";
import { LISTENER_DB_TIMEOUTS, startInboundListener, startSmtpPart } from "../../mail/smtp-part";
import type { SmtpListener } from "../../mail/smtp-server";
import type { ProcessContext as Runtime } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { startDossier } from "../support/dossier-process";
import { allowConsoleError } from "../support/fail-on-console-error";
import { withDatabase } from "../support/global-setup";

const database = useTestDatabase();
const SECRET = "frozen-secret-frozen-secret-frozen-secret";
const DOMAIN = "dossier.test";

async function send(port: number): Promise<{ code: number; ms: number }> {
  const started = Date.now();
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, socketTimeout: 120_000 });
  try {
    const info = await transport.sendMail({ from: "agent@commune-test.be", to: `request-1-abcdef12@${DOMAIN}`, subject: "Réponse", text: `Bonjour ${randomBytes(4).toString("hex")}` });
    return { code: Number(info.response.slice(0, 3)), ms: Date.now() - started };
  } catch (error) {
    return { code: (error as { responseCode?: number }).responseCode ?? -1, ms: Date.now() - started };
  } finally {
    transport.close();
  }
}

describe("SMTP listener with a frozen database", () => {
  let runtime: Runtime;
  let timed: ReturnType<typeof createDb>;
  let smtp: SmtpListener;
  beforeAll(async () => {
    runtime = testRuntime(database, { MAIL_DOMAIN: DOMAIN, SECRET });
    await runtime.queue.start();
    // As `dossier smtp` opens it: every statement bounded (db/connect.ts, mail/smtp-part.ts).
    timed = createDb(database.url, 4, LISTENER_DB_TIMEOUTS);
    smtp = await startSmtpPart({ ...runtime, db: timed.db });
  });
  afterAll(async () => {
    await smtp?.close();
    await timed?.db.destroy();
    await runtime?.close();
  });

  it("answers 451 within seconds while another session holds a lock on raw_messages, and 250 once it is released", async () => {
    allowConsoleError(); // the listener logs the failed commit
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("lock table raw_messages in access exclusive mode");
      const frozen = await send(smtp.port);
      expect(frozen.code).toBe(451);
      expect(frozen.ms).toBeLessThan(15_000);
      await holder.query("rollback");
      const after = await send(smtp.port);
      expect(after.code).toBe(250);
    } finally {
      await holder.end();
    }
  }, 60_000);

  it("answers 451 within seconds when the database server accepts connections but never answers", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const hung = createDb(`postgres://dossier:x@127.0.0.1:${port}/dossier`, 2, LISTENER_DB_TIMEOUTS);
    const errors: string[] = [];
    const listener = await startInboundListener({ db: hung.db, queue: runtime.queue, mailDomain: DOMAIN, port: 0, host: "127.0.0.1", onError: (e) => errors.push(e.message) });
    try {
      const results = await Promise.all([send(listener.port), send(listener.port), send(listener.port)]);
      for (const r of results) {
        expect(r.code).toBe(451);
        expect(r.ms).toBeLessThan(15_000);
      }
      expect(errors.some((e) => /could not store a message/.test(e))).toBe(true);
    } finally {
      await listener.close();
      for (const s of sockets) s.destroy();
      silent.close();
      await hung.db.destroy().catch(() => {});
    }
  }, 60_000);
});

describe("dossier smtp started while its database is down", () => {
  const adminUrl = inject("databaseAdminUrl");
  const name = `t_down_${randomBytes(5).toString("hex")}`;
  beforeAll(async () => {
    // An empty database: `dossier smtp` must migrate it once it can reach it.
    const admin = createDb(adminUrl, 1).db;
    await sql`create database ${sql.id(name)}`.execute(admin);
    await admin.destroy();
  });
  afterAll(async () => {
    const admin = createDb(adminUrl, 1).db;
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
  });

  it("listens and answers 451, then migrates and accepts mail once the database comes up", async () => {
    const real = new URL(adminUrl);
    // The database "server" is a forwarder that is not listening yet: connections are refused, as with a stopped server.
    const dbPort = await freePort();
    const url = new URL(withDatabase(adminUrl, name));
    url.hostname = "127.0.0.1";
    url.port = String(dbPort);
    const smtpPort = await freePort();
    const dossier = startDossier(["smtp"], { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dossier-down-")), DATABASE_URL: url.toString(), SECRET, MAIL_DOMAIN: DOMAIN, SMTP_PORT: String(smtpPort), NODE_ENV: "test" });
    const forwarded: net.Socket[] = [];
    const forwarder = net.createServer((client) => {
      const upstream = net.connect(Number(real.port), real.hostname);
      forwarded.push(client, upstream);
      client.pipe(upstream).pipe(client);
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
    });
    try {
      await dossier.waitFor(/SMTP: accepting mail for @dossier\.test on port \d+/, 90_000);
      await dossier.waitFor(/database not reachable/, 30_000);
      const down = await send(smtpPort);
      expect(down.code).toBe(451);
      expect(down.ms).toBeLessThan(10_000);

      await new Promise<void>((resolve) => forwarder.listen(dbPort, "127.0.0.1", resolve));
      await dossier.waitFor(/SMTP: database reachable; accepting mail/, 150_000);
      const up = await send(smtpPort);
      expect(up.code).toBe(250);
      const check = createDb(withDatabase(adminUrl, name), 1).db;
      try {
        const { n } = (await sql<{ n: number }>`select count(*)::int as n from raw_messages`.execute(check)).rows[0];
        expect(n).toBe(1);
      } finally {
        await check.destroy();
      }
      dossier.process.kill("SIGTERM");
      const exited = await Promise.race([dossier.exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
      expect(exited).not.toBeNull();
    } finally {
      dossier.killGroup();
      for (const s of forwarded) s.destroy();
      forwarder.close();
    }
  }, 300_000);
});
