import { describe, expect, it } from "vitest";
import PDFDocument from "pdfkit";
import { PDFParse } from "pdf-parse";
import { deleteAccount } from "../../accounts/deletion";
import { exportUserData } from "../../accounts/export";
import { setBanned } from "../../accounts/bans";
import { setPostalAddress, setPublicName } from "../../moderation/privacy";
import { publicFileOf } from "../../moderation/attachments";
import { listAudit } from "../../moderation/audit";
import { hiddenInRequest, hideItem, labelsOf, setRequestLabel, unhideItem, visibilityOf } from "../../moderation/hide";
import { MODERATION_REDACT, MODERATION_REDACT_ATTACHMENT, runRedactionJob } from "../../moderation/jobs";
import { emit } from "../../core/events";
import { sql } from "kysely";
import { allJobs } from "../../server/rooms";
import { dispatchAll, testRuntime } from "../support/app";
import { publicName, publisherForRequest } from "../../moderation/publish";
import { adminQueue, fileReport, REPORT_LIMITS, resolveReport } from "../../moderation/reports";
import { insertRule } from "../../moderation/rules";
import { useTestDatabase } from "../support/database";
import { makeAttachment, makeAuthority, makeMessage, makeRequest, makeUser } from "./factories";

function pdfWith(lines: string[]): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    lines.forEach((l) => doc.text(l));
    doc.end();
  });
}

async function pdfText(bytes: Buffer): Promise<string> {
  const p = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await p.getText()).text;
  } finally {
    await p.destroy();
  }
}

