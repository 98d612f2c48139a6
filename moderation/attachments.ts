import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { isImageType } from "../core/documents/images";
import { displayMasks, hasMaskable, type MaskLocale } from "./mask";
import type { RedactionRule } from "./redaction";
import type { RedactionOutcome } from "./redact-task";
import { publisherForRequest, type Publisher } from "./publish";

/**
 * What the public may download of an attachment, given the redaction rules
 * of its request: the original (no rule matches), a redacted copy (PDF
 * re-rendered, image repainted after recognition, plain text rewritten),
 * nothing yet ("preparing": the redacted copy is being made) or nothing
 * ("withheld", with the reason admins see).
 *
 * PDFs and images are redacted AHEAD of time, never on a page view
 * (docs/decisions/160-redaction-ahead-of-time.md): redaction depends only
 * on the file and the rules, not on the viewer, so a background job
 * (`redactAttachment`: when the attachment's text is extracted, and again
 * when the rules of its request change) makes the copy in a bounded child
 * process (file-redactor.ts) and stores it in attachment_redactions, keyed
 * by the rules' fingerprint. The web only reads what is stored; a copy made
 * under other rules is never served. The original stays in the file store
 * for administrators.
 */
export type PublicFile =
  | { kind: "original" }
  | { kind: "redacted"; bytes: Buffer; contentType: string }
  | { kind: "preparing" }
  | { kind: "withheld"; reason: string };

/** Reads a stored file by its key (mail/file-store.ts in production). */
export type LoadFile = (fileKey: string) => Promise<Buffer | null>;

interface AttachmentRow {
  id: number;
  file_key: string;
  content_type: string;
  extracted_text: string | null;
}

const isPdf = (type: string) => type.toLowerCase().split(";")[0].trim() === "application/pdf";
/** Files redacted in their pixels: PDFs (text layer or scans) and images (recognised text). */
export const isRedactable = (type: string) => isPdf(type) || isImageType(type);

/** The stored redacted copy is a PDF, or a PNG for a one-page image. */
const typeOfRedacted = (bytes: Buffer) => (bytes.subarray(0, 4).toString("latin1") === "%PDF" ? "application/pdf" : "image/png");

const isText = (type: string) => type.toLowerCase().split(";")[0].trim() === "text/plain";
const isHtml = (type: string) => ["text/html", "application/xhtml+xml"].includes(type.toLowerCase().split(";")[0].trim());

async function storeResult(db: Db | Kysely<Database>, attachmentId: number, fingerprint: string, result: { status: string; reason?: string | null; bytes?: Buffer | null; pages?: number | null; matches?: number | null }) {
  const values = { fingerprint, status: result.status, reason: result.reason ?? null, bytes: result.bytes ?? null, pages: result.pages ?? null, matches: result.matches ?? null };
  await db
    .insertInto("attachment_redactions")
    .values({ attachment_id: attachmentId, ...values })
    .onConflict((oc) => oc.column("attachment_id").doUpdateSet({ ...values, updated_at: new Date() as never }))
    .execute();
}

/**
 * The public form of one attachment under `publisher`'s rules. PDFs and
 * images come from attachment_redactions only ("preparing" until the
 * background job has stored a copy made under these rules); text and HTML
 * files are rewritten here (cheap, and their masks are in the reader's
 * language).
 */
