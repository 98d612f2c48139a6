import { beforeAll, describe, expect, it } from "vitest";
import { cancelBatch, createBatch, pauseBatch, previewBatch, recordBatchPosting, resumeBatch, setBatchAllowance } from "../../batches/batches";
import { batchView } from "../../batches/view";
import { batchStats } from "../../batches/stats";
import { insertMessage } from "../search/factories";
import { batchPostLettersPdf } from "../../requests/post";
import { selectionFromParams } from "../../batches/selection";
import { runBatchSending, sendNextLetter } from "../../batches/sending";
import { fixedClock } from "../../core/clock";
import { createRequest, sentToday } from "../../requests/requests";
import type { ProcessContext } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertUser } from "../support/factories";
import { insertLiegeCpas } from "./factories";

const database = useTestDatabase();
const clock = fixedClock("2026-03-02T09:00:00Z");
let runtime: ProcessContext;
let cpas: Awaited<ReturnType<typeof insertLiegeCpas>>;

beforeAll(async () => {
  runtime = testRuntime(database, { MAIL_DOMAIN: "dossier.test", BATCH_SEND_INTERVAL_SECONDS: "10", BATCH_DOMAIN_SPACING_SECONDS: "60", BATCH_DAILY_CEILING: "4" }, { clock });
  await runtime.queue.start();
  cpas = await insertLiegeCpas(database.db);
  return () => runtime.close();
});

const liegeCpas = () => selectionFromParams(new URLSearchParams("kind=cpas&province=liege"));
const text = { title: "Budget 2026 du CPAS", body: "Je demande le budget 2026 approuvé par le conseil de l'action sociale." };

async function trustedUser(allowance = 50) {
  const user = await insertUser(database.db, { displayName: "Watchdog Liège" });
  await setBatchAllowance(database.db, { userId: user.id, maxAuthorities: allowance, grantedBy: null });
  return user;
}

async function lettersOf(batchId: number) {
  return database.db
    .selectFrom("messages")
    .innerJoin("requests", "requests.id", "messages.request_id")
    .select(["messages.request_id", "messages.to_addresses", "messages.from_address"])
    .where("requests.batch_id", "=", batchId)
    .where("messages.direction", "=", "outbound")
    .execute();
}

describe("choosing and previewing", () => {
  it("selects by kind and province, shows each channel, warns where there is none, previews each language and law", async () => {
    const user = await trustedUser();
    const plan = await previewBatch(runtime, { userId: user.id, selection: liegeCpas(), consentUnverified: false, ...text });
    expect(plan.authorities.map((a) => a.slug).sort()).toEqual(["cpas-eupen", "cpas-herstal", "cpas-kelmis", "cpas-liege", "cpas-raeren", "cpas-seraing", "cpas-verviers"]);
    const channel = Object.fromEntries(plan.authorities.map((a) => [a.slug, `${a.channel}:${a.reason}`]));
    expect(channel["cpas-liege"]).toBe("email:verified_email");
    expect(channel["cpas-herstal"]).toBe("none:unverified_email");
    expect(channel["cpas-verviers"]).toBe("none:no_email");
    expect(plan.counts).toEqual({ total: 7, email: 5, post: 0, none: 2 });
    expect(plan.warnings.sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { reason: "no_email", count: 1 },
      { reason: "unverified_email", count: 1 },
    ]);
    const previews = plan.previews.map((p) => `${p.language}:${p.regime}:${p.count}`).sort();
    expect(previews).toEqual(["de:german_community:3", "fr:wallonia:2"]);
    const de = plan.previews.find((p) => p.language === "de")!;
    expect(de.letter.subject).toBe("Antrag auf Zugang zu Verwaltungsdokumenten — Budget 2026 du CPAS");
    expect(de.letter.text).toContain("Watchdog Liège");
    expect(plan.previews.find((p) => p.language === "fr")!.letter.text).toContain("Madame, Monsieur,");

    const consented = await previewBatch(runtime, { userId: user.id, selection: liegeCpas(), consentUnverified: true, ...text });
    expect(consented.authorities.find((a) => a.slug === "cpas-herstal")!.reason).toBe("unverified_email_consented");
    expect(consented.counts.email).toBe(6);
  });

  it("refuses a selection with no filter, and an unknown province, with a clear error", async () => {
    const user = await trustedUser();
    await expect(previewBatch(runtime, { userId: user.id, selection: selectionFromParams(new URLSearchParams("")), consentUnverified: false, ...text })).rejects.toMatchObject({ code: "empty_selection" });
    expect(() => selectionFromParams(new URLSearchParams("province=atlantis"))).toThrow(/province/);
    expect(() => selectionFromParams(new URLSearchParams("kind=castle"))).toThrow(/kind/);
  });

  it("selects by parent, by a directory search and by ticking", async () => {
    const user = await trustedUser();
    const byName = await previewBatch(runtime, { userId: user.id, selection: selectionFromParams(new URLSearchParams("kind=cpas&q=ÖSHZ")), consentUnverified: false, ...text });
    expect(byName.authorities.map((a) => a.slug).sort()).toEqual(["cpas-eupen", "cpas-kelmis", "cpas-raeren"]);
    await database.db.updateTable("authorities").set({ parent_slug: "eupen" }).where("id", "=", cpas.eupen.id).execute();
    const byParent = await previewBatch(runtime, { userId: user.id, selection: selectionFromParams(new URLSearchParams("parent=eupen")), consentUnverified: false, ...text });
    expect(byParent.authorities.map((a) => a.slug)).toEqual(["cpas-eupen"]);
    const ticked = await previewBatch(runtime, { userId: user.id, selection: selectionFromParams(new URLSearchParams("kind=cpas&province=liege&authority=cpas-liege&authority=cpas-eupen")), consentUnverified: false, ...text });
    expect(ticked.authorities.map((a) => a.slug).sort()).toEqual(["cpas-eupen", "cpas-liege"]);
  });
});

