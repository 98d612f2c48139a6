import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBundledDirectory } from "../../authorities/bundled";
import { REGIONS } from "../../authorities/vocabulary";
import { channelKinds, channelsFor, countReach, decideChannel, emailForLaterLetters, usablePostalAddress } from "../../requests/channels";
import { reachTable } from "../../requests/commands";
import { queueEmail } from "../../mail/outbound";
import { UnverifiedRecipientError } from "../../mail/recipient-guard";
import { RequestError } from "../../requests/errors";
import { postLetterPdf, presumedReceipt, recordPosting } from "../../requests/post";
import { createRequest, sendFollowUp } from "../../requests/requests";
import { sendNudge } from "../../requests/escalation/service";
import { dueDate } from "../../authorities/deadline";
import { replyAddressFor } from "../../mail/reply-address";
import type { ProcessContext as Runtime } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";

const SECRET = "c".repeat(40);
const base = { active: true, email: null, email_verified: false, email_source: null, address: null };

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe("which channels reach an authority (requests/channels.ts)", () => {
  it("offers a verified e-mail first, an unverified one only with consent, and post always", () => {
    const verified = channelsFor({ ...base, email: "a@x.be", email_verified: true, email_source: "https://x.be/contact" });
    expect(verified.preferred).toBe("email");
    expect(channelKinds(verified)).toEqual(["email_verified", "post"]);
    const unverified = channelsFor({ ...base, email: "a@x.be", email_source: "a list" });
    expect(unverified.preferred).toBe("post");
    expect(channelKinds(unverified)).toEqual(["post", "email_unverified"]);
    expect(channelKinds(channelsFor(base))).toEqual(["post"]);
    expect(channelsFor({ ...base, active: false, email: "a@x.be", email_verified: true })).toEqual({ active: false, options: [], preferred: null });
  });

  it("never decides for an unverified address without consent to that very address", () => {
    const a = { ...base, email: "Info@X.be", email_source: "a list" };
    expect(decideChannel(a, { channel: "email" })).toEqual({ ok: false, reason: "unverified_email" });
    expect(decideChannel(a, { channel: "email", consentTo: "other@x.be" })).toEqual({ ok: false, reason: "unverified_email" });
    expect(decideChannel(a, { channel: "email", consentTo: "info@x.be" })).toMatchObject({ ok: true, channel: "email", consentAddress: "Info@X.be" });
    expect(decideChannel(a)).toMatchObject({ ok: true, channel: "post" });
    expect(emailForLaterLetters(a, { email_consent_address: null })).toBeNull();
    expect(emailForLaterLetters(a, { email_consent_address: "info@x.be" })).toBe("Info@X.be");
    expect(decideChannel({ ...base, active: false })).toEqual({ ok: false, reason: "inactive_authority" });
    expect(decideChannel(base, { channel: "email" })).toEqual({ ok: false, reason: "no_email" });
  });

  it("uses the directory's postal address only when it can carry a letter; a typed one must have a postcode line", () => {
    expect(usablePostalAddress("Grote Markt 3, 9300 Aalst, België")).toBe("Grote Markt 3\n9300 Aalst\nBelgië");
    expect(usablePostalAddress(" ,  , België")).toBeNull();
    expect(decideChannel(base, { channel: "post", requireAddress: true })).toEqual({ ok: false, reason: "no_postal_address" });
    expect(decideChannel(base, { channel: "post", authorityAddress: "somewhere", requireAddress: true })).toEqual({ ok: false, reason: "no_postal_address" });
    expect(decideChannel(base, { channel: "post", authorityAddress: "Place Léopold 1\n5000 Namur" })).toEqual({ ok: true, channel: "post", postalAddress: "Place Léopold 1\n5000 Namur", proposeAddress: true });
  });

  it("reaches every one of the bundled authorities, and counts the channels per region", () => {
    const rows = loadBundledDirectory().map((r) => r.row);
    expect(rows.length).toBe(1574);
    let reachable = 0;
    for (const row of rows) {
      // The default channel always works; a typed address is enough where the directory has none.
      const decision = decideChannel(row, { authorityAddress: "Rue de la Loi 1\n1000 Bruxelles", requireAddress: true });
      if (decision.ok) reachable++;
      else expect(row.active).toBe(false);
      // An unverified address is never the default.
      if (channelKinds(channelsFor(row)).includes("email_unverified")) expect(decision).toMatchObject({ channel: "post" });
    }
    const lines = countReach(rows, REGIONS);
    console.info(reachTable("bundled directory", lines));
    const total = lines.at(-1)!;
    expect(total.region).toBe("total");
    expect(reachable).toBe(rows.filter((r) => r.active).length);
    expect(total.email_verified + total.email_unverified + total.post_only).toBe(reachable);
    expect(total.email_verified + total.email_unverified + total.post_only + total.inactive).toBe(1574);
    // Every region's line adds up, and Wallonia is no longer out of reach.
    for (const l of lines) expect(l.email_verified + l.email_unverified + l.post_only + l.inactive).toBe(l.authorities);
    expect(lines.find((l) => l.region === "wallonia")!.post_only).toBeGreaterThan(500);
  });

  it("counts an inactive authority apart, and a post-only one with its postal address known", () => {
    const lines = countReach(
      [
        { ...base, region: "brussels", email: "a@b.example", email_verified: true },
        { ...base, region: "brussels", email: "c@d.example", address: "Rue 1, 1000 Bruxelles" },
        { ...base, region: "wallonia", address: "Place 2\n5000 Namur" },
        { ...base, region: "wallonia", active: false },
        { ...base, region: null },
      ],
      ["wallonia", "brussels"],
    );
    expect(lines.map((l) => [l.region, l.authorities, l.email_verified, l.email_unverified, l.post_only, l.postal_address_known, l.inactive])).toEqual([
      ["wallonia", 2, 0, 0, 1, 1, 1],
      ["brussels", 2, 1, 1, 0, 1, 0],
      ["none", 1, 0, 0, 1, 0, 0],
      ["total", 5, 1, 1, 2, 2, 1],
    ]);
    expect(reachTable("test", lines).split("\n")[4]).toBe("| wallonia | 2 | 0 | 0 | 0 | 1 | 1 | 1 |");
  });
});

