import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import mailsplit from "@zone-eu/mailsplit";
import { simpleParser, type AddressObject, type HeaderValue } from "mailparser";
import { extensionOf, normaliseContentType, BY_EXTENSION } from "./content-type";
import { htmlToPlainText } from "./html-text";
import { parseTnef, isTnef } from "./tnef";
import { cleanText, decodeBytes, repairC1 } from "./text";
import { extractUuencoded } from "./uuencode";

/** Routing-relevant header values, raw (undecoded addresses survive malformed headers). */
export interface RoutingHeaders {
  to: string[];
  cc: string[];
  bcc: string[];
  deliveredTo: string[];
  xOriginalTo: string[];
  envelopeTo: string[];
  /** Addresses from `Received: … for <address>` clauses. */
  receivedFor: string[];
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  /** The content type the sender declared, before normalisation. */
  declaredContentType: string | null;
  size: number;
  sha256: string;
  content: Buffer;
  /** Where the part came from: a MIME part, inside a winmail.dat, uuencoded in a body, or inside an attached message. */
  origin: "mime" | "tnef" | "uuencode" | "rfc822";
  contentId: string | null;
  /** An inline part referenced from the HTML (cid:), such as a signature logo. */
  related: boolean;
}

export interface ParsedAddress {
  address: string | null;
  name: string | null;
}

export interface ParsedMessage {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: ParsedAddress;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string | null;
  date: Date | null;
  routing: RoutingHeaders;
  /** `null` when there is no Return-Path header; `""` for the null sender `<>`. */
  returnPath: string | null;
  /** Top-level content type, lower-case, and its report-type parameter. */
  contentType: string;
  reportType: string | null;
  /** A message/delivery-status part is present somewhere in the MIME tree (DSNs are often wrapped in multipart/mixed). */
  hasDeliveryStatus: boolean;
  /** Every header, name lower-cased, values unfolded and cleaned (for classification and display). */
  headers: Record<string, string[]>;
  attachments: ParsedAttachment[];
  warnings: string[];
  /**
   * Set when the parser gave up: its own reason, with the limit it hit. The
   * message is then kept in the holding pen for an administrator (mail/ingest.ts).
   */
  unreadable: string | null;
}

const MAX_DEPTH = 4;
const MAX_ATTACHMENTS = 500;

export function sha256(buf: Uint8Array): string {
  return createHash("sha256").update(buf).digest("hex");
}

function emptyMessage(warnings: string[]): ParsedMessage {
  return {
    messageId: null,
    inReplyTo: [],
    references: [],
    from: { address: null, name: null },
    replyTo: null,
    subject: "",
    text: "",
    html: null,
    date: null,
    routing: { to: [], cc: [], bcc: [], deliveredTo: [], xOriginalTo: [], envelopeTo: [], receivedFor: [] },
    returnPath: null,
    contentType: "text/plain",
    reportType: null,
    hasDeliveryStatus: false,
    headers: {},
    attachments: [],
    warnings,
    unreadable: null,
  };
}

/** mailparser's MIME splitter (@zone-eu/mailsplit) stops at these; the reason we keep names them. */
const PARSER_LIMITS: Array<[RegExp, string]> = [
  [/max header size/i, "the header section of one MIME part exceeds the parser's limit of 1 MiB (each header line counts at least 64 bytes: at most 16,384 lines)"],
  [/max allowed child nodes/i, "the message has more MIME parts than the parser's limit of 1,000"],
];

/** The parser's own error, with the limit it hit when it is a known one. */
export function unreadableReason(error: string): string {
  const limit = PARSER_LIMITS.find(([pattern]) => pattern.test(error));
  return limit ? `parser: ${error} — ${limit[1]}` : `parser: ${error}`;
}

/**
 * From, Subject and Message-ID read straight from the first 64 KiB of bytes,
 * for a message the parser could not read: enough for an administrator to
 * recognise it in the holding pen.
 */