describe("a batch by post", () => {
  it("prints a letter for the authorities without a usable e-mail when asked, in one PDF, never e-mails them, and records their posting day at once", async () => {
    clock.set("2026-03-02T09:00:00Z");
    const user = await trustedUser();
    const plan = await previewBatch(runtime, { userId: user.id, selection: liegeCpas(), consentUnverified: false, byPost: true, ...text });
    expect(plan.counts).toEqual({ total: 7, email: 5, post: 2, none: 0 });
    expect(Object.fromEntries(plan.authorities.filter((a) => a.channel === "post").map((a) => [a.slug, a.reason]))).toEqual({ "cpas-herstal": "unverified_email", "cpas-verviers": "no_email" });
    const created = await createBatch(runtime, { userId: user.id, selection: liegeCpas(), consentUnverified: false, byPost: true, ...text });
    expect(created).toMatchObject({ requests: 7, byPost: 2, noChannel: 0 });
    const byPost = await database.db
      .selectFrom("requests")
      .innerJoin("authorities", "authorities.id", "requests.authority_id")
      .select(["requests.id", "requests.state", "requests.channel", "authorities.slug"])
      .where("batch_id", "=", created.batchId)
      .where("requests.channel", "=", "post")
      .execute();
    expect(byPost.map((r) => `${r.slug}:${r.state}`).sort()).toEqual(["cpas-herstal:awaiting_response", "cpas-verviers:awaiting_response"]);
    // Their letters are kept to print, never queued for e-mail.
    const kept = await database.db.selectFrom("messages").select(["delivery_status", "to_addresses"]).where("request_id", "in", byPost.map((r) => r.id)).execute();
    expect(kept.map((m) => m.delivery_status)).toEqual(["by_post", "by_post"]);

    const printed = await batchPostLettersPdf(database.db, runtime.config, { batchId: created.batchId, userId: user.id, today: "2026-03-02" });
    expect(printed!.count).toBe(2);
    expect(printed!.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(printed!.pdf.toString("latin1").match(/\/Type \/Page\b/g)!.length).toBeGreaterThanOrEqual(2);
    // Only the owner prints them.
    const other = await trustedUser();
    expect(await batchPostLettersPdf(database.db, runtime.config, { batchId: created.batchId, userId: other.id, today: "2026-03-02" })).toBeNull();
    await expect(recordBatchPosting(database.db, { batchId: created.batchId, userId: other.id, postedOn: "2026-03-02", today: "2026-03-02" })).rejects.toMatchObject({ status: 403 });
    await expect(recordBatchPosting(database.db, { batchId: created.batchId, userId: user.id, postedOn: "2026-03-09", today: "2026-03-02" })).rejects.toMatchObject({ code: "invalid_input" });

    let view = await batchView(database.db, created.batchId, "2026-03-02");
    expect(view.summary).toMatchObject({ byPost: 2, unposted: 2 });
    expect(await recordBatchPosting(database.db, { batchId: created.batchId, userId: user.id, postedOn: "2026-03-02", today: "2026-03-02", registered: true })).toEqual({ recorded: 2 });
    const posted = await database.db.selectFrom("requests").select(["posted_on", "received_date", "due_date", "posted_registered"]).where("id", "in", byPost.map((r) => r.id)).execute();
    // The registered-mail flag of the batch-wide posting day reaches every letter.
    expect(posted.map((p) => p.posted_registered)).toEqual([true, true]);
    // Posted on Monday: presumed received on the third working day (Thursday).
    expect(posted.map((p) => `${p.posted_on}:${p.received_date}`)).toEqual(["2026-03-02:2026-03-05", "2026-03-02:2026-03-05"]);
    expect(posted.every((p) => p.due_date !== null)).toBe(true);
    view = await batchView(database.db, created.batchId, "2026-03-02");
    expect(view.summary).toMatchObject({ byPost: 2, unposted: 0, sent: 2 });
    expect(view.batch.postedOn).toBe("2026-03-02");
    expect(view.batch.postedRegistered).toBe(true);

    // The throttled sender e-mails the others only (up to the daily ceiling of 4), never the printed ones.
    for (let s = 0; s < 40; s++) {
      clock.set(new Date(clock.now().getTime() + 61_000));
      await runBatchSending(runtime, [created.batchId]);
    }
    const emailed = (await lettersOf(created.batchId)).filter((l) => l.to_addresses.length > 0);
    expect(emailed).toHaveLength(4);
    expect(emailed.some((l) => byPost.some((r) => r.id === l.request_id))).toBe(false);

    // In the statistics: 6 authorities written to (4 e-mailed, 2 posted), one replied.
    await insertMessage(database.db, { request_id: byPost[0].id, kind: "reply", body_text: "Voici le budget." });
    const row = (await batchStats(database.db)).find((b) => b.id === created.batchId)!;
    expect(row).toMatchObject({ authorities: 7, sent: 6, replied: 1, responseRate: 16.7 });
  });
});

describe("sending a batch", () => {
  it("creates one request per reachable authority, each with its own language, reply address and batch, and refuses beyond the allowance", async () => {
    const small = await trustedUser(2);
    await expect(createBatch(runtime, { userId: small.id, selection: liegeCpas(), consentUnverified: false, ...text })).rejects.toMatchObject({ code: "batch_allowance" });

    const user = await trustedUser();
    const created = await createBatch(runtime, { userId: user.id, selection: liegeCpas(), consentUnverified: false, ...text });
    expect(created).toMatchObject({ requests: 5, noChannel: 2 });
    const requests = await database.db.selectFrom("requests").innerJoin("authorities", "authorities.id", "requests.authority_id").select(["requests.id", "requests.state", "requests.language", "authorities.slug"]).where("batch_id", "=", created.batchId).execute();
    expect(requests).toHaveLength(5);
    expect(new Set(requests.map((r) => r.id)).size).toBe(5);
    expect(requests.every((r) => r.state === "draft")).toBe(true);
    expect(Object.fromEntries(requests.map((r) => [r.slug, r.language]))).toMatchObject({ "cpas-liege": "fr", "cpas-eupen": "de" });
    const items = await database.db.selectFrom("batch_items").select(["state", "error"]).where("batch_id", "=", created.batchId).execute();
    expect(items.filter((i) => i.state === "no_channel").map((i) => i.error).sort()).toEqual(["no_email", "unverified_email"]);
    // The batch counts once toward the daily cap, not five times.
    expect(await sentToday(database.db, user.id)).toBe(1);
  });

  it("spaces letters per batch and per domain, stops at the daily ceiling, and pausing stops sending while resuming continues without duplicates", async () => {
    clock.set("2026-03-02T09:00:00Z");
    const user = await trustedUser();
    const { batchId } = await createBatch(runtime, { userId: user.id, selection: liegeCpas(), consentUnverified: true, ...text });

    // First letter leaves at once; the next must wait the batch interval (10 s).
    expect((await sendNextLetter(runtime, batchId)).sent).toBe(true);
    const wait = await sendNextLetter(runtime, batchId);
    expect(wait.sent).toBe(false);
    expect(wait.nextAt!.toISOString()).toBe("2026-03-02T09:00:10.000Z");
    clock.set("2026-03-02T09:00:10Z");
    expect((await sendNextLetter(runtime, batchId)).sent).toBe(true);
    expect(await lettersOf(batchId)).toHaveLength(2);

    // Paused: nothing leaves, however long we wait and however often the sender runs.
    await pauseBatch(runtime, { batchId, userId: user.id });
    clock.set("2026-03-02T10:00:00Z");
    expect(await runBatchSending(runtime, [batchId])).toMatchObject({ sent: 0 });
    expect((await sendNextLetter(runtime, batchId)).sent).toBe(false);
    expect(await lettersOf(batchId)).toHaveLength(2);

    // Resumed: it continues where it stopped, up to the daily ceiling (4).
    await resumeBatch(runtime, { batchId, userId: user.id });
    for (let s = 0; s < 30; s++) {
      clock.set(new Date(clock.now().getTime() + 10_000));
      await runBatchSending(runtime, [batchId]);
    }
    expect(await lettersOf(batchId)).toHaveLength(4);
    // The next day the rest leaves.
    clock.set("2026-03-03T10:00:00Z");
    for (let s = 0; s < 30; s++) {
      clock.set(new Date(clock.now().getTime() + 61_000));
      await runBatchSending(runtime, [batchId]);
    }
    const letters = await lettersOf(batchId);
    expect(letters).toHaveLength(6);
    // One letter per request and per authority: no duplicate anywhere.
    expect(new Set(letters.map((l) => l.request_id)).size).toBe(6);
    expect(new Set(letters.map((l) => l.to_addresses[0])).size).toBe(6);
    expect(new Set(letters.map((l) => l.from_address)).size).toBe(6);
    const batch = await database.db.selectFrom("batches").select("state").where("id", "=", batchId).executeTakeFirstOrThrow();
    await runBatchSending(runtime, [batchId]);
    expect((await database.db.selectFrom("batches").select("state").where("id", "=", batchId).executeTakeFirstOrThrow()).state).toBe("done");
    expect(batch.state).not.toBe("paused");

    // Two letters to one domain were at least the domain spacing (60 s) apart.
    const shared = await database.db
      .selectFrom("batch_items")
      .select("sent_at")
      .where("batch_id", "=", batchId)
      .where("domain", "=", "shared-ostbelgien.example")
      .orderBy("sent_at")
      .execute();
    expect(shared).toHaveLength(2);
    expect(new Date(shared[1].sent_at!).getTime() - new Date(shared[0].sent_at!).getTime()).toBeGreaterThanOrEqual(60_000);
  });

  it("cancelling deletes the unsent drafts and sends nothing more; sent requests stay", async () => {
    clock.set("2026-03-05T09:00:00Z");
    const user = await trustedUser();
    const { batchId } = await createBatch(runtime, { userId: user.id, selection: liegeCpas(), consentUnverified: false, ...text });
    expect((await sendNextLetter(runtime, batchId)).sent).toBe(true);
    expect(await cancelBatch(runtime, { batchId, userId: user.id })).toEqual({ cancelled: 4 });
    clock.set("2026-03-06T09:00:00Z");
    await runBatchSending(runtime, [batchId]);
    expect(await lettersOf(batchId)).toHaveLength(1);
    const left = await database.db.selectFrom("requests").select("state").where("batch_id", "=", batchId).execute();
    expect(left.map((r) => r.state)).toEqual(["awaiting_response"]);
    const other = await insertUser(database.db);
    await expect(pauseBatch(runtime, { batchId, userId: other.id })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("a single request still counts on its own next to a batch", async () => {
    const user = await trustedUser();
    await createBatch(runtime, { userId: user.id, selection: liegeCpas(), consentUnverified: false, ...text });
    await createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: cpas.namur.id, ...text });
    expect(await sentToday(database.db, user.id)).toBe(2);
  });
});