describe("no letter goes to an unverified address without the requester's recorded consent", () => {
  const database = useTestDatabase();
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = testRuntime(database, { SECRET, MAIL_DOMAIN: "dossier.test", PUBLIC_URL: "https://dossier.test" });
    await runtime.queue.start();
  });
  afterAll(async () => {
    await runtime.close();
  });
  const letters = (requestId: number) => database.db.selectFrom("messages").selectAll().where("request_id", "=", requestId).where("direction", "=", "outbound").orderBy("id").execute();

  it("refuses the e-mail without consent, records who agreed to which address and when, and sends only then", async () => {
    const authority = await insertAuthority(database.db, { email: "gentinfo@stad.gent.example", email_verified: false, email_source: "candidate list", region: "flanders", regime: "flanders", languages: ["nl"] });
    const user = await insertUser(database.db);
    const input = { userId: user.id, authorityId: authority.id, title: "Begroting 2026", body: "De begroting 2026 en de meerjarenplanning." };
    await expect(createRequest(database.db, runtime.queue, runtime.config, { ...input, channel: "email" })).rejects.toMatchObject({ code: "unverified_email" });
    await expect(createRequest(database.db, runtime.queue, runtime.config, { ...input, channel: "email", consentTo: "someone@else.example" })).rejects.toBeInstanceOf(RequestError);
    // Refused before anything is saved: no draft, no letter.
    expect(await database.db.selectFrom("requests").select("id").where("authority_id", "=", authority.id).execute()).toEqual([]);

    const sent = await createRequest(database.db, runtime.queue, runtime.config, { ...input, channel: "email", consentTo: "GentInfo@stad.gent.example" });
    expect(sent.channel).toBe("email");
    expect(sent.request).toMatchObject({ channel: "email", email_consent_address: "gentinfo@stad.gent.example", email_consent_user_id: user.id });
    expect(sent.request.email_consent_at).not.toBeNull();
    const [letter] = await letters(sent.request.id);
    expect(letter).toMatchObject({ delivery_status: "queued", to_addresses: ["gentinfo@stad.gent.example"] });
    const consent = await database.db.selectFrom("events").selectAll().where("request_id", "=", sent.request.id).where("type", "=", "unverified_email_consent").executeTakeFirstOrThrow();
    expect(consent.data).toMatchObject({ address: "gentinfo@stad.gent.example", source: "candidate list" });
  });

  it("sends by post by default, and then no path — follow-up, reminder, the outbox itself — e-mails the unverified address", async () => {
    const authority = await insertAuthority(database.db, { email: "info@unverified.example", email_verified: false, email_source: "a list" });
    const user = await insertUser(database.db);
    const sent = await createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: authority.id, title: "Plan de mobilité", body: "Le plan communal de mobilité et ses annexes." });
    expect(sent.channel).toBe("post");
    const [letter] = await letters(sent.request.id);
    expect(letter).toMatchObject({ delivery_status: "by_post", to_addresses: [] });
    await expect(sendFollowUp(database.db, runtime.queue, runtime.config, { requestId: sent.request.id, userId: user.id, body: "Avez-vous bien reçu ma lettre ?" })).rejects.toMatchObject({ code: "unverified_email" });
    // A reminder after the deadline: the authority's address is not offered to the letters either.
    await recordPosting(database.db, { requestId: sent.request.id, userId: user.id, postedOn: "2026-01-05", registered: false, today: "2026-03-30" });
    await expect(sendNudge(database.db, runtime.queue, runtime.config, { requestId: sent.request.id, userId: user.id, today: "2026-03-30" })).rejects.toMatchObject({ code: "no_email" });
    // Even a caller that bypasses the requests room meets the outbox's guard.
    await expect(
      queueEmail(database.db, runtime.queue, { requestId: sent.request.id, kind: "follow_up", from: { name: "X", address: "x@dossier.test" }, to: ["INFO@unverified.example"], subject: "s", text: "t" }),
    ).rejects.toBeInstanceOf(UnverifiedRecipientError);
    expect((await letters(sent.request.id)).map((l) => l.delivery_status)).toEqual(["by_post"]);
  });

  it("refuses an appeal body's (any other authority's) unverified directory address on a request's thread, even with consent to the request's own", async () => {
    const authority = await insertAuthority(database.db, { email: "info@own.example", email_verified: true });
    await insertAuthority(database.db, { slug: "appeal-body-test", email: "recours@body.example", email_verified: false, email_source: "a guess" });
    const user = await insertUser(database.db);
    const sent = await createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: authority.id, title: "Budget", body: "Le budget 2026." });
    const appeal = { requestId: sent.request.id, kind: "appeal", from: { name: "X", address: "x@dossier.test" }, subject: "Recours", text: "t" };
    await expect(queueEmail(database.db, runtime.queue, { ...appeal, to: ["Recours@Body.example"] })).rejects.toBeInstanceOf(UnverifiedRecipientError);
    await database.db.updateTable("authorities").set({ email_verified: true }).where("slug", "=", "appeal-body-test").execute();
    await expect(queueEmail(database.db, runtime.queue, { ...appeal, to: ["recours@body.example"] })).resolves.toMatchObject({ table: "messages" });
  });
});