export function scanHeaders(raw: Buffer): Pick<ParsedMessage, "from" | "subject" | "messageId"> {
  const head = raw.subarray(0, 64 * 1024).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const section = end >= 0 ? head.slice(0, end) : head;
  const field = (name: string) => {
    const m = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, "im").exec(section);
    return m ? cleanHeaderText(m[1].replace(/\r?\n[ \t]+/g, " ")).slice(0, 500) : null;
  };
  const from = field("from");
  const address = from ? (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /([^\s<>"]+@[^\s<>"]+)/.exec(from)?.[1] ?? null) : null;
  return {
    from: { address: address ? address.toLowerCase() : null, name: from && !address ? from : from?.replace(/<[^>]*>/, "").replace(/"/g, "").trim() || null },
    subject: field("subject") ?? "",
    messageId: messageIds(field("message-id") ?? undefined)[0] ?? null,
  };
}

/**
 * Parse a raw RFC 822 message into the structure the ingest pipeline needs.
 * Never throws: a message mailparser cannot read comes back empty with a
 * warning, and every string in the result is valid UTF-8 without NUL bytes.
 */
export async function parseRawMessage(raw: Buffer, depth = 0): Promise<ParsedMessage> {
  const warnings: string[] = [];
  try {
    return await parseInner(raw, depth, warnings);
  } catch (e) {
    const error = cleanText((e as Error).message);
    warnings.push(`unparseable message: ${error}`);
    const fallback = emptyMessage(warnings);
    fallback.unreadable = unreadableReason(error);
    return { ...fallback, ...scanHeaders(raw) };
  }
}

/** Charsets named anywhere in the message: hints for unlabelled text in the same message. */
function charsetHints(raw: Buffer): string[] {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString("latin1");
  const hints = new Set<string>();
  for (const m of head.matchAll(/charset\s*=\s*"?([A-Za-z0-9_.:-]{2,40})/gi)) hints.add(m[1].toLowerCase());
  for (const m of head.matchAll(/=\?([A-Za-z0-9_.:-]{2,40})(?:\*[^?]*)?\?[bBqQ]\?/g)) hints.add(m[1].toLowerCase());
  for (const h of ["utf-8", "us-ascii", "ascii", "iso-8859-1", "windows-1252"]) hints.delete(h);
  // gb2312 text often uses characters only gb18030 (its superset) can decode.
  const out = [...hints].map((h) => (h === "gb2312" || h === "gbk" ? "gb18030" : h));
  return out.slice(0, 5);
}

/**
 * Re-encode every body text part as UTF-8 before mailparser sees it, so that
 * mislabelled (iso-8859-1 that is really windows-1252), unlabelled (GB18030
 * with no charset) and UTF-7 parts come out right instead of as U+FFFD.
 */
async function normaliseTextCharsets(raw: Buffer, hints: string[]): Promise<Buffer> {
  const splitter = new mailsplit.Splitter();
  const joiner = new mailsplit.Joiner();
  const rewriter = new mailsplit.Rewriter(
    (node) =>
      (node.contentType === "text/plain" || node.contentType === "text/html") &&
      node.disposition !== "attachment" &&
      !node.filename,
  );
  rewriter.on("node", (data) => {
    const chunks: Buffer[] = [];
    data.decoder.on("data", (c: Buffer) => chunks.push(c));
    data.decoder.on("end", () => {
      const bytes = Buffer.concat(chunks);
      const declared = data.node.charset || null;
      let { text } = decodeBytes(bytes, declared, hints);
      if (data.node.contentType === "text/html") {
        // A <meta charset> that disagrees with the now-UTF-8 bytes would mislead browsers later.
        text = text.replace(/(<meta[^>]+charset\s*=\s*["']?)[A-Za-z0-9_.:-]+/gi, "$1utf-8");
      }
      data.node.setCharset("utf-8");
      data.encoder.end(Buffer.from(text, "utf8"));
    });
    data.decoder.on("error", (e: Error) => data.encoder.emit("error", e));
  });
  const out: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    joiner.on("data", (c: Buffer) => out.push(c));
    (joiner as unknown as NodeJS.EventEmitter).on("end", () => resolve());
    for (const s of [splitter, rewriter, joiner] as unknown as NodeJS.EventEmitter[]) s.on("error", reject);
    Readable.from([raw]).pipe(splitter).pipe(rewriter).pipe(joiner);
  });
  return Buffer.concat(out);
}

function headerLines(parsed: { headerLines: Array<{ key: string; line: string }> }): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { key, line } of parsed.headerLines ?? []) {
    const colon = line.indexOf(":");
    const value = cleanText(line.slice(colon + 1).replace(/\r?\n[ \t]*/g, " ").trim());
    const k = key.toLowerCase();
    (out[k] ??= []).push(value.slice(0, 10_000));
  }
  return out;
}

/** Decode RFC 2047 encoded words ourselves: mailparser refuses UTF-7 and keeps broken UTF-8 as U+FFFD. */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?*\s]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g;
  // Whitespace between adjacent encoded words is not part of the text (RFC 2047 §6.2).
  const joined = value.replace(/(\?=)\s+(?==\?)/g, "$1");
  let result = "";
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (!pending) return;
    const bytes = Buffer.concat(pending.bytes);
    const key = pending.charset.toLowerCase().replace(/[^a-z0-9]/g, "");
    if (key === "utf8") {
      result += new TextDecoder("utf-8").decode(bytes).replace(/\uFFFD+$/, "");
    } else {
      result += decodeBytes(bytes, pending.charset).text;
    }
    pending = null;
  };
  for (const m of joined.matchAll(word)) {
    const between = joined.slice(last, m.index);
    if (between) {
      flush();
      result += between;
    }
    const [, charset, enc, data] = m;
    const bytes = enc.toUpperCase() === "B" ? Buffer.from(data, "base64") : decodeQ(data);
    if (pending && pending.charset.toLowerCase() === charset.toLowerCase()) pending.bytes.push(bytes);
    else {
      flush();
      pending = { charset, bytes: [bytes] };
    }
    last = (m.index ?? 0) + m[0].length;
  }
  flush();
  result += joined.slice(last);
  return result;
}

