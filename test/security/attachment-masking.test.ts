import PDFDocument from "pdfkit";
import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { FileStore } from "../../core/files";
import { redactAttachmentById } from "../../moderation/attachments";
import { boundedRedaction, fileLoader, MODERATION_REDACT_ATTACHMENT } from "../../moderation/jobs";
import { useTestApp } from "../support/app";
import { useTestDatabase } from "../support/database";
import { insertAttachment, insertAuthority, insertMessage, insertRequest, insertUser } from "../search/factories";

const database = useTestDatabase();
const app = useTestApp(database);

const EMAIL = "claire.requerante@example.org";
const PHONE = "0470 12 34 56";

function pdf(lines: string[]): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.fontSize(14);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** A reply carrying one attachment, on a request whose requester has no redaction rule at all. */
async function storedAttachment(file: { filename: string; contentType: string; bytes: Buffer; text: string | null }): Promise<{ id: number; url: string }> {
  const db = database.db;
  const user = await insertUser(db, `requester-${Math.random().toString(36).slice(2)}@example.org`);
  const authority = await insertAuthority(db);
  const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id });
  const message = await insertMessage(db, { request_id: request.id });
  const key = await new FileStore(app.runtime.config.dataDir).put(file.bytes);
  const attachment = await insertAttachment(db, { message_id: message.id, filename: file.filename, content_type: file.contentType, size: file.bytes.length, file_key: key, extracted_text: file.text });
  expect(await db.selectFrom("redaction_rules").select("id").execute()).toEqual([]);
  return { id: attachment.id, url: `${app.baseUrl}/attachments/${attachment.id}/${file.filename}` };
}

const download = (url: string) => fetch(url, { headers: { "Accept-Language": "fr" } });

async function servedAttachment(file: { filename: string; contentType: string; bytes: Buffer; text: string | null }): Promise<Response> {
  return download((await storedAttachment(file)).url);
}

/** Finding 6 (Medium): the requester's e-mail and phone never reach the public in an attachment. */
describe("masking in attachments", () => {
  const letter = `Madame, nous avons bien reçu votre demande envoyée par ${EMAIL}. Pour toute question : ${PHONE}.`;

  it("masks a text attachment", async () => {
    const res = await servedAttachment({ filename: "reponse.txt", contentType: "text/plain", bytes: Buffer.from(letter), text: letter });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(EMAIL);
    expect(body).not.toContain(PHONE);
    expect(body).toContain("[adresse e-mail]");
    expect(body).toContain("nous avons bien reçu votre demande");
  });

  it("masks an HTML attachment, links included", async () => {
    const html = `<html><body><p>${letter}</p><p><a href="mailto:${EMAIL}">écrire</a> <a href="tel:+32470123456">appeler</a></p></body></html>`;
    const res = await servedAttachment({ filename: "reponse.html", contentType: "text/html", bytes: Buffer.from(html), text: letter });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(EMAIL);
    expect(body).not.toContain(PHONE);
    expect(body).not.toContain("+32470123456");
    expect(body).toContain("nous avons bien reçu votre demande");
  });

  it("sends a PDF through the redaction pipeline when the requester has no rules", async () => {
    const bytes = await pdf(["Madame,", `Votre demande envoyée par ${EMAIL} est bien reçue.`, `Pour toute question : ${PHONE}.`, "Le budget 2026 est en annexe."]);
    const { id, url } = await storedAttachment({ filename: "reponse.pdf", contentType: "application/pdf", bytes, text: null });
    // Its text is not known yet: "being prepared" (and a job asked for), never the original.
    const early = await download(url);
    expect(early.status).toBe(503);
    expect(await early.text()).not.toContain(EMAIL);
    const asked = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${MODERATION_REDACT_ATTACHMENT} and data->>'attachmentId' = ${String(id)}`.execute(database.db);
    expect(asked.rows[0].n).toBe(1);
    // The worker's job makes the copy in the bounded redaction process; the web serves it.
    await redactAttachmentById(database.db, id, { load: fileLoader(new FileStore(app.runtime.config.dataDir)), redact: boundedRedaction });
    const res = await download(url);
    expect(res.status).toBe(200);
    const served = Buffer.from(await res.arrayBuffer());
    expect(served.subarray(0, 5).toString()).toBe("%PDF-");
    expect(served.equals(bytes)).toBe(false);
    // The redacted copy is re-rendered pages (moderation/pdf-redact.ts): no text layer left to leak.
    const text = await pdfText(served);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain("0470");
    expect(served.toString("latin1")).not.toContain("requerante");
    const stored = await database.db.selectFrom("attachment_redactions").select(["status", "matches"]).executeTakeFirstOrThrow();
    expect(stored.status).toBe("redacted");
    expect(stored.matches).toBeGreaterThanOrEqual(2);
  });

  it("serves a file with nothing to hide as it is", async () => {
    const plain = "Le budget 2026 est en annexe.";
    const res = await servedAttachment({ filename: "note.txt", contentType: "text/plain", bytes: Buffer.from(plain), text: plain });
    expect(await res.text()).toBe(plain);
  });
});
