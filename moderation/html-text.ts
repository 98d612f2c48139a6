/**
 * Rewriting the text of already-sanitized HTML without breaking its markup.
 *
 * Input is the output of our sanitizer (mail/sanitize.ts): tags are
 * well-formed, attribute values are double-quoted and `<`, `>`, `&`, `"` are
 * escaped in text and attributes. That makes splitting on `<…>` exact, so no
 * HTML parser is needed here. Text is matched across inline tags
 * (`<b>02</b> 123 45 67`), but never across block boundaries.
 */

export interface TextRange {
  start: number;
  end: number;
  replacement: string;
}

/** Finds the ranges to replace in a plain string. */
export type RangeFinder = (text: string) => TextRange[];

export interface HtmlTextOptions {
  /**
   * Called with each attribute (lower-case name, decoded value). Return the
   * new decoded value, or null to drop the attribute.
   */
  attribute?: (tag: string, name: string, value: string) => string | null;
}

const BLOCK_TAGS = new Set([
  "address", "article", "aside", "blockquote", "br", "caption", "center", "col", "colgroup", "dd", "div", "dl", "dt",
  "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "ol", "p", "pre",
  "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", "#39": "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,8});/gi, (m, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

export function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;");
}

type Piece = { kind: "tag"; raw: string } | { kind: "text"; text: string; offset: number };

const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function rewriteTag(raw: string, options: HtmlTextOptions): string {
  if (!options.attribute) return raw;
  const m = /^<([a-zA-Z][a-zA-Z0-9-]*)([\s\S]*?)(\/?)>$/.exec(raw);
  if (!m) return raw;
  const tag = m[1].toLowerCase();
  const out: string[] = [];
  let changed = false;
  for (const a of m[2].matchAll(ATTRIBUTE)) {
    const name = a[1].toLowerCase();
    const rawValue = a[2] ?? a[3] ?? a[4];
    if (rawValue === undefined) {
      out.push(a[1]);
      continue;
    }
    const value = decodeEntities(rawValue);
    const next = options.attribute(tag, name, value);
    if (next !== value) changed = true;
    if (next !== null) out.push(`${a[1]}="${escapeAttribute(next)}"`);
  }
  if (!changed) return raw;
  return `<${m[1]}${out.length ? " " + out.join(" ") : ""}${m[3]}>`;
}

/**
 * Applies `find` to the visible text of `html` and `options.attribute` to
 * its attributes, returning HTML with the same tags.
 */
export function transformHtmlText(html: string, find: RangeFinder, options: HtmlTextOptions = {}): string {
  const pieces: Piece[] = [];
  let full = "";
  let last = 0;
  // Comments first, then tags; sanitized HTML has neither CDATA nor raw '<' in text.
  const TAG = /<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>/g;
  for (const m of html.matchAll(TAG)) {
    const index = m.index ?? 0;
    if (index > last) {
      const text = decodeEntities(html.slice(last, index));
      pieces.push({ kind: "text", text, offset: full.length });
      full += text;
    }
    pieces.push({ kind: "tag", raw: m[0] });
    const name = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(m[0])?.[1]?.toLowerCase();
    if (name && BLOCK_TAGS.has(name)) full += "\n";
    last = index + m[0].length;
  }
  if (last < html.length) {
    const text = decodeEntities(html.slice(last));
    pieces.push({ kind: "text", text, offset: full.length });
    full += text;
  }

  const ranges = find(full).sort((a, b) => a.start - b.start);
  let out = "";
  for (const piece of pieces) {
    if (piece.kind === "tag") {
      out += rewriteTag(piece.raw, options);
      continue;
    }
    const start = piece.offset;
    const end = start + piece.text.length;
    let text = "";
    let cursor = start;
    for (const r of ranges) {
      if (r.end <= start || r.start >= end) continue;
      const from = Math.max(r.start, start);
      if (from > cursor) text += full.slice(cursor, from);
      // The replacement goes where the match begins; later pieces only lose their part.
      if (r.start >= start) text += r.replacement;
      cursor = Math.max(cursor, Math.min(r.end, end));
    }
    if (cursor < end) text += full.slice(cursor, end);
    out += escapeText(text);
  }
  return out;
}
