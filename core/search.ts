import { InvalidInputError } from "./errors";
import type { Locale } from "./i18n/locales";

/**
 * The one search interface of the platform. Two backends implement it:
 * PostgreSQL full-text search (search/postgres-backend.ts, the default) and
 * Meilisearch (search/meilisearch-backend.ts, when MEILISEARCH_URL is set).
 */

export type DocumentType = "request" | "message" | "attachment";
export const documentTypes: readonly DocumentType[] = ["request", "message", "attachment"];

export type AuthorityNames = Partial<Record<Locale, string>>;

/** One searchable unit: a public request (title + letter), a public message, or an attachment's text. */
export type SearchDocument = {
  /** `request-<id>`, `message-<id>` or `attachment-<id>`. */
  id: string;
  type: DocumentType;
  requestId: number;
  messageId: number | null;
  attachmentId: number | null;
  requestSlug: string;
  /** The request's title (what a result is called). */
  title: string;
  /** The message subject or the attachment's file name. */
  subtitle: string | null;
  body: string;
  /** fr, nl, de, or anything else (indexed without stemming). */
  language: string;
  authorityId: number | null;
  authoritySlug: string | null;
  authorityNames: AuthorityNames;
  region: string | null;
  kind: string | null;
  regime: string | null;
  state: string | null;
  date: Date;
  hasAttachments: boolean;
  fileType: string | null;
  /** For an attachment: its pages (1-based) whose text was recognised automatically (OCR); absent or empty when none. */
  ocrPages?: number[];
};

export type SearchFilters = {
  authority?: string[];
  authorityId?: number;
  region?: string[];
  kind?: string[];
  state?: string[];
  year?: number[];
  hasAttachments?: boolean;
  fileType?: string[];
  language?: string[];
  type?: DocumentType[];
  /** Inclusive, `YYYY-MM-DD`. */
  dateFrom?: string;
  /** Inclusive, `YYYY-MM-DD`. */
  dateTo?: string;
};

export type SearchSort = "relevance" | "date";

export type SearchRequest = {
  q: string;
  filters?: SearchFilters;
  sort?: SearchSort;
  /** 1-based. */
  page?: number;
  perPage?: number;
  /** Highlighted snippets (default true). */
  snippets?: boolean;
  /** Facet counts (default true). */
  facets?: boolean;
};

export type SnippetPart = { text: string; hit: boolean };

export type SearchHit = {
  id: string;
  type: DocumentType;
  requestId: number;
  messageId: number | null;
  attachmentId: number | null;
  requestSlug: string;
  title: string;
  subtitle: string | null;
  authoritySlug: string | null;
  authorityNames: AuthorityNames;
  region: string | null;
  kind: string | null;
  state: string | null;
  language: string;
  date: string;
  hasAttachments: boolean;
  fileType: string | null;
  /** The request page, anchored on the message or attachment. */
  url: string;
  snippet: SnippetPart[] | null;
  /** For an attachment with pages (PDF, TIFF; scanned pages included): the page of the passage shown, 1-based; else null. */
  page: number | null;
  /** True when the passage shown comes from a page whose text was recognised automatically (OCR). */
  recognised: boolean;
};

/** Whether a hit on `page` (null: a text without pages, so its only page) of a document with these recognised pages shows recognised text. */
export function isRecognisedPage(ocrPages: readonly number[] | null | undefined, page: number | null): boolean {
  return (ocrPages ?? []).includes(page ?? 1);
}

export const facetNames = ["authority", "region", "kind", "state", "year", "hasAttachments", "fileType", "language"] as const;
export type FacetName = (typeof facetNames)[number];
export type FacetValue = { value: string; count: number };

/** Values listed per facet, the most frequent first. */
export const maxFacetValues = 50;
/** Values the search page shows per facet. */
export const facetValuesShown = 12;

export type SearchResult = {
  total: number;
  /** True when there are more matches than `total` says (huge result sets are counted up to a cap). */
  totalIsLowerBound: boolean;
  page: number;
  perPage: number;
  hits: SearchHit[];
  /** Per facet, its `maxFacetValues` most frequent values. */
  facets: Record<FacetName, FacetValue[]> | null;
  /** True when the facet counts cover only the first `total` matches. */
  facetsApproximate: boolean;
};

export interface SearchBackend {
  readonly name: "postgres" | "meilisearch";
  /** Applies index settings; run at start. Idempotent. */
  setup(): Promise<void>;
  /** Adds or replaces documents by id. */
  index(documents: SearchDocument[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  /** Removes every document of a request, except `keep`. */
  deleteRequest(requestId: number, keep?: string[]): Promise<void>;
  /** Removes these messages' documents and their attachments' documents, except `keep`. */
  deleteMessages(messageIds: number[], keep?: string[]): Promise<void>;
  clear(): Promise<void>;
  /** Optional: a faster way to write many documents at once (see the PostgreSQL backend). */
  bulkLoad?<T>(load: () => Promise<T>): Promise<T>;
  search(request: SearchRequest): Promise<SearchResult>;
}

export class SearchQueryError extends InvalidInputError {
  constructor(message: string) {
    super(message, "invalid_query");
  }
}

export const maxPerPage = 100;
export const defaultPerPage = 20;

/** The request page (app/routes/requests.$id.tsx is addressed by the request's id). */
export function documentUrl(document: Pick<SearchDocument, "type" | "requestId" | "messageId" | "attachmentId">): string {
  const base = `/requests/${document.requestId}`;
  if (document.type === "attachment") return `${base}#attachment-${document.attachmentId}`;
  if (document.type === "message") return `${base}#message-${document.messageId}`;
  return base;
}

export function emptyFacets(): Record<FacetName, FacetValue[]> {
  return Object.fromEntries(facetNames.map((name) => [name, []])) as unknown as Record<FacetName, FacetValue[]>;
}
