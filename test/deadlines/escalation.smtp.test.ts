import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../../core/files";
import { ingest } from "../../mail/ingest";
import { deliverOutbound } from "../../mail/outbound";
import { replyAddressFor } from "../../mail/reply-address";
import { recomputeAll, setAppealNoticeMissing } from "../../requests/deadlines/store";
import { EscalationError, escalationDraft, sendAppeal, sendNudge } from "../../requests/escalation/service";
import { classifyRequest, createRequest } from "../../requests/requests";
import type { ProcessContext as Runtime } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { makePdf } from "../mail/documents";
import { insertAuthority, insertUser } from "../support/factories";
import { useSmtpSink, type CaughtMail } from "../support/smtp-sink";

const SECRET = "d".repeat(40);
const database = useTestDatabase();
const sink = useSmtpSink();
let runtime: Runtime;

beforeAll(async () => {
  runtime = testRuntime(database, { SECRET, MAIL_DOMAIN: "dossier.test", SMTP_URL: sink.url, PUBLIC_URL: "https://dossier.test" });
  await runtime.queue.start();
});
afterAll(async () => {
  await runtime.close();
});

/** Delivers every queued letter of a request through the real outbox to the sink. */
async function flush(requestId: number): Promise<void> {
  const queued = await database.db.selectFrom("messages").select("id").where("request_id", "=", requestId).where("delivery_status", "=", "queued").execute();
  for (const m of queued) expect(await deliverOutbound({ ...runtime, db: database.db, queue: runtime.queue }, { table: "messages", id: m.id })).toBe("sent");
}

async function pdfText(content: Buffer): Promise<string> {
  const p = new PDFParse({ data: content });
  try {
    return (await p.getText()).text.replace(/\s+/g, " ");
  } finally {
    await p.destroy();
  }
}

/**
 * A request sent for real, then moved back in time: received on 2 March 2026
 * (the test clock), optionally answered and classified.
 */
async function sentRequest(authority: Parameters<typeof insertAuthority>[1], opts: { language?: string; environmental?: boolean; refusal?: { text: string; at: string } } = {}) {
  const a = await insertAuthority(database.db, authority);
  const user = await insertUser(database.db, { displayName: "Alex Martin" });
  const { request, messageId } = await createRequest(database.db, runtime.queue, runtime.config, {
    userId: user.id,
    authorityId: a.id,
    title: "Budget communal 2026",
    body: "Je demande le budget communal 2026 et ses annexes.",
    language: opts.language,
  });
  await flush(request.id);
  const march2 = new Date("2026-03-02T09:00:00Z");
  await database.db.updateTable("requests").set({ received_date: "2026-03-02", sent_at: march2, environmental: opts.environmental ?? false }).where("id", "=", request.id).execute();
  await database.db.updateTable("messages").set({ sent_at: march2, created_at: march2 }).where("request_id", "=", request.id).execute();
  if (opts.refusal) {
    await database.db
      .insertInto("messages")
      .values({ request_id: request.id, direction: "inbound", kind: "reply", from_address: a.email, from_name: "Service juridique", to_addresses: [replyAddressFor(SECRET, request.id, "dossier.test")], subject: "Re: Budget communal 2026", body_text: opts.refusal.text, message_id: `<refusal-${request.id}@authority.example>`, in_reply_to: messageId, created_at: new Date(opts.refusal.at) })
      .execute();
    await classifyRequest(database.db, { requestId: request.id, userId: user.id, state: "refused" });
  }
  return { authority: a, user, request, firstMessageId: messageId };
}

function mailsTo(address: string, since: number): CaughtMail[] {
  return sink.messages.slice(since).filter((m) => m.envelope.to.includes(address));
}

/** Sends the appeal on `today` through the real outbox; the one e-mail that reached `address`. */
async function appealMailTo(address: string, request: { id: number }, user: { id: number }, today: string): Promise<CaughtMail> {
  const before = sink.messages.length;
  await sendAppeal(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, today });
  await flush(request.id);
  const [mail] = mailsTo(address, before);
  expect(mail).toBeDefined();
  return mail!;
}