export async function publicFileOf(db: Db | Kysely<Database>, attachment: AttachmentRow, publisher: Publisher, load: LoadFile, locale: MaskLocale = "fr"): Promise<PublicFile> {
  const rules = publisher.redactor.rules;
  const known = attachment.extracted_text;

  if (isRedactable(attachment.content_type)) {
    // Nothing to hide in what we know of the file's text: the original, without reading it.
    if (!publisher.fileNeedsRedaction(known)) return { kind: "original" };
    const stored = await db.selectFrom("attachment_redactions").selectAll().where("attachment_id", "=", attachment.id).executeTakeFirst();
    if (!stored || stored.fingerprint !== publisher.fileFingerprint()) return { kind: "preparing" };
    if (stored.status === "clean") return { kind: "original" };
    if (stored.status === "redacted" && stored.bytes) return { kind: "redacted", bytes: Buffer.from(stored.bytes), contentType: typeOfRedacted(Buffer.from(stored.bytes)) };
    return { kind: "withheld", reason: stored.reason ?? "the file could not be redacted safely" };
  }

  if (isText(attachment.content_type)) {
    const bytes = await load(attachment.file_key);
    if (!bytes) return { kind: "withheld", reason: "the stored file is missing" };
    const text = bytes.toString("utf8");
    const published = displayMasks(publisher.text(text), locale);
    if (published === text) return { kind: "original" };
    return { kind: "redacted", bytes: Buffer.from(published, "utf8"), contentType: "text/plain; charset=utf-8" };
  }

  if (isHtml(attachment.content_type)) {
    const bytes = await load(attachment.file_key);
    if (!bytes) return { kind: "withheld", reason: "the stored file is missing" };
    const html = bytes.toString("utf8");
    if (!publisher.redacts(html) && !hasMaskable(html)) return { kind: "original" };
    const published = publisher.html(html);
    // Unsanitized markup can hide text where the rewriting does not look (comments, scripts): then nothing is served.
    if (publisher.redacts(published) || hasMaskable(published)) return { kind: "withheld", reason: "the HTML file holds personal data that could not be hidden safely" };
    return { kind: "redacted", bytes: Buffer.from(displayMasks(published, locale), "utf8"), contentType: "text/html; charset=utf-8" };
  }

  // Other formats (Word, spreadsheets, archives) cannot be rewritten
  // here: withheld when their text contains what the rules remove.
  if (rules.length > 0 && known && publisher.redacts(known)) {
    return { kind: "withheld", reason: "the file contains redacted text and its format cannot be redacted" };
  }
  return { kind: "original" };
}

/** Makes a file's redacted copy; production: a FileRedactor (bounded child process). */
export type RedactFile = (bytes: Uint8Array, contentType: string, rules: RedactionRule[]) => Promise<RedactionOutcome>;

/**
 * Makes and stores the public copy of one PDF or image under `publisher`'s
 * rules, unless one made under these rules is stored already or the file's
 * known text has nothing to hide. Returns what it stored (null: nothing to do).
 */
export async function redactAttachment(db: Db | Kysely<Database>, attachment: AttachmentRow, publisher: Publisher, deps: { load: LoadFile; redact: RedactFile }): Promise<string | null> {
  if (!isRedactable(attachment.content_type)) return null;
  const fingerprint = publisher.fileFingerprint();
  if (!publisher.fileNeedsRedaction(attachment.extracted_text)) {
    await db.deleteFrom("attachment_redactions").where("attachment_id", "=", attachment.id).execute();
    return null;
  }
  const stored = await db.selectFrom("attachment_redactions").select("fingerprint").where("attachment_id", "=", attachment.id).executeTakeFirst();
  if (stored?.fingerprint === fingerprint) return null;
  const bytes = await deps.load(attachment.file_key);
  const result: RedactionOutcome = bytes ? await deps.redact(bytes, attachment.content_type, publisher.redactor.rules.map((r) => r.rule)) : { status: "unsafe", reason: "the stored file is missing" };
  await storeResult(db, attachment.id, fingerprint, {
    status: result.status,
    reason: result.status === "unsafe" ? result.reason : null,
    bytes: result.status === "redacted" ? Buffer.from(result.bytes) : null,
    pages: result.status === "unsafe" ? null : result.pages,
    matches: result.status === "redacted" ? result.matches : 0,
  });
  return result.status;
}

/** The redaction job of one attachment (after its text was extracted): its request's rules; none for mail in the holding pen. */
export async function redactAttachmentById(db: Db, attachmentId: number, deps: { load: LoadFile; redact: RedactFile }): Promise<string | null> {
  const row = await db
    .selectFrom("attachments as a")
    .innerJoin("messages as m", "m.id", "a.message_id")
    .select(["a.id", "a.file_key", "a.content_type", "a.extracted_text", "m.request_id"])
    .where("a.id", "=", attachmentId)
    .executeTakeFirst();
  if (!row || row.request_id === null || !isRedactable(row.content_type)) return null;
  return redactAttachment(db, row, await publisherForRequest(db, row.request_id), deps);
}

/** Makes again the stored redactions of every attachment of a request (the re-redaction job). */
export async function refreshRequestAttachments(db: Db, requestId: number, deps: { load: LoadFile; redact: RedactFile }): Promise<number> {
  const publisher = await publisherForRequest(db, requestId);
  const attachments = await db
    .selectFrom("attachments as a")
    .innerJoin("messages as m", "m.id", "a.message_id")
    .select(["a.id", "a.file_key", "a.content_type", "a.extracted_text"])
    .where("m.request_id", "=", requestId)
    .orderBy("a.id")
    .execute();
  let n = 0;
  for (const a of attachments) if (await redactAttachment(db, a, publisher, deps)) n++;
  return n;
}