function decodeQ(data: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === "_") bytes.push(0x20);
    else if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(data.slice(i + 1, i + 3))) {
      bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === "=") {
      // a dangling "=" at the end of a broken word carries nothing
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}

/** A header value as found on the wire: raw 8-bit bytes read as UTF-8 when valid, else Windows-1252. */
function decodeRawHeader(value: string): string {
  // mailparser hands header lines over as binary strings in some paths; recover the bytes.
  if (/[\u0080-\u00FF]/.test(value) && !/[\u0100-\uFFFF]/.test(value)) {
    return decodeBytes(Buffer.from(value, "latin1")).text;
  }
  return value;
}

function cleanHeaderText(value: string): string {
  return repairC1(cleanText(decodeEncodedWords(decodeRawHeader(value)))).replace(/\s+/g, " ").trim();
}

function messageIds(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const joined = Array.isArray(value) ? value.join(" ") : value;
  const ids = [...joined.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);
  if (ids.length === 0 && joined.trim() && !/\s/.test(joined.trim())) ids.push(joined.trim().replace(/^<|>$/g, ""));
  return [...new Set(ids.map((id) => cleanText(id).toLowerCase()))].slice(0, 100);
}

function firstAddress(obj: AddressObject | AddressObject[] | undefined): ParsedAddress {
  const list = Array.isArray(obj) ? obj : obj ? [obj] : [];
  for (const o of list) {
    for (const v of o.value ?? []) {
      if (v.address || v.name) {
        return { address: v.address ? cleanText(v.address).toLowerCase() : null, name: v.name ? cleanHeaderText(v.name) || null : null };
      }
    }
    if (o.text) return { address: null, name: cleanHeaderText(o.text) || null };
  }
  return { address: null, name: null };
}

/**
 * The "for <address>" clauses of Received headers. The local part cannot
 * hold "@": with it, "for a@a@a@…" backtracked to every "@" and rescanned
 * the rest from each (quadratic in a header line).
 */
