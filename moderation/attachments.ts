import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { isImageType } from "../core/documents/images";
import type { TextRange } from "./html-text";
import { redactImage } from "./image-redact";
import { displayMasks, findMasks, hasMaskable, type MaskLocale } from "./mask";
import { redactPdf } from "./pdf-redact";
import { findRedactions } from "./redaction";
import { publisherForRequest, type Publisher } from "./publish";
import { rulesFingerprint } from "./rules";

/**
 * What the public may download of an attachment, given the redaction rules
 * of its request: the original (no rule matches), a redacted copy (PDF
 * re-rendered, image repainted after recognition, plain text rewritten) or
 * nothing ("withheld", with the reason admins see). PDF and image results
 * are stored in attachment_redactions, keyed by a fingerprint of the rules,
 * so a page view never renders a file that the re-redaction job already
 * did. The original stays in the file store for administrators.
 */
export type PublicFile =
  | { kind: "original" }
  | { kind: "redacted"; bytes: Buffer; contentType: string }
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
const isRedactable = (type: string) => isPdf(type) || isImageType(type);

/** The stored redacted copy is a PDF, or a PNG for a one-page image. */
const typeOfRedacted = (bytes: Buffer) => (bytes.subarray(0, 4).toString("latin1") === "%PDF" ? "application/pdf" : "image/png");

/**
 * Redacts one PDF or image in this process (pdf.js, Tesseract), bounded by
 * each redactor's whole-document deadline and page caps; a file it cannot
 * handle is "unsafe".
 */
export async function redactFile(bytes: Buffer, contentType: string, find: (text: string) => TextRange[]): Promise<RedactionOutcome> {
  if (!isPdf(contentType)) return redactImage(bytes, find);
  const result = await redactPdf(bytes, find);
  return result.status === "redacted" ? { status: "redacted", bytes: result.bytes, pages: result.pages, matches: result.matches } : result.status === "clean" ? { status: "clean", pages: result.pages } : result;
}

type RedactionOutcome = { status: "clean"; pages: number } | { status: "redacted"; bytes: Buffer; pages: number; matches: number } | { status: "unsafe"; reason: string };
const isText = (type: string) => type.toLowerCase().split(";")[0].trim() === "text/plain";
const isHtml = (type: string) => ["text/html", "application/xhtml+xml"].includes(type.toLowerCase().split(";")[0].trim());

/**
 * Masking joins the redaction rules in every text-bearing attachment
 * (finding 6 of issue 17): e-mail addresses and phone numbers, the
 * requester's among them, are hidden in text, HTML and PDF files even when
 * no rule applies. Part of the PDF fingerprint, so results stored before
 * masking was applied are made again.
 */
const MASKING_VERSION = "masks-1";

/** What a PDF page's text loses: the rules' matches and every maskable address or number. */
function rangesToHide(text: string, publisher: Publisher): TextRange[] {
  const redactions = findRedactions(text, publisher.redactor.rules);
  const masks = findMasks(text).filter((m) => !redactions.some((r) => m.start < r.end && m.end > r.start));
  return [...redactions, ...masks];
}

async function storeResult(db: Db | Kysely<Database>, attachmentId: number, fingerprint: string, result: { status: string; reason?: string | null; bytes?: Buffer | null; pages?: number | null; matches?: number | null }) {
  const values = { fingerprint, status: result.status, reason: result.reason ?? null, bytes: result.bytes ?? null, pages: result.pages ?? null, matches: result.matches ?? null };
  await db
    .insertInto("attachment_redactions")
    .values({ attachment_id: attachmentId, ...values })
    .onConflict((oc) => oc.column("attachment_id").doUpdateSet({ ...values, updated_at: new Date() as never }))
    .execute();
}

/**
 * The public form of one attachment under `publisher`'s rules; computes and
 * stores the PDF redaction when it is missing or was made under other rules.
 */
export async function publicFileOf(db: Db | Kysely<Database>, attachment: AttachmentRow, publisher: Publisher, load: LoadFile, locale: MaskLocale = "fr"): Promise<PublicFile> {
  const rules = publisher.redactor.rules;
  const known = attachment.extracted_text;
  // Nothing to hide in what we know of the file's text: the original, without reading it.
  const nothingToHide = known !== null && !publisher.redacts(known) && !hasMaskable(known);

  if (isRedactable(attachment.content_type)) {
    if (nothingToHide) return { kind: "original" };
    const fingerprint = `${rulesFingerprint(rules.map((r) => r.rule))}+${MASKING_VERSION}`;
    const stored = await db.selectFrom("attachment_redactions").selectAll().where("attachment_id", "=", attachment.id).executeTakeFirst();
    let status = stored?.fingerprint === fingerprint ? stored : undefined;
    if (!status) {
      const bytes = await load(attachment.file_key);
      if (!bytes) return { kind: "withheld", reason: "the stored file is missing" };
      const result = await redactFile(bytes, attachment.content_type, (text) => rangesToHide(text, publisher));
      await storeResult(db, attachment.id, fingerprint, {
        status: result.status,
        reason: result.status === "unsafe" ? result.reason : null,
        bytes: result.status === "redacted" ? Buffer.from(result.bytes) : null,
        pages: result.status === "unsafe" ? null : result.pages,
        matches: result.status === "redacted" ? result.matches : 0,
      });
      status = (await db.selectFrom("attachment_redactions").selectAll().where("attachment_id", "=", attachment.id).executeTakeFirstOrThrow());
    }
    if (status.status === "clean") return { kind: "original" };
    if (status.status === "redacted" && status.bytes) return { kind: "redacted", bytes: Buffer.from(status.bytes), contentType: typeOfRedacted(Buffer.from(status.bytes)) };
    return { kind: "withheld", reason: status.reason ?? "the file could not be redacted safely" };
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

/** Recomputes the stored redactions of every attachment of a request (the re-redaction job). */
export async function refreshRequestAttachments(db: Db, requestId: number, load: LoadFile): Promise<number> {
  const publisher = await publisherForRequest(db, requestId);
  const attachments = await db
    .selectFrom("attachments as a")
    .innerJoin("messages as m", "m.id", "a.message_id")
    .select(["a.id", "a.file_key", "a.content_type", "a.extracted_text"])
    .where("m.request_id", "=", requestId)
    .orderBy("a.id")
    .execute();
  let n = 0;
  for (const a of attachments) {
    if (!isRedactable(a.content_type)) continue;
    if (publisher.redactor.empty) {
      await db.deleteFrom("attachment_redactions").where("attachment_id", "=", a.id).execute();
      continue;
    }
    await publicFileOf(db, a, publisher, load);
    n++;
  }
  return n;
}