describe("escalation end to end, per regime, through a real SMTP sink", () => {
  it("federal: two letters the same day — reconsideration to the authority and advice request to the CADA — threaded, from the request's address, with PDFs", async () => {
    // The research has no e-mail for the federal CADA: an administrator sets it in the directory.
    await insertAuthority(database.db, { slug: "cada-federal", name_fr: "CADA fédérale", kind: "appeal_body", level: "federal", regime: "federal", languages: ["fr", "nl", "de"], email: "cada@federal.example" });
    const { request, user, firstMessageId } = await sentRequest({ slug: "spf-test", name_fr: "SPF Test", kind: "federal_service", level: "federal", regime: "federal", languages: ["fr", "nl", "de"], email: "info@spf.example" }, { language: "fr" });
    const today = "2026-04-10"; // due 1 April: overdue
    await recomputeAll(database.db, today);
    const draft = await escalationDraft(database.db, runtime.config, { requestId: request.id, userId: user.id, today });
    expect(draft.eligible).toBe(true);
    expect(draft.plan.advice).toContain("not_binding");

    const before = sink.messages.length;
    const sent = await sendAppeal(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, today });
    expect(sent.emailed.map((e) => [e.kind, e.to])).toEqual([
      ["reconsideration", "info@spf.example"],
      ["advice_request", "cada@federal.example"],
    ]);
    await flush(request.id);
    const address = replyAddressFor(SECRET, request.id, "dossier.test");
    const [recon] = mailsTo("info@spf.example", before);
    const [advice] = mailsTo("cada@federal.example", before);
    for (const mail of [recon!, advice!]) {
      expect(mail.parsed.from?.value[0]?.address).toBe(address);
      expect(mail.parsed.replyTo?.value[0]?.address).toBe(address);
      expect(mail.parsed.inReplyTo).toBe(firstMessageId);
      expect(mail.raw).not.toContain(user.email);
    }
    expect(recon!.parsed.subject).toBe("Demande de reconsidération : Budget communal 2026");
    expect(recon!.parsed.text).toContain("Le 2 mars 2026");
    expect(recon!.parsed.text).toContain("expirait le 1 avril 2026");
    expect(recon!.parsed.text).toContain("l’article 8, § 2, de la loi du 11 avril 1994");
    expect(advice!.parsed.subject).toBe("Demande d’avis : Budget communal 2026");
    expect(advice!.parsed.text).toContain("J’adresse ce même jour à SPF Test une demande de reconsidération");
    // Both carry a PDF of the letter with the correspondence; the CADA's includes the reconsideration request.
    expect(advice!.parsed.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
    const advicePdf = await pdfText(advice!.parsed.attachments[0]!.content);
    expect(advicePdf).toContain("Annexe 1: Demande");
    expect(advicePdf).toContain("Annexe 2: Demande de reconsidération");
    expect(advicePdf).toContain("Je demande le budget communal 2026");
    expect(recon!.parsed.attachments).toHaveLength(1);

    const after = await database.db.selectFrom("requests").select(["state", "overdue_since"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ state: "appeal_pending", overdue_since: null });
    const appeal = await database.db.selectFrom("appeals").selectAll().where("request_id", "=", request.id).executeTakeFirstOrThrow();
    expect([appeal.route, appeal.body, appeal.sent_on, appeal.body_decision_by]).toEqual(["federal_dual", "cada-federal", "2026-04-10", "2026-05-10"]);
    await expect(sendAppeal(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, today })).rejects.toThrow(EscalationError);
  });

  it("wallonia: appeal to the CADA wallonne (30 days), the registered copy left for printing", async () => {
    const { request, user } = await sentRequest({ slug: "namur-test", name_fr: "Ville de Namur", kind: "commune", level: "local", regime: "wallonia", languages: ["fr"], email: "info@namur.example", address: "Hôtel de Ville, 5000 Namur" });
    const today = "2026-04-10";
    const before = sink.messages.length;
    const sent = await sendAppeal(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, today });
    expect(sent.emailed.map((e) => [e.kind, e.to])).toEqual([["appeal", "support.cada@spw.wallonie.be"]]);
    expect(sent.postal.map((l) => [l.kind, l.to.postalAddress])).toEqual([["registered_copy", "Hôtel de Ville\n5000 Namur"]]);
    await flush(request.id);
    const [mail] = mailsTo("support.cada@spw.wallonie.be", before);
    expect(mail!.parsed.subject).toBe("Recours : Budget communal 2026 (Ville de Namur)");
    expect(mail!.parsed.text).toContain("refus implicite");
    expect(mail!.parsed.text).toContain("l’article 8bis du décret du 30 mars 1995");
    expect(mail!.parsed.text).toContain("par envoi recommandé");
    expect(mailsTo("info@namur.example", before)).toHaveLength(0); // the copy goes by registered post
    const pdf = await pdfText(mail!.parsed.attachments[0]!.content);
    expect(pdf).toContain("Annexe 1: Demande");
  });

  it("brussels: appeal to the Brussels CADA in Dutch when the request was in Dutch (e-mail set by an administrator)", async () => {
    await insertAuthority(database.db, { slug: "cada-brussels", name_fr: "CADA bruxelloise", kind: "appeal_body", level: "region", regime: "brussels", languages: ["fr", "nl"], email: "cada@brussels.example" });
    const { request, user } = await sentRequest({ slug: "elsene-test", name_fr: "Commune d’Ixelles", name_nl: "Gemeente Elsene", kind: "commune", level: "local", regime: "brussels", languages: ["fr", "nl"], email: "info@elsene.example" }, { language: "nl" });
    const mail = await appealMailTo("cada@brussels.example", request, user, "2026-04-10"); // due 30 March
    expect(mail.parsed.subject).toBe("Beroep: Budget communal 2026 (Gemeente Elsene)");
    expect(mail.parsed.text).toContain("Op 2 maart 2026");
    expect(mail.parsed.text).toContain("liep af op 30 maart 2026");
    expect(mail.parsed.text).toContain("artikel 25 van het gezamenlijk decreet en ordonnantie van 16 mei 2019");
  });

  it("fwb: appeal to the CADA FWB after a refusal, within 60 days, with the refusal attached", async () => {
    const { request, user } = await sentRequest(
      { slug: "fwb-test", name_fr: "Ministère de la Fédération Wallonie-Bruxelles", kind: "community_service", level: "community", regime: "fwb", languages: ["fr"], email: "info@fwb.example" },
      { refusal: { text: "Nous refusons l’accès à ces documents.", at: "2026-03-20T10:00:00Z" } },
    );
    const draft = await escalationDraft(database.db, runtime.config, { requestId: request.id, userId: user.id, today: "2026-03-25" });
    expect(draft.plan.appealBy).toBe("2026-05-19");
    const mail = await appealMailTo("cada@cfwb.be", request, user, "2026-03-25");
    expect(mail.parsed.text).toContain("Par sa réponse du 20 mars 2026");
    expect(mail.parsed.text).toContain("l’article 8/1 du décret du 22 décembre 1994");
    expect(mail.parsed.inReplyTo).toBe(`<refusal-${request.id}@authority.example>`);
    const pdf = await pdfText(mail.parsed.attachments[0]!.content);
    expect(pdf).toContain("Réponse de l’autorité");
    expect(pdf).toContain("Nous refusons l’accès à ces documents.");
  });

  it("flanders: appeal to the Beroepsinstantie within 30 days of the decision, request and decision attached, in Dutch", async () => {
    const { request, user } = await sentRequest(
      { slug: "gent-test", name_nl: "Stad Gent", kind: "commune", level: "local", regime: "flanders", languages: ["nl"], email: "info@gent.example" },
      { refusal: { text: "Wij weigeren de openbaarmaking.", at: "2026-03-10T09:00:00Z" } },
    );
    const draft = await escalationDraft(database.db, runtime.config, { requestId: request.id, userId: user.id, today: "2026-03-12" });
    expect(draft.plan.appealBy).toBe("2026-04-09");
    const mail = await appealMailTo("openbaarheid@vlaanderen.be", request, user, "2026-03-12");
    expect(mail.parsed.subject).toBe("Beroep: Budget communal 2026 (Stad Gent)");
    expect(mail.parsed.text).toContain("Met haar antwoord van 10 maart 2026");
    expect(mail.parsed.text).toContain("artikel II.48 van het Bestuursdecreet");
    const pdf = await pdfText(mail.parsed.attachments[0]!.content);
    expect(pdf).toContain("Bijlage 1: Verzoek");
    expect(pdf).toContain("Bijlage 2: Antwoord van de overheid");
    expect(pdf).toContain("Wij weigeren de openbaarmaking.");
    const appeal = await database.db.selectFrom("appeals").select(["body", "body_decision_by"]).where("request_id", "=", request.id).executeTakeFirstOrThrow();
    expect(appeal).toEqual({ body: "beroepsinstantie-ovb", body_decision_by: "2026-04-11" });
  });

  it("flanders, the decision did not mention the appeal route: the wizard takes an appeal after S + 30 days, inside S + 4 months + 30 days, and the letter says why it is on time", async () => {
    const { request, user } = await sentRequest(
      { slug: "brugge-test", name_nl: "Stad Brugge", kind: "commune", level: "local", regime: "flanders", languages: ["nl"], email: "info@brugge.example" },
      { refusal: { text: "Wij weigeren de openbaarmaking.", at: "2026-03-10T09:00:00Z" } },
    );
    const today = "2026-05-20"; // 41 days after the decision of 10 March
    const ordinary = await escalationDraft(database.db, runtime.config, { requestId: request.id, userId: user.id, today });
    expect(ordinary.plan.appealBy).toBe("2026-04-09");
    expect(ordinary.plan.advice).toContain("appeal_expired");

    await database.db.transaction().execute((trx) => setAppealNoticeMissing(trx, request.id, user.id, true, today));
    expect((await database.db.selectFrom("requests").select("appeal_deadline").where("id", "=", request.id).executeTakeFirstOrThrow()).appeal_deadline).toBe("2026-08-09");
    const draft = await escalationDraft(database.db, runtime.config, { requestId: request.id, userId: user.id, today });
    expect(draft.eligible).toBe(true);
    expect(draft.plan.appealBy).toBe("2026-08-09");
    expect(draft.plan.advice).toContain("appeal_notice_missing");
    expect(draft.plan.advice).not.toContain("appeal_expired");

    const mail = await appealMailTo("openbaarheid@vlaanderen.be", request, user, today);
    expect(mail.parsed.text).toContain("Met haar antwoord van 10 maart 2026");
    expect(mail.parsed.text).toContain("Die beslissing vermeldde de beroepsmogelijkheid niet.");
    expect(mail.parsed.text).toContain("artikel II.48, § 1, vierde lid, van het Bestuursdecreet");
    expect(mail.parsed.text).toContain("dit beroep is tijdig ingesteld");
  });

  it("flanders: the appeal carries the authority's own files, byte-identical, after the letter's PDF, which lists them as annexes", async () => {
    const { request, user, firstMessageId } = await sentRequest({ slug: "mechelen-test", name_nl: "Stad Mechelen", kind: "commune", level: "local", regime: "flanders", languages: ["nl"], email: "info@mechelen.example" });
    const decision = await makePdf(["Beslissing: wij weigeren de openbaarmaking van de subsidielijst."]);
    const table = Buffer.from("naam;bedrag\nvereniging;1000\n", "utf8");
    const raw = Buffer.from(
      [
        "From: Juridische dienst <juridisch@mechelen.example>",
        `To: ${replyAddressFor(SECRET, request.id, "dossier.test")}`,
        "Subject: Re: Budget communal 2026",
        `Message-ID: <decision-${request.id}@mechelen.example>`,
        `In-Reply-To: ${firstMessageId}`,
        'Content-Type: multipart/mixed; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Zie de beslissing in bijlage.",
        "--b1",
        'Content-Type: application/pdf; name="beslissing.pdf"',
        'Content-Disposition: attachment; filename="beslissing.pdf"',
        "Content-Transfer-Encoding: base64",
        "",
        decision.toString("base64"),
        "--b1",
        'Content-Type: text/csv; name="overzicht.csv"',
        'Content-Disposition: attachment; filename="overzicht.csv"',
        "Content-Transfer-Encoding: base64",
        "",
        table.toString("base64"),
        "--b1--",
        "",
      ].join("\r\n"),
    );
    const ingested = await ingest(database.db, raw, { deps: { secret: SECRET, files: new FileStore(runtime.config.dataDir) } });
    expect(ingested.outcome).toBe("delivered");
    await database.db.updateTable("messages").set({ created_at: new Date("2026-03-20T10:00:00Z") }).where("request_id", "=", request.id).where("direction", "=", "inbound").execute();
    // A file withheld from the public page still goes: the appeal body is not the public.
    await database.db.updateTable("attachments").set({ hidden: true }).where("filename", "=", "overzicht.csv").execute();
    await classifyRequest(database.db, { requestId: request.id, userId: user.id, state: "refused" });

    const today = "2026-03-25";
    const draft = await escalationDraft(database.db, runtime.config, { requestId: request.id, userId: user.id, today });
    expect(draft.plan.letters[0]!.files.map((f) => [f.filename, f.attached])).toEqual([
      ["beslissing.pdf", true],
      ["overzicht.csv", true],
    ]);
    const mail = await appealMailTo("openbaarheid@vlaanderen.be", request, user, today);
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`dossier-${request.id}-1-appeal.pdf`, "application/pdf"],
      ["beslissing.pdf", "application/pdf"],
      ["overzicht.csv", "text/csv"],
    ]);
    expect(Buffer.compare(mail.parsed.attachments[1]!.content, decision)).toBe(0);
    expect(Buffer.compare(mail.parsed.attachments[2]!.content, table)).toBe(0);
    expect(mail.parsed.text).toContain("3. beslissing.pdf — bestand verstuurd door Juridische dienst op 20 maart 2026");
    const letterPdf = await pdfText(mail.parsed.attachments[0]!.content);
    expect(letterPdf).toContain("Bijlage 2: Antwoord van de overheid");
    expect(letterPdf).toContain("Bijlage 3: beslissing.pdf");
    expect(letterPdf).toContain("Bijlage 4: overzicht.csv");
    expect(letterPdf).toContain("ongewijzigd bij de e-mail gevoegd");
  });

  it("german_community: no commission — a mediation request to the Ombudsdienst, in German", async () => {
    const { request, user } = await sentRequest({ slug: "eupen-test", name_de: "Stadt Eupen", kind: "commune", level: "local", regime: "german_community", languages: ["de"], email: "info@eupen.example" });
    const draft = await escalationDraft(database.db, runtime.config, { requestId: request.id, userId: user.id, today: "2026-04-10" });
    expect(draft.plan.route).toBe("no_commission");
    const mail = await appealMailTo("beschwerde@dg-ombudsdienst.be", request, user, "2026-04-10");
    expect(mail.parsed.subject).toBe("Bitte um Vermittlung: Budget communal 2026");
    expect(mail.parsed.text).toContain("keine Beschwerdekommission");
    expect(mail.parsed.text).toContain("Am 2. März 2026");
  });

  it("environmental Walloon request: the CRAIE letter (no e-mail known) is left for the post; the CADA appeal leaves", async () => {
    const { request, user } = await sentRequest({ slug: "liege-test", name_fr: "Ville de Liège", kind: "commune", level: "local", regime: "wallonia", languages: ["fr"], email: "info@liege.example" }, { environmental: true });
    const draft = await escalationDraft(database.db, runtime.config, { requestId: request.id, userId: user.id, today: "2026-04-03" });
    expect(draft.plan.environmental).toEqual({ body: "craie", appealBy: "2026-04-16", urgent: true });
    const sent = await sendAppeal(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, today: "2026-04-03" });
    expect(sent.emailed.map((e) => e.kind)).toEqual(["appeal"]);
    expect(sent.postal.map((l) => l.kind)).toEqual(["registered_copy", "environmental_appeal"]);
  });

  it("is refused before the deadline passes, and for someone else's request", async () => {
    const { request, user } = await sentRequest({ slug: "mons-test", name_fr: "Ville de Mons", kind: "commune", level: "local", regime: "wallonia", languages: ["fr"], email: "info@mons.example" });
    await expect(sendAppeal(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, today: "2026-03-20" })).rejects.toMatchObject({ code: "not_eligible" });
    await expect(sendNudge(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, today: "2026-03-20" })).rejects.toMatchObject({ code: "not_overdue" });
    const other = await insertUser(database.db);
    await expect(sendAppeal(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: other.id, today: "2026-04-10" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("nudge: a polite reminder in the authority's language, threaded, from the request's address", async () => {
    const { request, user, firstMessageId } = await sentRequest({ slug: "leuven-test", name_nl: "Stad Leuven", kind: "commune", level: "local", regime: "flanders", languages: ["nl"], email: "info@leuven.example" });
    const before = sink.messages.length;
    await sendNudge(database.db, runtime.queue, runtime.config, { requestId: request.id, userId: user.id, today: "2026-03-30" });
    await flush(request.id);
    const [mail] = mailsTo("info@leuven.example", before);
    expect(mail!.parsed.subject).toBe("Herinnering: Budget communal 2026");
    expect(mail!.parsed.text).toContain("uiterlijk op 23 maart 2026");
    expect(mail!.parsed.text).toContain("de artikelen II.43 en II.44 van het Bestuursdecreet");
    expect(mail!.parsed.inReplyTo).toBe(firstMessageId);
    expect(mail!.parsed.from?.value[0]?.address).toBe(replyAddressFor(SECRET, request.id, "dossier.test"));
  });
});
