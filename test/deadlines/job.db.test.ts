import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverOutbound } from "../../mail/outbound";
import { runDeadlines, runDeadlinesFor } from "../../requests/deadlines/job";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";
import { useSmtpSink } from "../support/smtp-sink";

const SECRET = "j".repeat(40);
const env: Record<string, string> = { SECRET, MAIL_DOMAIN: "dossier.test" };
const sink = useSmtpSink(env);
const database = useTestDatabase();
const app = useTestApp(database, env);

async function seed(regime: string, language: "fr" | "nl" | "de" | "en") {
  const a = await insertAuthority(database.db, { regime, languages: ["fr"], name_fr: "Commune de Horloge" });
  const user = await insertUser(database.db, { locale: language, displayName: "Sam" });
  const request = await database.db
    .insertInto("requests")
    .values({ authority_id: a.id, user_id: user.id, title: "Horaires", body: "Les horaires du service.", language: "fr", public_slug: `horaires-${a.id}`, state: "awaiting_response", received_date: "2026-03-02", sent_at: new Date("2026-03-02T09:00:00Z") })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user, request };
}

const reminders = (userId: number) =>
  database.db.selectFrom("outbound_emails").selectAll().where("user_id", "=", userId).where("kind", "like", "reminder_%").orderBy("id").execute();

async function send(id: number) {
  expect(await deliverOutbound({ ...app.runtime, db: database.db, queue: null }, { table: "outbound_emails", id })).toBe("sent");
}

describe("the deadlines job, driven by a test clock", () => {
  beforeAll(() => {
    app.runtime.config.smtpUrl = sink.url;
  });
  afterAll(() => {});

  it("moves the request to overdue, e-mails the citizen once with next steps, then warns before the appeal deadline; unsubscribing stops that kind only", async () => {
    const { user, request } = await seed("wallonia", "fr");
    const config = app.runtime.config;
    const queue = app.runtime.queue;

    await runDeadlines(database.db, queue, config, "2026-04-01");
    expect(await reminders(user.id)).toHaveLength(0);
    const before = await database.db.selectFrom("requests").select(["due_date", "appeal_deadline", "overdue_since"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(before).toEqual({ due_date: "2026-04-01", appeal_deadline: "2026-05-01", overdue_since: null });

    const day2 = await runDeadlines(database.db, queue, config, "2026-04-02");
    expect(day2.newlyOverdue).toBeGreaterThanOrEqual(1);
    expect((await database.db.selectFrom("requests").select("overdue_since").where("id", "=", request.id).executeTakeFirstOrThrow()).overdue_since).toBe("2026-04-02");
    const [overdue] = await reminders(user.id);
    expect(overdue!.kind).toBe("reminder_overdue");
    expect(overdue!.to_address).toBe(user.email);
    expect(overdue!.subject).toBe("Pas de réponse dans le délai : Horaires");
    expect(overdue!.body_text).toContain("au plus tard le 1 avril 2026");
    expect(overdue!.body_text).toContain(`${config.baseUrl}/requests/${request.id}/nudge`);
    expect(overdue!.body_text).toContain(`${config.baseUrl}/requests/${request.id}/escalate`);
    await send(overdue!.id);
    const mail = await sink.waitFor((m) => m.envelope.to.includes(user.email) && m.parsed.subject === overdue!.subject);
    expect(mail.parsed.headers.get("auto-submitted")).toBe("auto-generated");

    // Idempotent: the same day again, or the next days, sends nothing more.
    await runDeadlines(database.db, queue, config, "2026-04-02");
    await runDeadlines(database.db, queue, config, "2026-04-10");
    expect(await reminders(user.id)).toHaveLength(1);
    expect(await database.db.selectFrom("events").select("id").where("request_id", "=", request.id).where("type", "=", "overdue").execute()).toHaveLength(1);

    // A week before the appeal deadline (1 May).
    await runDeadlines(database.db, queue, config, "2026-04-24");
    const all = await reminders(user.id);
    expect(all.map((r) => r.kind)).toEqual(["reminder_overdue", "reminder_appeal_deadline"]);
    expect(all[1]!.subject).toBe("Plus que 7 jours pour votre recours : Horaires");
    expect(all[1]!.body_text).toContain("expire le 1 mai 2026");

    // The unsubscribe link in that e-mail works (through the web app) and stops the 2-day warning only.
    const link = all[1]!.body_text.match(/https?:\/\/\S+\/reminders\/unsubscribe\?\S+/)![0];
    expect(link.startsWith(config.baseUrl)).toBe(true);
    const u = new URL(link);
    const res = await fetch(link, { method: "POST", body: new URLSearchParams({ u: u.searchParams.get("u")!, k: u.searchParams.get("k")!, t: u.searchParams.get("t")! }) });
    expect(res.status).toBe(200);
    await runDeadlines(database.db, queue, config, "2026-04-29");
    expect((await reminders(user.id)).map((r) => r.kind)).toEqual(["reminder_overdue", "reminder_appeal_deadline"]);
  });

  it("reminds about a reply left unclassified after 3, 10 and 24 days, in the citizen's language", async () => {
    const { user, request } = await seed("federal", "nl");
    await database.db
      .insertInto("messages")
      .values({ request_id: request.id, direction: "inbound", kind: "reply", from_address: "info@horloge.example", subject: "Re: Horaires", body_text: "Voici.", created_at: new Date("2026-03-10T10:00:00Z") })
      .execute();
    const queue = app.runtime.queue;
    const config = app.runtime.config;
    for (const day of ["2026-03-12", "2026-03-13", "2026-03-14", "2026-03-20", "2026-03-25", "2026-04-03"]) await runDeadlinesFor(database.db, queue, config, request.id, day);
    const sent = (await reminders(user.id)).filter((r) => r.kind === "reminder_unclassified");
    expect(sent.map((r) => r.subject)).toEqual([
      "Wat heeft de overheid geantwoord? Horaires",
      "Wat heeft de overheid geantwoord? Horaires",
      "Wat heeft de overheid geantwoord? Horaires",
    ]);
    expect(sent.map((r) => r.body_text.match(/(\d+) dagen geleden/)![1])).toEqual(["3", "10", "24"]);
    // Federal due date (1 April) passed on 3 April too, but the overdue reminder is its own kind.
    expect((await database.db.selectFrom("deadline_reminders").select("key").where("request_id", "=", request.id).orderBy("id").execute()).map((r) => r.key)).toEqual([
      "unclassified:2026-03-10:3",
      "unclassified:2026-03-10:10",
      "overdue:2026-04-01",
      "unclassified:2026-03-10:24",
    ]);
  });
});
