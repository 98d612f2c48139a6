import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { requeueUnprocessed } from "../../mail/recovery";
import { replyAddressFor } from "../../mail/reply-address";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { createRequestFixture } from "./factories";

const database = useTestDatabase();
const SECRET = "durable-secret-durable-secret-durable-secret";
const DOMAIN = "dossier.test";
const CHILD = fileURLToPath(new URL("./smtp-child.ts", import.meta.url));

async function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, CHILD_DATABASE_URL: database.url, CHILD_MAIL_DOMAIN: DOMAIN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (c) => (err += c));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (c) => {
      out += c;
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`SMTP child exited with ${code}: ${err}`)));
  });
  return { child, port };
}

function rawMessage(to: string, token: string): Buffer {
  return Buffer.from(
    [`From: agent@commune-test.be`, `To: ${to}`, `Subject: burst ${token}`, `Message-ID: <${token}@commune-test.be>`, `Date: Tue, 03 Mar 2026 10:00:00 +0100`, "", `Body of ${token}.`, ""].join("\r\n"),
  );
}

describe("durability: SIGKILL in the middle of a burst", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  });

  it("every message that got a 250 is stored exactly once and processed after a restart", async () => {
    const { request } = await createRequestFixture(database.db);
    const to = replyAddressFor(SECRET, request.id, DOMAIN);
    const TOTAL = 240;
    const tokens = Array.from({ length: TOTAL }, (_, i) => `m${i}-${Math.random().toString(36).slice(2, 8)}`);
    const accepted = new Set<string>();
    const failed = new Set<string>();

    const first = await startChild();
    children.push(first.child);
    let killed = false;
    let next = 0;
    const sender = async (port: number, queue: string[], onAccepted: () => void) => {
      while (queue.length > 0) {
        const token = queue.shift()!;
        const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 5000 });
        try {
          const info = await transport.sendMail({ envelope: { from: "agent@commune-test.be", to: [to] }, raw: rawMessage(to, token) });
          if (/^250 /.test(info.response)) {
            accepted.add(token);
            failed.delete(token);
            onAccepted();
          }
        } catch {
          if (!accepted.has(token)) failed.add(token);
        } finally {
          transport.close();
        }
      }
    };
    // Four concurrent clients; kill -9 the server once 80 messages were acknowledged.
    const pending = [...tokens];
    await Promise.all(
      Array.from({ length: 4 }, () =>
        sender(first.port, pending, () => {
          if (!killed && accepted.size >= 80) {
            killed = true;
            first.child.kill("SIGKILL");
          }
        }),
      ),
    );
    if (first.child.exitCode === null && first.child.signalCode === null) await once(first.child, "exit");
    expect(killed).toBe(true);
    const acceptedBeforeKill = new Set(accepted);
    expect(acceptedBeforeKill.size).toBeGreaterThanOrEqual(80);
    expect(failed.size).toBeGreaterThan(0);

    // Restart; the sending MTAs retry what was not acknowledged (identical bytes).
    const second = await startChild();
    children.push(second.child);
    const retry = [...failed];
    await Promise.all(Array.from({ length: 4 }, () => sender(second.port, retry, () => {})));
    second.child.kill("SIGKILL");
    expect(accepted.size).toBe(TOTAL);

    // Every 250 is stored exactly once…
    const rows = await database.db.selectFrom("raw_messages").select(["id", "bytes"]).execute();
    const counts = new Map<string, number>();
    for (const r of rows) {
      const token = /Subject: burst (\S+)/.exec(r.bytes!.toString())?.[1];
      if (token) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    for (const token of acceptedBeforeKill) expect(counts.get(token), token).toBe(1);
    for (const token of tokens) expect(counts.get(token), token).toBe(1);

    // …and gets processed by the worker from the jobs committed with it.
    const runtime = testRuntime(database, { MAIL_DOMAIN: DOMAIN, SECRET });
    await runtime.queue.work(runtime);
    // The second listener was killed too: what it committed after its last job was
    // sent is re-queued when a listener starts again (mail/smtp-part.ts does this).
    await requeueUnprocessed(database.db, runtime.queue, 0);
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const left = await database.db.selectFrom("raw_messages").select("id").where("processed_at", "is", null).execute();
        if (left.length === 0) break;
        if (Date.now() > deadline) throw new Error(`${left.length} raw messages never processed`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await runtime.close();
    }
    const messages = await database.db.selectFrom("messages").select(["subject", "request_id"]).where("direction", "=", "inbound").execute();
    const bySubject = new Map<string, number>();
    for (const m of messages) bySubject.set(m.subject!, (bySubject.get(m.subject!) ?? 0) + 1);
    for (const token of tokens) expect(bySubject.get(`burst ${token}`), token).toBe(1);
    expect(messages.every((m) => m.request_id === request.id)).toBe(true);
  }, 120_000);
});
