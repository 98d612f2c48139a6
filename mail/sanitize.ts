import sanitizeHtmlLib from "sanitize-html";
import type { Locale } from "../core/i18n/locales";

export type { Locale };

const BLOCKED_IMAGE: Record<Locale, string> = {
  fr: "[image externe bloquée]",
  nl: "[externe afbeelding geblokkeerd]",
  de: "[externes Bild blockiert]",
  en: "[remote image blocked]",
};

export interface SanitizeOptions {
  locale?: Locale;
  /** Content-ID (without <>) → URL of the stored attachment, for inline images (cid:). */
  cidUrls?: Record<string, string>;
}

/**
 * Inline styles our page may keep, as classes: the page's Content-Security-
 * Policy refuses every `style=` attribute (and says so in the console), so a
 * reply's emphasis and alignment become classes of app/styles.css and the
 * rest of its look (colours, fonts, sizes) is dropped.
 */
const STYLE_CLASSES: [RegExp, string][] = [
  [/font-weight:\s*(bold|bolder|[6-9]00)\b/i, "mail-bold"],
  [/font-style:\s*(italic|oblique)\b/i, "mail-italic"],
  [/text-decoration:\s*underline\b/i, "mail-underline"],
  [/text-decoration:\s*line-through\b/i, "mail-strike"],
  [/text-align:\s*center\b/i, "mail-center"],
  [/text-align:\s*right\b/i, "mail-right"],
];
export const mailStyleClasses = STYLE_CLASSES.map(([, name]) => name);

function styleAsClasses(attribs: Record<string, string>): Record<string, string> {
  const { style, class: _ignored, ...rest } = attribs;
  const classes = style ? STYLE_CLASSES.filter(([pattern]) => pattern.test(style)).map(([, name]) => name) : [];
  return classes.length ? { ...rest, class: classes.join(" ") } : rest;
}

/**
 * A reply's headings sit under the page's own outline: the page has its h1,
 * the thread its h2 and each message's subject an h3, so a reply's h1 becomes
 * an h4 and deeper levels follow, never past h6.
 */
const HEADING_OFFSET = 3;
function demotedHeading(tagName: string): string {
  return `h${Math.min(6, Number(tagName.slice(1)) + HEADING_OFFSET)}`;
}

/**
 * Sanitize incoming HTML for display inside our page. Removes scripts, event
 * handlers, javascript:/data: links, forms, frames, SVG/MathML, <style>,
 * <link>, <meta> and <base>; turns inline styles into a few classes (no
 * style attribute reaches the page); demotes headings; replaces remote images with a
 * visible placeholder so opening a reply does not tell the sender it was read.
 */
export function sanitizeIncomingHtml(html: string, options: SanitizeOptions = {}): string {
  const locale = options.locale ?? "en";
  const cidUrls = options.cidUrls ?? {};
  return sanitizeHtmlLib(html, {
    allowedTags: [
      "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "sub", "sup", "small", "big", "font",
      "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "hr", "ul", "ol", "li", "dl", "dt", "dd",
      "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "a", "img", "center", "address",
    ],
    nonTextTags: ["script", "style", "textarea", "option", "title", "head", "noscript", "template", "svg", "math", "object", "iframe", "frameset", "noembed", "noframes", "xml"],
    allowedAttributes: {
      a: ["href", "title", "name", "rel", "target"],
      img: ["src", "alt", "width", "height"],
      td: ["colspan", "rowspan", "align", "valign", "width"],
      th: ["colspan", "rowspan", "align", "valign", "width"],
      table: ["border", "cellpadding", "cellspacing", "width"],
      col: ["span", "width"],
      font: ["color", "size"],
      ol: ["start", "type"],
      "*": ["dir", "lang", "align", "class"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["data", "cid", "http", "https"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    transformTags: {
      "*": (tagName, attribs) => ({ tagName, attribs: styleAsClasses(attribs) }),
      ...Object.fromEntries(["h1", "h2", "h3", "h4", "h5", "h6"].map((h) => [h, (tagName: string, attribs: Record<string, string>) => ({ tagName: demotedHeading(tagName), attribs: styleAsClasses(attribs) })])),
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...styleAsClasses(attribs), rel: "nofollow noopener noreferrer ugc", target: "_blank" },
      }),
      img: (tagName, attribs) => {
        const src = (attribs.src ?? "").trim();
        const cid = /^cid:(.+)$/i.exec(src)?.[1]?.replace(/^<|>$/g, "");
        if (cid && cidUrls[cid]) return { tagName: "img", attribs: { ...styleAsClasses(attribs), src: cidUrls[cid] } };
        if (/^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(src)) return { tagName: "img", attribs: styleAsClasses(attribs) };
        return { tagName: "span", attribs: { class: "blocked-image", title: attribs.alt ?? "" }, text: BLOCKED_IMAGE[locale] };
      },
    },
    allowedClasses: { span: ["blocked-image", ...mailStyleClasses], "*": mailStyleClasses },
  });
}

const INLINE_SAFE = new Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"]);
/** Types a browser would render as active content from our origin: never served as such. */
const ACTIVE = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript|application\/ecmascript|text\/ecmascript|application\/x-shockwave-flash|text\/xsl|multipart\/|message\/)/i;

export interface Disposition {
  disposition: "inline" | "attachment";
  /** The Content-Type to send. */
  contentType: string;
}

/** How to serve a stored attachment: inline only for types browsers show inertly. */
export function attachmentDisposition(contentType: string): Disposition {
  const type = contentType.toLowerCase().split(";")[0].trim();
  if (INLINE_SAFE.has(type)) {
    return { disposition: "inline", contentType: type === "text/plain" ? "text/plain; charset=utf-8" : type };
  }
  if (ACTIVE.test(type) || !/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type)) {
    return { disposition: "attachment", contentType: "application/octet-stream" };
  }
  return { disposition: "attachment", contentType: type };
}

/** Response headers for downloading an attachment (filename in RFC 6266/5987 form). */
export function attachmentHeaders(filename: string, contentType: string, size: number): Record<string, string> {
  const d = attachmentDisposition(contentType);
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const headers: Record<string, string> = {
    "Content-Type": d.contentType,
    "Content-Disposition": `${d.disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    "Content-Length": String(size),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, max-age=3600",
  };
  // Everything but PDFs runs sandboxed (no scripts, no same-origin); Chromium's
  // PDF viewer refuses to render inside a CSP sandbox, and pdf.js-based viewers
  // do not run the document's JavaScript anyway.
  if (d.contentType !== "application/pdf") headers["Content-Security-Policy"] = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";
  return headers;
}
