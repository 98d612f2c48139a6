import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBundledDirectory } from "../../authorities/bundled";
import { importDirectory } from "../../authorities/import";
import { searchDirectory } from "../../authorities/directory";
import { verifyByReply } from "../../authorities/email-verification";
import { TextExtractor } from "../../mail/extract";
import { extractMessageAttachments } from "../../mail/extract-attachments";
import { sniffPaperReply } from "../../mail/paper-reply";
import { uploadPaperReply } from "../../requests/paper-reply";
import { renderPostLetterPdf } from "../../requests/post-letter-pdf";
import { searchAuthorities } from "../../requests/queries";
import { createRequest } from "../../requests/requests";
import type { ProcessContext as Runtime } from "../../server/context";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAuthority, insertUser } from "../support/factories";

describe("replies received on paper, and addresses verified by a reply", () => {
  const database = useTestDatabase();
  let runtime: Runtime;
  const extractor = new TextExtractor({ timeoutMs: 60_000, maxMemoryMb: 256 });
  beforeAll(async () => {
    runtime = testRuntime(database, { SECRET: "p".repeat(40), MAIL_DOMAIN: "dossier.test", PUBLIC_URL: "https://dossier.test" });
    await runtime.queue.start();
  });
  afterAll(async () => {
    await extractor.close();
    await runtime.close();
  });

  it("threads an uploaded PDF as the authority's reply and extracts its text through the attachment pipeline", async () => {
    const authority = await insertAuthority(database.db, { name_fr: "Commune de Wanze", email: null, address: "Place Faniel 8, 4520 Wanze" });
    const owner = await insertUser(database.db);
    const { request } = await createRequest(database.db, runtime.queue, runtime.config, { userId: owner.id, authorityId: authority.id, title: "Permis d'urbanisme", body: "Le permis d'urbanisme délivré rue Neuve en 2025." });
    const scan = await renderPostLetterPdf({ language: "fr", subject: "Votre demande", text: "Nous vous transmettons le permis demandé, référence URB-2025-117.", recipient: { name: "X", address: "Rue 1\n4520 Wanze" }, sender: { name: "Commune de Wanze", postalAddress: null }, replyAddress: "r@dossier.test", publicUrl: "https://dossier.test/requests/1", date: "2026-02-01" });
    // A stranger cannot add a reply; a file of another type is refused with a clear code.
    const stranger = await insertUser(database.db);
    await expect(uploadPaperReply(database.db, runtime, { requestId: request.id, viewer: { userId: stranger.id, isAdmin: false }, dated: "2026-02-01", today: "2026-02-02", filename: "x.pdf", bytes: scan })).rejects.toMatchObject({ code: "forbidden" });
    await expect(uploadPaperReply(database.db, runtime, { requestId: request.id, viewer: { userId: owner.id, isAdmin: false }, dated: "2026-02-01", today: "2026-02-02", filename: "x.exe", bytes: Buffer.from("MZ\x90\x00 not a document") })).rejects.toMatchObject({ code: "unsupported_file" });
    await expect(uploadPaperReply(database.db, runtime, { requestId: request.id, viewer: { userId: owner.id, isAdmin: false }, dated: "2099-02-01", today: "2026-02-02", filename: "x.pdf", bytes: scan })).rejects.toMatchObject({ code: "invalid_input" });

    const { messageId } = await uploadPaperReply(database.db, runtime, { requestId: request.id, viewer: { userId: owner.id, isAdmin: false }, dated: "2026-02-01", today: "2026-02-02", filename: "Réponse commune.pdf", bytes: scan });
    const message = await database.db.selectFrom("messages").selectAll().where("id", "=", messageId).executeTakeFirstOrThrow();
    expect(message).toMatchObject({ request_id: request.id, direction: "inbound", kind: "reply", from_name: "Commune de Wanze", route_reason: "paper_upload", hidden: false });
    const [attachment] = await database.db.selectFrom("attachments").selectAll().where("message_id", "=", messageId).execute();
    expect(attachment).toMatchObject({ content_type: "application/pdf", extraction_status: "pending", filename: "Reponse-commune.pdf" });
    // The extraction job (mail.extract) was queued in the same transaction; run its handler's work here.
    await extractMessageAttachments(database.db, messageId, { files: runtime.files, extractor });
    const extracted = await database.db.selectFrom("attachments").selectAll().where("id", "=", attachment.id).executeTakeFirstOrThrow();
    expect(extracted.extraction_status).toBe("done");
    expect(extracted.extracted_text).toContain("URB-2025-117");
    const event = await database.db.selectFrom("events").selectAll().where("request_id", "=", request.id).where("type", "=", "reply_received").executeTakeFirstOrThrow();
    expect(event.actor_user_id).toBe(owner.id);
    // The requester's own upload alerts nobody.
    const notices = () => database.db.selectFrom("outbound_emails").select(["to_address", "kind", "subject", "body_text"]).where("user_id", "=", owner.id).where("kind", "=", "reply_received").execute();
    expect(await notices()).toEqual([]);
    // An administrator may add one too: the requester gets the same notice as for a reply by e-mail, linking to it.
    const admin = await insertUser(database.db, { role: "admin" });
    const byAdmin = await uploadPaperReply(database.db, runtime, { requestId: request.id, viewer: { userId: admin.id, isAdmin: true }, dated: "2026-02-01", today: "2026-02-02", filename: "photo.png", bytes: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") });
    const [notice] = await notices();
    expect(notice).toMatchObject({ to_address: owner.email, kind: "reply_received" });
    expect(notice.body_text).toContain(`https://dossier.test/requests/${request.id}#message-${byAdmin.messageId}`);
    const notified = await database.db.selectFrom("events").select("data").where("request_id", "=", request.id).where("type", "=", "citizen_notified").execute();
    expect(notified.map((e) => (e.data as { message_id: number }).message_id)).toEqual([byAdmin.messageId]);
  }, 60_000);

  it("recognises files by their bytes", () => {
    expect(sniffPaperReply(Buffer.from("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffPaperReply(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffPaperReply(Buffer.from("PK\x03\x04....word/document.xml", "latin1"))).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(sniffPaperReply(Buffer.from("PK\x03\x04....xl/workbook.xml", "latin1"))).toBeNull();
    expect(sniffPaperReply(Buffer.from("<html>"))).toBeNull();
  });

  it("verifies an authority's address when it replies from that domain, once, in the audit log", async () => {
    const authority = await insertAuthority(database.db, { email: "info@verviers.example", email_verified: false, email_source: "a list" });
    const user = await insertUser(database.db);
    const { request } = await createRequest(database.db, runtime.queue, runtime.config, { userId: user.id, authorityId: authority.id, title: "Subsides", body: "La liste des subsides accordés en 2025.", channel: "email", consentTo: "info@verviers.example" });
    expect(await verifyByReply(database.db, { requestId: request.id, from: "someone@elsewhere.example", eventId: 1 })).toBe(false);
    expect(await verifyByReply(database.db, { requestId: request.id, from: "Secretariat@Verviers.example", eventId: 2 })).toBe(true);
    expect(await verifyByReply(database.db, { requestId: request.id, from: "secretariat@verviers.example", eventId: 3 })).toBe(false);
    const after = await database.db.selectFrom("authorities").selectAll().where("id", "=", authority.id).executeTakeFirstOrThrow();
    expect(after.email_verified).toBe(true);
    expect(after.email_source).toContain("verified by a reply from Secretariat@Verviers.example");
    const audit = await database.db.selectFrom("audit_log").selectAll().where("target_id", "=", authority.id).where("action", "=", "authority.email_verified_by_reply").execute();
    expect(audit).toHaveLength(1);
  });

  it("the new-request form and the directory search give the same list", async () => {
    await importDirectory(database.db, loadBundledDirectory().map((r) => r.row));
    for (const q of ["molenbek", "Gent", "Namur"]) {
      const directory = (await searchDirectory(database.db, { q, perPage: 20 })).items.map((i) => i.slug);
      const form = (await searchAuthorities(database.db, q)).map((a) => a.slug);
      expect(form).toEqual(directory);
    }
    expect((await searchAuthorities(database.db, "Gent")).length).toBeGreaterThan(0);
  }, 60_000);
});
