import type { Kysely } from "kysely";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { BoundedProcess } from "../core/bounded";
import { isImageType } from "../core/documents/images";
import type { RedactionJob, RedactionOutcome } from "./redact-task";
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

let redactor: BoundedProcess<RedactionJob, RedactionOutcome> | null = null;
/**
 * The process that redacts files (one per process, started on first use):
 * rendering, recognition and re-checking run there with time and memory
 * bounds (core/bounded), so a hostile file fails as "unsafe" and withheld,
 * never taking the web or worker process down.
 */
function sharedRedactor(): BoundedProcess<RedactionJob, RedactionOutcome> {
  return (redactor ??= new BoundedProcess({
    task: "moderation/redact-task.ts",
    timeoutMs: 5 * 60_000,
    maxJobMs: 15 * 60_000,
    maxHeapMb: 1024,
    maxRssMb: 2560,
  }));
}

/** Redacts one PDF or image in the bounded process; a file that passes a bound is "unsafe". */
export async function redactFile(bytes: Buffer, contentType: string, rules: RedactionJob["rules"]): Promise<RedactionOutcome> {
  const outcome = await sharedRedactor().run({ kind: isPdf(contentType) ? "pdf" : "image", bytes, rules });
  if (!outcome.ok) return { status: "unsafe", reason: `the redaction ${outcome.failure === "error" ? `failed: ${outcome.error}` : outcome.error}` };
  return outcome.value;
}
const isText = (type: string) => type.toLowerCase().split(";")[0].trim() === "text/plain";

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
export async function publicFileOf(db: Db | Kysely<Database>, attachment: AttachmentRow, publisher: Publisher, load: LoadFile): Promise<PublicFile> {
  const rules = publisher.redactor.rules;
  if (rules.length === 0) return { kind: "original" };
  const fingerprint = rulesFingerprint(rules.map((r) => r.rule));

  if (isRedactable(attachment.content_type)) {
    const stored = await db.selectFrom("attachment_redactions").selectAll().where("attachment_id", "=", attachment.id).executeTakeFirst();
    let status = stored?.fingerprint === fingerprint ? stored : undefined;
    if (!status) {
      const bytes = await load(attachment.file_key);
      if (!bytes) return { kind: "withheld", reason: "the stored file is missing" };
      const result = await redactFile(bytes, attachment.content_type, rules.map((r) => r.rule));
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
    if (!publisher.redacts(text)) return { kind: "original" };
    return { kind: "redacted", bytes: Buffer.from(publisher.redactor.text(text), "utf8"), contentType: "text/plain; charset=utf-8" };
  }

  // Other formats (Word, spreadsheets, archives) cannot be rewritten
  // here: withheld when their text contains what the rules remove.
  if (attachment.extracted_text && publisher.redacts(attachment.extracted_text)) {
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
