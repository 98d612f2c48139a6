import { foldAccents } from "../core/text";

/**
 * Response headers for serving a stored attachment (or a redacted copy).
 *
 * Attachments come from anyone who can send mail, so they are treated as
 * hostile: only types a browser displays inertly are shown inline; anything
 * that could run script in our origin (HTML, SVG, XML, JavaScript…) is
 * downloaded as application/octet-stream; and every response carries a
 * sandbox Content-Security-Policy, so even a file the browser decides to
 * render runs in a unique opaque origin with no scripts, no forms, no
 * plugins and no network access. PDFs are the exception: Chromium's PDF
 * viewer refuses to render inside a CSP sandbox, and the viewer never runs a
 * document's script in our origin, so PDFs get nosniff and no sandbox.
 */

export const ATTACHMENT_CSP = "sandbox; default-src 'none'";

const INLINE_SAFE = new Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"]);

/** Types a browser would render as active content; never served as themselves. */
const ACTIVE =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|[a-z]+\/[a-z.+-]*\+xml|text\/javascript|application\/javascript|application\/ecmascript|text\/ecmascript|application\/x-shockwave-flash|text\/xsl|text\/vtt|multipart\/|message\/|application\/vnd\.ms-htmlhelp|text\/cache-manifest)/i;

export interface AttachmentServing {
  filename: string;
  /** The type the sender declared (or we detected). */
  contentType: string;
  /** Ask for a download even for types shown inline. */
  download?: boolean;
  size?: number;
  /** Public files may be cached by browsers and proxies; hidden ones not. */
  cache?: "public" | "private";
}

export interface Served {
  disposition: "inline" | "attachment";
  contentType: string;
}

export function servedAs(contentType: string, download = false): Served {
  const type = contentType.toLowerCase().split(";")[0].trim();
  if (INLINE_SAFE.has(type)) {
    return { disposition: download ? "attachment" : "inline", contentType: type === "text/plain" ? "text/plain; charset=utf-8" : type };
  }
  if (ACTIVE.test(type) || !/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type)) {
    return { disposition: "attachment", contentType: "application/octet-stream" };
  }
  return { disposition: "attachment", contentType: type };
}

/** A filename safe in a header: no paths, quotes or control characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f"]/g, "_")
    .replace(/^\.+/, "")
    .trim()
    .slice(0, 200);
  return cleaned.length > 0 ? cleaned : "attachment";
}

function asciiFallback(name: string): string {
  return foldAccents(name)
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/[\\"%;]/g, "_");
}

/** RFC 6266 / RFC 8187 Content-Disposition with an ASCII fallback. */
export function contentDisposition(disposition: "inline" | "attachment", filename: string): string {
  const name = safeFilename(filename);
  const ascii = asciiFallback(name);
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === name ? `${disposition}; filename="${ascii}"` : `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function attachmentHeaders(file: AttachmentServing): Record<string, string> {
  const served = servedAs(file.contentType, file.download);
  const headers: Record<string, string> = {
    "Content-Type": served.contentType,
    "Content-Disposition": contentDisposition(served.disposition, file.filename),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": file.cache === "public" ? "public, max-age=300" : "private, no-store",
  };
  if (served.contentType !== "application/pdf") headers["Content-Security-Policy"] = ATTACHMENT_CSP;
  if (file.size !== undefined) headers["Content-Length"] = String(file.size);
  return headers;
}