describe("letters by post", () => {
  const database = useTestDatabase();
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = testRuntime(database, { SECRET, MAIL_DOMAIN: "dossier.test", PUBLIC_URL: "https://dossier.test" });
    await runtime.queue.start();
  });
  afterAll(async () => {
    await runtime.close();
  });

  it("prints the letter with the address in the window, the law, the reply address and the public page; a typed address becomes a proposal", async () => {
    const commune = await insertAuthority(database.db, { slug: "ciney-test", name_fr: "Commune de Ciney", email: null, address: null, region: "wallonia", regime: "wallonia" });
    const user = await insertUser(database.db, { displayName: "Marie Dupont" });
    const sent = await createRequest(database.db, runtime.queue, runtime.config, {
      userId: user.id,
      authorityId: commune.id,
      title: "Budget 2026",
      body: "Le budget communal 2026 et ses annexes.",
      authorityAddress: "Place de l'Hôtel de Ville 1\n5590 Ciney",
    });
    expect(sent).toMatchObject({ channel: "post", request: { channel: "post", recipient_postal_address: "Place de l'Hôtel de Ville 1\n5590 Ciney" } });
    const proposal = await database.db.selectFrom("change_proposals").selectAll().where("authority_id", "=", commune.id).executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({ field: "address", value: "Place de l'Hôtel de Ville 1\n5590 Ciney", status: "pending", proposer_user_id: user.id });

    const { pdf, filename } = await postLetterPdf(database.db, runtime.config, { requestId: sent.request.id, userId: user.id, today: "2026-02-02" });
    expect(filename).toBe(`dossier-${sent.request.id}-letter.pdf`);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = (await pdfText(pdf)).replace(/\s+/g, " ");
    const reply = replyAddressFor(SECRET, sent.request.id, "dossier.test");
    expect(text).toContain(reply);
    expect(text).toContain(`https://dossier.test/requests/${sent.request.id}`);
    expect(text).toContain("décret du 30 mars 1995");
    expect(text).toContain("5590 Ciney");
    expect(text).toContain("Marie Dupont");
    // Another user cannot print it (it may carry the requester's postal address).
    const other = await insertUser(database.db);
    await expect(postLetterPdf(database.db, runtime.config, { requestId: sent.request.id, userId: other.id, today: "2026-02-02" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("counts the deadline from the presumed receipt (third working day), and from the real one when the citizen knows it", async () => {
    const commune = await insertAuthority(database.db, { email: null, address: "Rue du Centre 1, 4000 Liège", region: "wallonia", regime: "wallonia" });
    const user = await insertUser(database.db);
    const sent = await createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: commune.id, title: "Marchés publics", body: "La liste des marchés publics attribués en 2025." });
    expect(sent.request.recipient_postal_address).toBe("Rue du Centre 1\n4000 Liège");
    expect(sent.request.due_date).toBeNull();
    // Friday 2026-01-09: Monday, Tuesday, Wednesday → 14 January.
    expect(presumedReceipt("2026-01-09", "wallonia")).toBe("2026-01-14");
    const posted = await recordPosting(database.db, { requestId: sent.request.id, userId: user.id, postedOn: "2026-01-09", registered: true, today: "2026-01-10" });
    expect(posted).toMatchObject({ posted_on: "2026-01-09", posted_registered: true, presumed_receipt_assumed: true, received_date: "2026-01-14", due_date: dueDate("wallonia", "2026-01-14") });
    const corrected = await recordPosting(database.db, { requestId: sent.request.id, userId: user.id, postedOn: "2026-01-09", registered: true, receivedOn: "2026-01-12", today: "2026-01-13" });
    expect(corrected).toMatchObject({ received_date: "2026-01-12", presumed_receipt_assumed: false, due_date: dueDate("wallonia", "2026-01-12") });
    await expect(recordPosting(database.db, { requestId: sent.request.id, userId: user.id, postedOn: "2026-01-09", registered: false, receivedOn: "2026-01-01", today: "2026-01-13" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(recordPosting(database.db, { requestId: sent.request.id, userId: user.id, postedOn: "2099-01-01", registered: false, today: "2026-01-13" })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
