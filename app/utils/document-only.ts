import { useState } from "react";

/**
 * Large server-rendered HTML sent once, not twice. Remix serialises a
 * route's loader data for hydration next to the HTML it rendered from it,
 * so a reply's HTML would travel in the markup and again in the data. On a
 * document request `documentOnly` keeps `html` as a non-enumerable property:
 * the server's render reads it, the serialiser (turbo-stream encodes an
 * object's own enumerable keys) leaves it out, and `inDocument` tells the
 * browser to take it back from the markup (`useDocumentHtml`). On a data
 * request (a client-side navigation) nothing is rendered on the server, so
 * the HTML stays ordinary data.
 */
export function documentOnly<T extends { html: string | null }>(value: T, documentRequest: boolean): T & { inDocument?: true } {
  if (!documentRequest || value.html === null) return value;
  const copy: T & { inDocument?: true } = { ...value, inDocument: true };
  Object.defineProperty(copy, "html", { value: value.html, enumerable: false });
  return copy;
}

/** The element id under which `useDocumentHtml` finds the rendered HTML again. */
export const documentHtmlId = (key: string | number) => `document-html-${key}`;

/**
 * The HTML to render for `value`: its own when it has it (the server, a data
 * request), else, when it was left in the document, the markup the server
 * rendered under `documentHtmlId(key)`, read once as the page hydrates.
 */
export function useDocumentHtml(key: string | number, value: { html: string | null; inDocument?: true }): string | null {
  const [fromDocument] = useState(() => (value.html == null && value.inDocument && typeof document !== "undefined" ? (document.getElementById(documentHtmlId(key))?.innerHTML ?? null) : null));
  return value.html ?? fromDocument;
}
