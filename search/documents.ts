import type { Db } from "../db/connect";
import { displayMasks, type MaskLocale } from "../moderation/mask";
import { publisherForRequest } from "../moderation/publish";
import type { AuthorityNames, SearchDocument } from "../core/search";

/**
 * What is public, turned into search documents. Only this module decides
 * what reaches an index: a request that is hidden or still a draft, a
 * hidden message or attachment, a message in the holding pen (no request)
 * and bounces (they quote the requester's own message and address) never
 * do; e-mail addresses are blanked from every indexed text, so a
 * requester's address cannot be found even when a reply quotes it.
 */
export const nonPublicRequestStates = ["draft"];
const nonPublicMessageKinds = ["bounce"];

const localChar = /^[\p{L}\p{N}._%+\-]$/u;
const domainChar = /^[\p{L}\p{N}.\-]$/u;
const domainEnd = /[^.]\.\p{L}{2,}/u;

/**
 * Blanks e-mail addresses. A scan from each "@" rather than one regular
 * expression over the text: the expression it replaces rescanned a long
 * unbroken word from every position (quadratic: an 80 KB base64 line took
 * seconds). Each character is looked at a bounded number of times here,
 * because neither scan crosses an "@". Blanks the whole run around the
 * "@" when its domain side ends like a domain (more than the address, never
 * less).
 */
export function scrubPersonalData(text: string): string {
  let out = "";
  let cursor = 0;
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    let start = at;
    while (start > cursor && localChar.test(text[start - 1])) start--;
    let end = at + 1;
    while (end < text.length && domainChar.test(text[end])) end++;
    if (start === at) continue;
    const domain = text.slice(at + 1, end).replace(/[.-]+$/, "");
    // Only the last label decides (bounded: labels are short in any real address).
    const lastDot = domain.lastIndexOf(".");
    if (lastDot <= 0 || !domainEnd.test(domain.slice(lastDot - 1, lastDot + 64))) continue;
    out += `${text.slice(cursor, start)}[…]`;
    cursor = at + 1 + domain.length;
    at = cursor - 1;
  }
  return out + text.slice(cursor);
}

export function requestDocumentId(id: number) {
  return `request-${id}`;
}
export function messageDocumentId(id: number) {
  return `message-${id}`;
}
export function attachmentDocumentId(id: number) {
  return `attachment-${id}`;
}

/** A file type people filter on, from the content type or the file name. */
export function fileTypeOf(contentType: string, filename: string): string {
  const type = contentType.toLowerCase().split(";")[0].trim();
  const extension = filename.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1] ?? "";
  if (type === "application/pdf" || extension === "pdf") return "pdf";
  if (type.includes("wordprocessingml") || type === "application/msword" || ["doc", "docx"].includes(extension)) return "word";
  if (type.includes("spreadsheetml") || type === "application/vnd.ms-excel" || ["xls", "xlsx", "csv", "ods"].includes(extension) || type === "text/csv") return "spreadsheet";
  if (type.includes("opendocument.text") || extension === "odt") return "odt";
  if (type.includes("presentation") || ["ppt", "pptx", "odp"].includes(extension)) return "presentation";
  if (type === "text/html" || ["htm", "html"].includes(extension)) return "html";
  if (type.startsWith("text/") || extension === "txt") return "text";
  if (type.startsWith("image/")) return "image";
  if (type.includes("zip") || ["zip", "7z", "rar"].includes(extension)) return "archive";
  if (type === "message/rfc822" || extension === "eml") return "email";
  return "other";
}

/**
 * Every public document of one request (empty when the request is not
 * public). With `onlyMessageId` (one id or several), the request's own document and those
 * messages' documents only: a new reply is indexed without re-reading the
 * request's earlier messages and attachments.
 */
