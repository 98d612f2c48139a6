/**
 * An Atom 1.0 (RFC 4287) feed writer. Feeds carry public data only: titles,
 * short summaries and links, never a requester's e-mail address.
 */

export type AtomEntry = {
  /** A permanent IRI, e.g. `tag:` or the entry's URL. */
  id: string;
  title: string;
  updated: Date;
  /** Absolute URL of the entry's page. */
  link: string;
  summary?: string | null;
  author?: string | null;
  /** Optional category terms (e.g. the event type). */
  categories?: string[];
};

export type AtomFeed = {
  id: string;
  title: string;
  subtitle?: string | null;
  /** Absolute URL of the feed itself (rel="self"). */
  selfLink: string;
  /** Absolute URL of the HTML page the feed mirrors (rel="alternate"). */
  alternateLink?: string | null;
  /** Fallback for `updated` when there is no entry. */
  updated?: Date;
  /** BCP 47 language tag of the feed's text. */
  language?: string;
  /** Feed-level author, used for entries without their own. */
  author?: string;
  entries: AtomEntry[];
};

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

// XML 1.0 forbids most C0 control characters even when escaped; mail bodies
// sometimes contain them, so they are dropped rather than making the feed invalid.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function text(tag: string, value: string, indent: string): string {
  return `${indent}<${tag}>${escapeXml(value)}</${tag}>\n`;
}

function link(rel: string, href: string, type: string | null, indent: string): string {
  return `${indent}<link rel="${rel}" href="${escapeXml(href)}"${type ? ` type="${type}"` : ""}/>\n`;
}

function person(name: string, indent: string): string {
  return `${indent}<author>\n${text("name", name, `${indent}  `)}${indent}</author>\n`;
}

function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

/** Renders the feed; entries are written in the order given (newest first is the convention). */
export function renderAtom(feed: AtomFeed): string {
  const newest = feed.entries.reduce<Date | null>((max, e) => (max === null || e.updated > max ? e.updated : max), null);
  const updated = newest ?? feed.updated ?? new Date(0);
  const author = feed.author ?? "Dossier";
  let xml = `<?xml version="1.0" encoding="utf-8"?>\n`;
  xml += `<feed xmlns="http://www.w3.org/2005/Atom"${feed.language ? ` xml:lang="${escapeXml(feed.language)}"` : ""}>\n`;
  xml += text("id", feed.id, "  ");
  xml += text("title", feed.title, "  ");
  if (feed.subtitle) xml += text("subtitle", feed.subtitle, "  ");
  xml += text("updated", isoDate(updated), "  ");
  xml += link("self", feed.selfLink, "application/atom+xml", "  ");
  if (feed.alternateLink) xml += link("alternate", feed.alternateLink, "text/html", "  ");
  xml += person(author, "  ");
  xml += `  <generator>Dossier</generator>\n`;
  for (const entry of feed.entries) {
    xml += `  <entry>\n`;
    xml += text("id", entry.id, "    ");
    xml += text("title", entry.title, "    ");
    xml += text("updated", isoDate(entry.updated), "    ");
    xml += link("alternate", entry.link, "text/html", "    ");
    xml += person(entry.author || author, "    ");
    for (const term of entry.categories ?? []) xml += `    <category term="${escapeXml(term)}"/>\n`;
    if (entry.summary) xml += `    <summary type="text">${escapeXml(entry.summary)}</summary>\n`;
    xml += `  </entry>\n`;
  }
  xml += `</feed>\n`;
  return xml;
}

/** A stable `tag:` URI (RFC 4151) for feed and entry ids, independent of the site's address. */
export function tagUri(domain: string, specific: string): string {
  return `tag:${domain},2026:${specific}`;
}