export function receivedFor(received: string[]): string[] {
  const out: string[] = [];
  for (const line of received) {
    for (const m of line.matchAll(/\bfor\s+<?([^\s<>;@]+@[^\s<>;]+?)>?\s*(?:;|\(|$)/gi)) out.push(m[1]);
  }
  return out;
}

function fallbackName(index: number, contentType: string): string {
  const ext = Object.entries(BY_EXTENSION).find(([, t]) => t === contentType)?.[0] ?? "bin";
  return `attachment-${index}.${ext}`;
}

function cleanFilename(name: string | null | undefined): string | null {
  if (!name) return null;
  let n = cleanHeaderText(name);
  // Never let a path through: only the last segment counts.
  n = n.split(/[\\/]/).pop() ?? "";
  n = n.replace(/\uFFFD+/g, "_").replace(/^\.+/, "").trim();
  return n ? n.slice(0, 255) : null;
}

function makeAttachment(
  content: Buffer,
  filename: string | null,
  declared: string | null,
  origin: ParsedAttachment["origin"],
  index: number,
  extra: Partial<Pick<ParsedAttachment, "contentId" | "related">> = {},
): ParsedAttachment {
  const contentType = normaliseContentType(declared, filename, content);
  return {
    filename: filename ?? fallbackName(index, contentType),
    contentType,
    declaredContentType: declared ? cleanText(declared).toLowerCase().slice(0, 255) : null,
    size: content.length,
    sha256: sha256(content),
    content,
    origin,
    contentId: extra.contentId ? cleanText(extra.contentId).slice(0, 255) : null,
    related: extra.related ?? false,
  };
}

/** The text shown for an attached message: its main headers, then its body. */
function attachedMessageText(m: ParsedMessage): string {
  const lines = [
    m.from.address || m.from.name ? `From: ${[m.from.name, m.from.address ? `<${m.from.address}>` : null].filter(Boolean).join(" ")}` : null,
    m.routing.to.length ? `To: ${m.routing.to.join(", ")}` : null,
    m.date ? `Date: ${m.date.toUTCString()}` : null,
    m.subject ? `Subject: ${m.subject}` : null,
  ].filter(Boolean);
  return `${lines.join("\n")}\n\n${m.text}`;
}

async function parseInner(raw: Buffer, depth: number, warnings: string[]): Promise<ParsedMessage> {
  const hints = charsetHints(raw);
  let source = raw;
  try {
    source = await normaliseTextCharsets(raw, hints);
  } catch (e) {
    warnings.push(`charset normalisation skipped: ${cleanText((e as Error).message)}`);
  }
  const parsed = await simpleParser(source, {
    skipImageLinks: true,
    skipTextLinks: true,
    skipTextToHtml: true,
    keepCidLinks: true,
    maxHtmlLengthToParse: 5_000_000,
  });
  const headers = headerLines(parsed as unknown as { headerLines: Array<{ key: string; line: string }> });
  const h = (name: string) => headers[name] ?? [];

  const message = emptyMessage(warnings);
  message.headers = headers;
  message.messageId = messageIds(parsed.messageId)[0] ?? null;
  message.inReplyTo = messageIds(parsed.inReplyTo);
  message.references = messageIds(parsed.references);
  message.from = firstAddress(parsed.from);
  message.replyTo = firstAddress(parsed.replyTo).address;
  message.subject = h("subject")[0] !== undefined ? cleanHeaderText(h("subject")[0]) : cleanHeaderText(parsed.subject ?? "");
  message.date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
  message.routing = {
    to: h("to"),
    cc: h("cc"),
    bcc: h("bcc"),
    deliveredTo: h("delivered-to"),
    xOriginalTo: h("x-original-to"),
    envelopeTo: [...h("envelope-to"), ...h("x-envelope-to")],
    receivedFor: receivedFor(h("received")),
  };
  const rp = h("return-path")[0];
  message.returnPath = rp === undefined ? null : rp.replace(/[<>\s]/g, "").toLowerCase();
  const ct = parsed.headers.get("content-type") as (HeaderValue & { value?: string; params?: Record<string, string> }) | undefined;
  message.contentType = (ct && typeof ct === "object" && "value" in ct && typeof ct.value === "string" ? ct.value : "text/plain").toLowerCase();
  const reportType = ct && typeof ct === "object" && "params" in ct ? ct.params?.["report-type"] : undefined;
  message.reportType = reportType ? cleanText(reportType).toLowerCase() : null;

  const head = raw.subarray(0, Math.min(raw.length, 512 * 1024)).toString("latin1");
  message.hasDeliveryStatus = /^content-type:\s*message\/(?:global-)?delivery-status/im.test(head);
  if (!message.reportType) {
    const nested = /^content-type:\s*multipart\/report;[^]{0,300}?report-type\s*=\s*"?([a-z-]+)/im.exec(head);
    if (nested) message.reportType = nested[1].toLowerCase();
  }

  message.html = typeof parsed.html === "string" && parsed.html.trim() ? cleanText(parsed.html) : null;
  let text = repairC1(cleanText(parsed.text ?? ""));
  if (!text.trim() && message.html) text = htmlToPlainText(message.html);

  const attachments: ParsedAttachment[] = [];
  const add = (a: ParsedAttachment) => {
    if (attachments.length < MAX_ATTACHMENTS) attachments.push(a);
    else if (!warnings.some((w) => w.startsWith("too many attachments"))) warnings.push(`too many attachments: only the first ${MAX_ATTACHMENTS} are kept`);
  };

  // uuencoded files pasted into the body (old Exchange and Lotus gateways do this).
  const uu = extractUuencoded(text);
  if (uu.files.length > 0) {
    text = uu.text;
    for (const f of uu.files) add(makeAttachment(f.content, cleanFilename(f.filename), null, "uuencode", attachments.length + 1));
  }
  warnings.push(...uu.warnings);

  for (const part of parsed.attachments ?? []) {
    const content = Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content ?? []);
    const filename = cleanFilename(part.filename);
    const declared = part.contentType ?? null;
    const ext = extensionOf(filename);
    const isMessage = declared?.toLowerCase() === "message/rfc822" || ((ext === "eml" || ext === "email") && !/^text\//.test(declared ?? ""));
    if (isMessage && depth < MAX_DEPTH) {
      const inner = await parseRawMessage(content, depth + 1);
      const name = cleanFilename(filename && ext !== "email" && ext !== "eml" ? filename : inner.subject ? `${inner.subject}.txt` : "attached-message.txt") ?? "attached-message.txt";
      const asText = Buffer.from(attachedMessageText(inner), "utf8");
      add(makeAttachment(asText, /\.txt$/i.test(name) ? name : `${name}.txt`, "text/plain", "rfc822", attachments.length + 1));
      for (const a of inner.attachments) add({ ...a, origin: "rfc822" });
      warnings.push(...inner.warnings.map((w) => `attached message: ${w}`));
      continue;
    }
    const isTnefPart = /ms-tnef/i.test(declared ?? "") || (/^winmail\.dat$/i.test(filename ?? "") && isTnef(content)) || isTnef(content);
    if (isTnefPart) {
      const tnef = parseTnef(content);
      warnings.push(...tnef.warnings);
      for (const f of tnef.files) add(makeAttachment(f.content, cleanFilename(f.filename), f.contentType, "tnef", attachments.length + 1));
      if (!message.html && tnef.htmlBytes) message.html = decodeBytes(tnef.htmlBytes, null, hints).text;
      if (!text.trim() && tnef.body) text = cleanText(tnef.body);
      if (!text.trim() && message.html) text = htmlToPlainText(message.html);
      if (tnef.files.length === 0 && !tnef.body && !tnef.htmlBytes) warnings.push("TNEF part held no files");
      continue;
    }
    add(
      makeAttachment(content, filename, declared, "mime", attachments.length + 1, {
        contentId: part.contentId ?? part.cid ?? null,
        related: Boolean(part.related),
      }),
    );
  }

  message.text = text;
  message.attachments = attachments;
  return message;
}