export async function requestDocuments(db: Db, requestId: number, onlyMessageId?: number | number[]): Promise<SearchDocument[]> {
  const only = onlyMessageId === undefined ? undefined : Array.isArray(onlyMessageId) ? onlyMessageId : [onlyMessageId];
  const request = await db
    .selectFrom("requests as r")
    .leftJoin("authorities as a", "a.id", "r.authority_id")
    .select([
      "r.id",
      "r.title",
      "r.body",
      "r.language",
      "r.state",
      "r.public_slug",
      "r.hidden",
      "r.sent_at",
      "r.created_at",
      "r.authority_id",
      "a.slug as authority_slug",
      "a.name_fr",
      "a.name_nl",
      "a.name_de",
      "a.name_en",
      "a.region",
      "a.kind",
      "a.regime",
    ])
    .where("r.id", "=", requestId)
    .executeTakeFirst();
  if (!request || request.hidden || nonPublicRequestStates.includes(request.state)) return [];
  // The same redaction rules and masking as every public page (moderation/publish.ts).
  const publisher = await publisherForRequest(db, request.id);
  const locale: MaskLocale = (["fr", "nl", "de", "en"] as const).find((l) => l === request.language) ?? "fr";
  const published = (text: string | null | undefined) => scrubPersonalData(displayMasks(publisher.text(text), locale));

  const messages = await db
    .selectFrom("messages")
    .select(["id", "subject", "body_text", "kind", "sent_at", "created_at"])
    .where("request_id", "=", requestId)
    .where("hidden", "=", false)
    .where("kind", "not in", nonPublicMessageKinds)
    .$if(only !== undefined, (q) => q.where("id", "in", only!.length ? only! : [-1]))
    .orderBy("id")
    .execute();
  const attachments = messages.length
    ? await db
        .selectFrom("attachments")
        .select(["id", "message_id", "filename", "content_type", "extracted_text", "text_source", "ocr_pages"])
        .where("message_id", "in", messages.map((m) => m.id))
        .where("hidden", "=", false)
        .orderBy("message_id")
        .orderBy("position")
        .execute()
    : [];

  const names: AuthorityNames = {};
  if (request.name_fr) names.fr = request.name_fr;
  if (request.name_nl) names.nl = request.name_nl;
  if (request.name_de) names.de = request.name_de;
  if (request.name_en) names.en = request.name_en;
  const shared = {
    requestId: request.id,
    requestSlug: request.public_slug,
    title: published(request.title),
    language: request.language,
    authorityId: request.authority_id,
    authoritySlug: request.authority_slug,
    authorityNames: names,
    region: request.region,
    kind: request.kind,
    regime: request.regime,
    state: request.state,
  };
  const documents: SearchDocument[] = [
    {
      ...shared,
      id: requestDocumentId(request.id),
      type: "request",
      messageId: null,
      attachmentId: null,
      subtitle: null,
      body: published(request.body),
      date: new Date((request.sent_at ?? request.created_at) as Date),
      hasAttachments: only === undefined ? attachments.length > 0 : await hasPublicAttachments(db, request.id),
      fileType: null,
    },
  ];
  for (const message of messages) {
    const own = attachments.filter((a) => a.message_id === message.id);
    const date = new Date((message.sent_at ?? message.created_at) as Date);
    documents.push({
      ...shared,
      id: messageDocumentId(message.id),
      type: "message",
      messageId: message.id,
      attachmentId: null,
      subtitle: message.subject ? published(message.subject) : null,
      body: published(message.body_text),
      date,
      hasAttachments: own.length > 0,
      fileType: null,
    });
    for (const attachment of own) {
      documents.push({
        ...shared,
        id: attachmentDocumentId(attachment.id),
        type: "attachment",
        messageId: message.id,
        attachmentId: attachment.id,
        subtitle: publisher.filename(attachment.filename),
        body: published(attachment.extracted_text),
        date,
        hasAttachments: true,
        fileType: fileTypeOf(attachment.content_type, attachment.filename),
        ocrPages: attachment.text_source === "ocr" || attachment.text_source === "mixed" ? (attachment.ocr_pages ?? []) : [],
      });
    }
  }
  return documents;
}

async function hasPublicAttachments(db: Db, requestId: number): Promise<boolean> {
  const row = await db
    .selectFrom("attachments as a")
    .innerJoin("messages as m", "m.id", "a.message_id")
    .select("a.id")
    .where("m.request_id", "=", requestId)
    .where("m.hidden", "=", false)
    .where("m.kind", "not in", nonPublicMessageKinds)
    .where("a.hidden", "=", false)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
