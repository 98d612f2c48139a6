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

// Plain values only: no url(), no expression(), no var(), no !important tricks.
const SAFE_VALUE = /^[#a-z0-9 .,%()-]*$/i;
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\([\d\s.,%]+\))$/i;
const LENGTH = /^(0|-?\d{1,4}(\.\d+)?(px|pt|em|rem|%|cm|mm)?)( (0|-?\d{1,4}(\.\d+)?(px|pt|em|rem|%|cm|mm)?)){0,3}$/i;
const FONT_SIZE = /^(\d{1,2}(\.\d+)?(px|pt|em|rem|%)|small|medium|large|x-large|smaller|larger)$/i;

const ALLOWED_STYLES = {
  "*": {
    color: [COLOR],
    "background-color": [COLOR],
    "font-weight": [/^(normal|bold|bolder|lighter|[1-9]00)$/i],
    "font-style": [/^(normal|italic|oblique)$/i],
    "font-size": [FONT_SIZE],
    "font-family": [/^[a-z0-9 ,'"-]{1,100}$/i],
    "text-align": [/^(left|right|center|justify)$/i],
    "text-decoration": [/^(none|underline|line-through)$/i],
    "vertical-align": [/^(top|middle|bottom|baseline)$/i],
    margin: [LENGTH],
    "margin-left": [LENGTH],
    "margin-top": [LENGTH],
    "margin-bottom": [LENGTH],
    padding: [LENGTH],
    "padding-left": [LENGTH],
    border: [/^(none|0|\d{1,2}px (solid|dotted|dashed) (#[0-9a-f]{3,6}|[a-z]{3,20}))$/i],
    "border-collapse": [/^(collapse|separate)$/i],
    width: [LENGTH],
    "white-space": [/^(normal|pre|pre-wrap|nowrap)$/i],
  },
};

/**
 * Sanitize incoming HTML for display inside our page. Removes scripts, event
 * handlers, javascript:/data: links, forms, frames, SVG/MathML, <style>,
 * <link>, <meta> and <base>; keeps only inert inline styles (no url(), no
 * positioning that could cover our interface); replaces remote images with a
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
      "*": ["style", "dir", "lang", "align"],
    },
    allowedStyles: ALLOWED_STYLES,
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["data", "cid", "http", "https"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: "nofollow noopener noreferrer ugc", target: "_blank" },
      }),
      img: (tagName, attribs) => {
        const src = (attribs.src ?? "").trim();
        const cid = /^cid:(.+)$/i.exec(src)?.[1]?.replace(/^<|>$/g, "");
        if (cid && cidUrls[cid]) return { tagName: "img", attribs: { ...attribs, src: cidUrls[cid] } };
        if (/^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(src)) return { tagName: "img", attribs };
        return { tagName: "span", attribs: { class: "blocked-image", title: attribs.alt ?? "" }, text: BLOCKED_IMAGE[locale] };
      },
    },
    allowedClasses: { span: ["blocked-image"] },
  })
    .replace(/style="([^"]*)"/g, (m, css: string) => (SAFE_VALUE.test(css.replace(/[;:'"]/g, "")) ? m : ""));
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
