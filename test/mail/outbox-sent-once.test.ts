import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineEmail } from "../../core/email";
import type { Logger } from "../../core/logger";
import { deliverOutbound, listOutbox, queueEmail, requeuePending, settleOutbox } from "../../mail/outbound";
import type { ProcessContext } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { useSmtpSink } from "../support/smtp-sink";

/**
 * "Sent" is recorded so that a database error after the relay's 250 can
 * never send the same letter twice: the row is claimed before the relay
 * hears of it, the record is retried and then journalled in DATA_DIR, and
 * a claim that nothing recorded becomes uncertain for an admin.
 */
describe("the outbox sends a letter once even when the database fails after the 250", () => {
  const database = useTestDatabase();
/** A citizen e-mail whose subject names the test, so the sink can tell them apart. */
const testEmail = defineEmail<{ subject: string }>({ kind: "test", subject: (_t, p) => p.subject, body: () => "Bonjour" });
  const sink = useSmtpSink();
  const logged: string[] = [];
  const logger: Logger = { info: () => {}, warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  let runtime: ProcessContext;
  beforeAll(async () => {
    runtime = testRuntime(database, { MAIL_DOMAIN: "dossier.test", SMTP_URL: sink.url }, { logger });
    await runtime.queue.start();
  });
  afterAll(() => runtime.close());

  /** In this test only: the database refuses to record "sent" (as a failing disk or a lost connection would). */
  async function refuseSent(on: boolean) {
    if (on) {
      await sql`create or replace function test_refuse_sent() returns trigger language plpgsql as $$
        begin
          if new.delivery_status = 'sent' then raise exception 'injected failure after the relay''s 250'; end if;
          return new;
        end $$`.execute(database.db);
      await sql`create trigger test_refuse_sent before update on outbound_emails for each row execute function test_refuse_sent()`.execute(database.db);
    } else {
      await sql`drop trigger test_refuse_sent on outbound_emails`.execute(database.db);
    }
  }

  const received = (subject: string) => sink.messages.filter((m) => m.parsed.subject === subject);
  const statusOf = async (id: number) => (await database.db.selectFrom("outbound_emails").select(["delivery_status", "sent_at"]).where("id", "=", id).executeTakeFirstOrThrow());

  it("journals the 250 when the record fails, never sends again, and the sweep records it", async () => {
    const subject = "Confirmez votre adresse (journal)";
    const ref = await queueEmail(database.db, runtime.queue, { email: testEmail, params: { subject }, to: { userId: null, address: "anne@example.org", locale: "fr" } });
    await refuseSent(true);
    try {
      expect(await deliverOutbound(runtime, ref)).toBe("sent");
      await sink.waitFor((m) => m.parsed.subject === subject);
      expect((await statusOf(ref.id)).delivery_status).toBe("sending");
      expect(readdirSync(path.join(runtime.config.dataDir, "outbox-sent"))).toHaveLength(1);
      expect(logged.some((l) => l.includes("journalled for the sweep"))).toBe(true);

      // The job is retried (pg-boss after a crash) and the minute sweep queues what waits: nothing leaves again.
      expect(await deliverOutbound(runtime, ref)).toBe("skipped");
      expect(await requeuePending(database.db, runtime.queue)).toBe(0);
    } finally {
      await refuseSent(false);
    }
    expect(await settleOutbox(runtime)).toEqual({ replayed: 1, uncertain: 0 });
    const row = await statusOf(ref.id);
    expect(row.delivery_status).toBe("sent");
    expect(row.sent_at).not.toBeNull();
    expect(readdirSync(path.join(runtime.config.dataDir, "outbox-sent"))).toEqual([]);
    expect(await deliverOutbound(runtime, ref)).toBe("skipped");

    await new Promise((r) => setTimeout(r, 300));
    expect(received(subject)).toHaveLength(1);
  });

  it("without database nor journal, the claim becomes uncertain for an admin instead of being sent again", async () => {
    const subject = "Confirmez votre adresse (incertain)";
    // A data folder that cannot hold the journal (a file where the folder should be).
    const dataDir = path.join(runtime.config.dataDir, "blocked");
    writeFileSync(dataDir, "");
    const blocked = { ...runtime, config: { ...runtime.config, dataDir } };
    const ref = await queueEmail(database.db, runtime.queue, { email: testEmail, params: { subject }, to: { userId: null, address: "bert@example.org", locale: "fr" } });
    await refuseSent(true);
    try {
      expect(await deliverOutbound(blocked, ref)).toBe("sent");
      await sink.waitFor((m) => m.parsed.subject === subject);
    } finally {
      await refuseSent(false);
    }
    expect(existsSync(path.join(dataDir, "outbox-sent"))).toBe(false);
    expect(logged.some((l) => l.includes("neither the database nor the journal"))).toBe(true);
    expect((await statusOf(ref.id)).delivery_status).toBe("sending");

    // While the attempt may still be running, the sweep leaves the claim alone.
    expect(await settleOutbox(runtime)).toEqual({ replayed: 0, uncertain: 0 });
    // Later than any SMTP session can last: uncertain, shown first to admins, never re-queued.
    await database.db.updateTable("outbound_emails").set({ sending_since: sql`now() - interval '20 minutes'` }).where("id", "=", ref.id).execute();
    expect(await settleOutbox(runtime)).toEqual({ replayed: 0, uncertain: 1 });
    expect((await statusOf(ref.id)).delivery_status).toBe("uncertain");
    const [first] = await listOutbox(database.db);
    expect(first).toMatchObject({ table: "outbound_emails", id: ref.id, status: "uncertain" });
    expect(first.answer).toContain("not sent again automatically");
    expect(await requeuePending(database.db, runtime.queue)).toBe(0);
    expect(await deliverOutbound(runtime, ref)).toBe("skipped");

    await new Promise((r) => setTimeout(r, 300));
    expect(received(subject)).toHaveLength(1);
  });
});