describe("moderation against the database", () => {
  const database = useTestDatabase();

  async function world() {
    const db = database.db;
    const authority = await makeAuthority(db);
    const requester = await makeUser(db, { name: "Hélène Dupont" });
    const admin = await makeUser(db, { name: "Admin", role: "admin" });
    const request = await makeRequest(db, { userId: requester.id, authorityId: authority.id });
    const reply = await makeMessage(db, { requestId: request.id, text: "Madame Hélène DUPONT, appelez le 02 123 45 67 ou écrivez à request-1-abcdef12@dossier.be." });
    return { db, authority, requester, admin, request, reply };
  }

  it("publishes text through redaction rules then masking", async () => {
    const { db, requester, request, admin } = await world();
    await db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text: "helene dupont", loose: true, replacement: "[name]", scope: { type: "user", userId: requester.id }, origin: "admin", actorUserId: admin.id }));
    const publisher = await publisherForRequest(db, request.id);
    expect(publisher.displayText("Madame Hélène DUPONT, appelez le 02 123 45 67 ou écrivez à request-1-abcdef12@dossier.be.", "fr")).toBe(
      "Madame [name], appelez le [numéro de téléphone] ou écrivez à [e-mail de la demande].",
    );
    const other = await makeRequest(db, { userId: admin.id, authorityId: (await makeAuthority(db)).id });
    expect((await publisherForRequest(db, other.id)).text("Hélène Dupont")).toBe("Hélène Dupont");
    const log = await listAudit(db);
    expect(log[0].action).toBe("redaction_rule.add");
    expect(JSON.stringify(log[0].data)).not.toContain("Dupont");
  });

  it("hides a message from everyone but its requester, with a reason, and logs it", async () => {
    const { db, requester, admin, request, reply } = await world();
    await db.transaction().execute((trx) => hideItem(trx, { target: "message", id: reply.id, audience: "all_but_requester", reason: "personal_data", actorUserId: admin.id }));
    const hidden = (await hiddenInRequest(db, request.id)).get(`message:${reply.id}`);
    expect(hidden?.reason).toBe("personal_data");
    expect(visibilityOf(hidden, { userId: null, isAdmin: false }, requester.id)).toBe("withheld");
    expect(visibilityOf(hidden, { userId: requester.id, isAdmin: false }, requester.id)).toBe("marked");
    expect(visibilityOf(hidden, { userId: admin.id, isAdmin: true }, requester.id)).toBe("marked");
    expect((await db.selectFrom("messages").select("hidden").where("id", "=", reply.id).executeTakeFirstOrThrow()).hidden).toBe(true);
    await db.transaction().execute((trx) => unhideItem(trx, { target: "message", id: reply.id, actorUserId: admin.id }));
    expect((await hiddenInRequest(db, request.id)).size).toBe(0);
    const actions = (await listAudit(db)).filter((e) => e.target_id === reply.id).map((e) => e.action);
    expect(actions).toEqual(["unhide", "hide"]);
  });

  it("labels requests and bans users, each an audit event", async () => {
    const { db, requester, admin, request } = await world();
    await db.transaction().execute((trx) => setRequestLabel(trx, { requestId: request.id, label: "vexatious", on: true, actorUserId: admin.id }));
    expect(await labelsOf(db, request.id)).toEqual(["vexatious"]);
    await db.transaction().execute((trx) => setBanned(trx, { userId: requester.id, banned: true, actorUserId: admin.id, reason: "spam" }));
    expect((await db.selectFrom("users").select("banned_at").where("id", "=", requester.id).executeTakeFirstOrThrow()).banned_at).not.toBeNull();
    const log = await listAudit(db);
    expect(log.slice(0, 2).map((e) => e.action)).toEqual(["ban", "label"]);
    expect(log[0].actor_name).toBe("Admin");
  });

  it("takes reports from anyone into the admin queue, rate-limited per reporter", async () => {
    const { db, request, reply, admin } = await world();
    const first = await fileReport(db, { target: "message", id: reply.id, reason: "personal_data", details: "Mon adresse", reporterUserId: null, reporterKey: "ip:abc" });
    expect(first.ok).toBe(true);
    expect(await fileReport(db, { target: "message", id: 999999, reason: "spam", details: "", reporterUserId: null, reporterKey: "ip:abc" })).toEqual({ ok: false, error: "not_found" });
    for (let i = 1; i < REPORT_LIMITS.hour; i++) expect((await fileReport(db, { target: "request", id: request.id, reason: "spam", details: "", reporterUserId: null, reporterKey: "ip:abc" })).ok).toBe(true);
    expect(await fileReport(db, { target: "request", id: request.id, reason: "spam", details: "", reporterUserId: null, reporterKey: "ip:abc" })).toEqual({ ok: false, error: "rate_limited" });
    expect((await fileReport(db, { target: "request", id: request.id, reason: "spam", details: "", reporterUserId: null, reporterKey: "ip:other" })).ok).toBe(true);

    const pen = await makeMessage(db, { requestId: null, subject: "Unrouted" });
    const queue = await adminQueue(db);
    expect(queue.reports.some((r) => r.details === "Mon adresse" && r.request_id === request.id)).toBe(true);
    expect(queue.holdingPen.map((m) => m.id)).toContain(pen.id);
    if (first.ok) {
      expect(await db.transaction().execute((trx) => resolveReport(trx, { id: first.id, actorUserId: admin.id, resolution: "hidden" }))).toBe(true);
      expect((await adminQueue(db)).reports.some((r) => r.id === first.id)).toBe(false);
    }
  });

  it("keeps the postal address out of published text and shows initials when asked", async () => {
    const { db, requester, request } = await world();
    await db.transaction().execute((trx) => setPostalAddress(trx, requester.id, "Rue de la Loi 16\n1000 Bruxelles"));
    await db.transaction().execute((trx) => setPublicName(trx, requester.id, "initials"));
    const publisher = await publisherForRequest(db, request.id);
    expect(publisher.text("Hélène Dupont\nRue de la Loi 16\n1000 Bruxelles")).toBe("H. D.\n[address]");
    expect(publisher.text("domiciliée Rue de la Loi 16 à Bruxelles")).toBe("domiciliée [address] à Bruxelles");
    expect(await publicName(db, requester.id)).toBe("H. D.");
    await db.transaction().execute((trx) => setPublicName(trx, requester.id, "full"));
    expect(await publicName(db, requester.id)).toBe("Hélène Dupont");
    expect((await publisherForRequest(db, request.id)).text("Hélène Dupont")).toBe("Hélène Dupont");
  });

  it("exports a user's data and deletes the account", async () => {
    const { db, requester, request } = await world();
    const data = await exportUserData(db, requester.id);
    expect(data?.user.email).toBe(requester.email);
    expect(data?.requests[0].id).toBe(request.id);
    expect(data?.requests[0].messages.length).toBe(1);
    expect(JSON.stringify(data)).not.toContain("password_hash");

    const result = await db.transaction().execute((trx) => deleteAccount(trx, requester.id));
    expect(result?.jobIds.length).toBe(2);
    const user = await db.selectFrom("users").selectAll().where("id", "=", requester.id).executeTakeFirstOrThrow();
    expect(user.email).not.toContain(requester.email);
    expect(user.password_hash).toBeNull();
    expect(user.display_name).toBe("[account deleted]");
    expect(await publicName(db, requester.id)).toBe("[account deleted]");
    const publisher = await publisherForRequest(db, request.id);
    expect(publisher.text("Madame Hélène DUPONT et Mme Dupont")).toBe("Madame [redacted] et Mme [redacted]");
    // The request stays.
    expect(await db.selectFrom("requests").select("id").where("id", "=", request.id).executeTakeFirst()).toBeDefined();
  });

  it("redacts PDF attachments in the rule's scope, with progress, and withholds what it cannot redact", async () => {
    const { db, requester, request, reply, admin } = await world();
    const files = new Map<string, Buffer>();
    files.set("a".repeat(64), await pdfWith(["Courrier pour Hélène Dupont", "Objet : budget"]));
    files.set("b".repeat(64), Buffer.from("not a pdf"));
    const good = await makeAttachment(db, { messageId: reply.id, fileKey: "a".repeat(64), text: "Courrier pour Hélène Dupont" });
    const broken = await makeAttachment(db, { messageId: reply.id, fileKey: "b".repeat(64), filename: "scan.pdf" });
    const docx = await makeAttachment(db, { messageId: reply.id, fileKey: "c".repeat(64), filename: "x.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", text: "Dupont Hélène" });

    const { jobId } = await db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text: "Hélène Dupont", loose: true, replacement: "[name]", scope: { type: "request", requestId: request.id }, origin: "requester", actorUserId: requester.id }));
    const reindexed: number[] = [];
    await runRedactionJob(db, jobId, { load: async (k) => files.get(k) ?? null, reindex: async (_db, id) => void reindexed.push(id) });
    const job = await db.selectFrom("redaction_jobs").selectAll().where("id", "=", jobId).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: "done", total: 1, done: 1 });
    expect(reindexed).toEqual([request.id]);

    const stored = await db.selectFrom("attachment_redactions").selectAll().orderBy("attachment_id").execute();
    expect(stored.map((s) => [s.attachment_id, s.status])).toEqual([
      [good.id, "redacted"],
      [broken.id, "unsafe"],
    ]);
    const publisher = await publisherForRequest(db, request.id);
    const load = async () => null;
    const file = await publicFileOf(db, { id: good.id, file_key: "a".repeat(64), content_type: "application/pdf", extracted_text: null }, publisher, load);
    // The web reads what the job stored: it never loads the file itself.
    expect(await publicFileOf(db, { id: broken.id, file_key: "b".repeat(64), content_type: "application/pdf", extracted_text: null }, publisher, load)).toMatchObject({ kind: "withheld" });
    expect(file.kind).toBe("redacted");
    if (file.kind === "redacted") expect((await pdfText(file.bytes)).toLowerCase()).not.toContain("dupont");
    expect((await publicFileOf(db, { id: docx.id, file_key: "c".repeat(64), content_type: "application/msword", extracted_text: "Dupont Hélène, Hélène Dupont" }, publisher, load)).kind).toBe("withheld");
    void admin;
  });

  it("makes a PDF's public copy ahead of time: its extraction queues the job, the web reads only what the job stored, new rules make it 'preparing' again", async () => {
    const { db, requester, request, reply } = await world();
    const runtime = testRuntime(database);
    await runtime.queue.start();
    const bytes = await pdfWith(["Courrier pour Hélène Dupont", "Objet : budget"]);
    const key = await runtime.files.put(bytes);
    const pdf = await makeAttachment(db, { messageId: reply.id, fileKey: key, text: "Courrier pour Hélène Dupont\nObjet : budget" });
    const plain = await makeAttachment(db, { messageId: reply.id, fileKey: key, filename: "budget.pdf", text: "Objet : budget" });
    await db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text: "Hélène Dupont", loose: true, replacement: "[name]", scope: { type: "request", requestId: request.id }, origin: "requester", actorUserId: requester.id }));
    const row = async (id: number) => db.selectFrom("attachments").select(["id", "file_key", "content_type", "extracted_text"]).where("id", "=", id).executeTakeFirstOrThrow();
    const load = async (k: string) => runtime.files.get(k);

    // Nothing stored yet: "preparing" for the file that holds the name, the original for the one with nothing to hide.
    let publisher = await publisherForRequest(db, request.id);
    expect(await publicFileOf(db, await row(pdf.id), publisher, load)).toEqual({ kind: "preparing" });
    expect(await publicFileOf(db, await row(plain.id), publisher, load)).toEqual({ kind: "original" });

    // Extraction's event reaches the moderation room, which queues one job for the file that needs a copy.
    for (const a of [pdf, plain]) await emit(db, { type: "attachment.changed", requestId: null, data: { attachmentId: a.id, fields: ["extracted_text"] } });
    await dispatchAll(runtime);
    const queued = await sql<{ id: number }>`select (data->>'attachmentId')::int as id from pgboss.job where name = ${MODERATION_REDACT_ATTACHMENT} order by id`.execute(db);
    expect(queued.rows.map((r) => r.id)).toEqual([pdf.id]);

    // The worker's job (the bounded redaction process) makes and stores the copy; the web serves it.
    const job = (await allJobs()).find((j) => j.name === MODERATION_REDACT_ATTACHMENT)!;
    await job.handler({ attachmentId: pdf.id }, runtime);
    const served = await publicFileOf(db, await row(pdf.id), publisher, async () => null);
    expect(served.kind).toBe("redacted");
    if (served.kind === "redacted") expect((await pdfText(served.bytes)).toLowerCase()).not.toContain("dupont");

    // Another rule: the stored copy was made under the old rules and is not served any more.
    await db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text: "budget", loose: true, replacement: "[x]", scope: { type: "request", requestId: request.id }, origin: "admin", actorUserId: requester.id }));
    publisher = await publisherForRequest(db, request.id);
    expect(await publicFileOf(db, await row(pdf.id), publisher, load)).toEqual({ kind: "preparing" });
    expect(await publicFileOf(db, await row(plain.id), publisher, load)).toEqual({ kind: "preparing" });
    await runtime.close();
  });

  it("the worker's re-redaction job tells the search room, which re-indexes the request when it hears of it", async () => {
    const { db, requester, request } = await world();
    const { jobId } = await db.transaction().execute((trx) => insertRule(trx, { kind: "literal", text: "Hélène Dupont", loose: true, replacement: "[name]", scope: { type: "request", requestId: request.id }, origin: "requester", actorUserId: requester.id }));
    const job = (await allJobs()).find((j) => j.name === MODERATION_REDACT)!;
    await job.handler({ jobId }, testRuntime(database));
    const events = await db.selectFrom("domain_events").select(["type", "request_id", "data"]).where("type", "=", "request.changed").where("request_id", "=", request.id).execute();
    expect(events.map((e) => e.data)).toContainEqual({ fields: ["redaction"] });
    const [{ searchSubscribers }] = [await import("../../search/subscribers")];
    expect(searchSubscribers()[0].on).toContain("request.changed");
  });
});
