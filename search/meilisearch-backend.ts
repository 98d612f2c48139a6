import { relevanceSettings } from "./meilisearch-settings";
import { Meilisearch, type Index, type Task } from "meilisearch";
import { parseQuery, type QueryTerm } from "./query-syntax";
import {
  defaultPerPage,
  documentUrl,
  emptyFacets,
  isRecognisedPage,
  facetNames,
  maxFacetValues,
  maxPerPage,
  SearchQueryError,
  type FacetName,
  type SearchBackend,
  type SearchDocument,
  type SearchFilters,
  type SearchHit,
  type SearchRequest,
  type SearchResult,
  type SnippetPart,
} from "../core/search";

/**
 * Meilisearch, for a site that has outgrown PostgreSQL: the same documents,
 * filters, facets, sorting and snippets, through the official client.
 * Settings are applied by `setup()` at start. Every write waits for its
 * task, so that a finished indexing job means a searchable document.
 */
export const meilisearchIndexName = "dossier_documents";

type MeiliDocument = {
  id: string;
  type: string;
  requestId: number;
  messageId: number | null;
  attachmentId: number | null;
  requestSlug: string;
  title: string;
  subtitle: string | null;
  body: string;
  language: string;
  authorityId: number | null;
  authoritySlug: string | null;
  authorityNames: SearchDocument["authorityNames"];
  authorityNameText: string;
  region: string | null;
  kind: string | null;
  regime: string | null;
  state: string | null;
  date: string;
  dateTs: number;
  year: number;
  hasAttachments: boolean;
  fileType: string | null;
  /** UTF-8 byte offsets of the body's page breaks (form feeds): Meilisearch gives a match's position in bytes. */
  pageBreaks: number[];
  /** The pages (1-based) whose text was recognised automatically. */
  ocrPages: number[];
};

const facetAttribute: Record<FacetName, keyof MeiliDocument> = {
  authority: "authoritySlug",
  region: "region",
  kind: "kind",
  state: "state",
  year: "year",
  hasAttachments: "hasAttachments",
  fileType: "fileType",
  language: "language",
};

const open = "\uE000";
const close = "\uE001";

export class MeilisearchBackend implements SearchBackend {
  readonly name = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly index_: Index<MeiliDocument>;

  constructor(options: { url: string; key?: string | undefined; indexName?: string }) {
    this.client = new Meilisearch({ host: options.url, apiKey: options.key });
    this.index_ = this.client.index<MeiliDocument>(options.indexName ?? meilisearchIndexName);
  }

  async setup(): Promise<void> {
    await checked(this.client.createIndex(this.index_.uid, { primaryKey: "id" }).waitTask(), ["index_already_exists"]);
    await checked(
      this.index_
        .updateSettings({
          searchableAttributes: ["title", "subtitle", "authorityNameText", "body"],
          filterableAttributes: ["requestId", "messageId", "type", "authoritySlug", "authorityId", "region", "kind", "regime", "state", "year", "hasAttachments", "fileType", "language", "dateTs"],
          sortableAttributes: ["dateTs"],
          displayedAttributes: ["*"],
          rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
          faceting: { maxValuesPerFacet: 100 },
          pagination: { maxTotalHits: 10_000 },
          ...relevanceSettings,
        })
        .waitTask(),
    );
  }

  async index(documents: SearchDocument[]): Promise<void> {
    for (let i = 0; i < documents.length; i += 1000) {
      await checked(this.index_.addDocuments(documents.slice(i, i + 1000).map(toMeili), { primaryKey: "id" }).waitTask());
    }
  }

  async delete(ids: string[]): Promise<void> {
    if (ids.length) await checked(this.index_.deleteDocuments(ids).waitTask());
  }

  async deleteRequest(requestId: number, keep: string[] = []): Promise<void> {
    await this.deleteWhere(`requestId = ${Number(requestId)}`, keep);
  }

  async deleteMessages(messageIds: number[], keep: string[] = []): Promise<void> {
    if (messageIds.length) await this.deleteWhere(`messageId IN [${messageIds.map(Number).join(", ")}]`, keep);
  }

  private async deleteWhere(condition: string, keep: string[]): Promise<void> {
    const filter = [condition];
    if (keep.length) filter.push(`id NOT IN [${keep.map((id) => JSON.stringify(id)).join(", ")}]`);
    await checked(this.index_.deleteDocuments({ filter }).waitTask());
  }

  async clear(): Promise<void> {
    await checked(this.index_.deleteAllDocuments().waitTask());
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const perPage = Math.min(Math.max(1, request.perPage ?? defaultPerPage), maxPerPage);
    const page = Math.max(1, request.page ?? 1);
    const wantFacets = request.facets ?? true;
    const parsed = parseQuery(request.q);
    if (parsed.length === 0) return { total: 0, totalIsLowerBound: false, page, perPage, hits: [], facets: wantFacets ? emptyFacets() : null, facetsApproximate: false };
    // Meilisearch has phrases and negation, and prefix-matches the last
    // word; it has no OR, so alternatives are searched as one set of words.
    const q = parsed.flat().map(meiliTerm).join(" ");
    const response = await this.index_.search(q, {
      filter: filterExpressions(request.filters ?? {}),
      facets: wantFacets ? facetNames.map((f) => facetAttribute[f] as string) : undefined,
      sort: request.sort === "date" ? ["dateTs:desc"] : undefined,
      page,
      hitsPerPage: perPage,
      matchingStrategy: "all",
      attributesToCrop: request.snippets === false ? undefined : ["body"],
      cropLength: 40,
      cropMarker: "…",
      attributesToHighlight: request.snippets === false ? undefined : ["body"],
      highlightPreTag: open,
      highlightPostTag: close,
      // Where in the body the first match is: its page, and whether that page was recognised.
      showMatchesPosition: request.snippets !== false,
    });
    const hits: SearchHit[] = response.hits.map((d) => {
      const page = d.type === "attachment" ? pageOfHit(d, d._matchesPosition?.body?.[0]?.start) : null;
      return {
      id: d.id,
      type: d.type as SearchHit["type"],
      requestId: d.requestId,
      messageId: d.messageId,
      attachmentId: d.attachmentId,
      requestSlug: d.requestSlug,
      title: d.title,
      subtitle: d.subtitle,
      authoritySlug: d.authoritySlug,
      authorityNames: d.authorityNames ?? {},
      region: d.region,
      kind: d.kind,
      state: d.state,
      language: d.language,
      date: d.date,
      hasAttachments: d.hasAttachments,
      fileType: d.fileType,
      url: documentUrl({ type: d.type as SearchHit["type"], requestId: d.requestId, messageId: d.messageId, attachmentId: d.attachmentId }),
      snippet: request.snippets === false ? null : parseFormatted(String((d._formatted as MeiliDocument | undefined)?.body ?? "")),
      page,
      recognised: d.type === "attachment" && (page !== null || (d.pageBreaks ?? []).length === 0) && isRecognisedPage(d.ocrPages, page),
    };
    });
    let facets: SearchResult["facets"] = null;
    if (wantFacets) {
      facets = emptyFacets();
      for (const name of facetNames) {
        const distribution = response.facetDistribution?.[facetAttribute[name] as string] ?? {};
        facets[name] = Object.entries(distribution)
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
          .slice(0, maxFacetValues);
      }
    }
    return { total: response.totalHits ?? hits.length, totalIsLowerBound: false, page, perPage, hits, facets, facetsApproximate: false };
  }
}

async function checked(promise: Promise<Task>, tolerated: string[] = []): Promise<void> {
  const task = await promise;
  if (task.status === "failed" && !tolerated.includes(task.error?.code ?? "")) {
    throw new Error(`Meilisearch task ${task.type} failed: ${task.error?.message ?? "unknown error"}`);
  }
}

function toMeili(d: SearchDocument): MeiliDocument {
  return {
    id: d.id,
    type: d.type,
    requestId: d.requestId,
    messageId: d.messageId,
    attachmentId: d.attachmentId,
    requestSlug: d.requestSlug,
    title: d.title,
    subtitle: d.subtitle,
    body: d.body,
    language: d.language,
    authorityId: d.authorityId,
    authoritySlug: d.authoritySlug,
    authorityNames: d.authorityNames,
    authorityNameText: [...new Set(Object.values(d.authorityNames))].join(" · "),
    region: d.region,
    kind: d.kind,
    regime: d.regime,
    state: d.state,
    date: d.date.toISOString(),
    dateTs: Math.floor(d.date.getTime() / 1000),
    year: d.date.getUTCFullYear(),
    hasAttachments: d.hasAttachments,
    fileType: d.fileType,
    pageBreaks: pageBreaksOf(d.body),
    ocrPages: d.ocrPages ?? [],
  };
}

/** The UTF-8 byte offsets of the page breaks (form feeds: mail/extract PAGE_BREAK) of a text. */
export function pageBreaksOf(text: string): number[] {
  const breaks: number[] = [];
  let bytes = 0;
  let from = 0;
  for (let i = text.indexOf("\f"); i !== -1; i = text.indexOf("\f", i + 1)) {
    bytes += Buffer.byteLength(text.slice(from, i), "utf8");
    breaks.push(bytes);
    from = i;
  }
  return breaks;
}

/** The page (1-based) of the byte offset `start` in a document with page breaks; null without page breaks or position. */
function pageOfHit(d: Pick<MeiliDocument, "pageBreaks">, start: number | undefined): number | null {
  const breaks = d.pageBreaks ?? [];
  if (breaks.length === 0 || start === undefined) return null;
  return 1 + breaks.filter((b) => b < start).length;
}

function meiliTerm(term: QueryTerm): string {
  const text = term.kind === "phrase" ? `"${term.text}"` : term.text;
  return term.negated ? `-${text}` : text;
}

function filterExpressions(filters: SearchFilters): string[] {
  const out: string[] = [];
  const list = (attribute: string, values: Array<string | number> | undefined) => {
    if (values?.length) out.push(`${attribute} IN [${values.map((v) => JSON.stringify(v)).join(", ")}]`);
  };
  list("authoritySlug", filters.authority);
  list("region", filters.region);
  list("kind", filters.kind);
  list("state", filters.state);
  list("year", filters.year);
  list("fileType", filters.fileType);
  list("language", filters.language);
  list("type", filters.type);
  if (filters.authorityId !== undefined) out.push(`authorityId = ${Number(filters.authorityId)}`);
  if (filters.hasAttachments !== undefined) out.push(`hasAttachments = ${filters.hasAttachments}`);
  const day = (value: string) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(time)) throw new SearchQueryError(`Not a date: ${value}`);
    return Math.floor(time / 1000);
  };
  if (filters.dateFrom) out.push(`dateTs >= ${day(filters.dateFrom)}`);
  if (filters.dateTo) out.push(`dateTs < ${day(filters.dateTo) + 86_400}`);
  return out;
}

function parseFormatted(text: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let hit = false;
  for (const piece of text.split(new RegExp(`(${open}|${close})`))) {
    if (piece === open) hit = true;
    else if (piece === close) hit = false;
    else if (piece) parts.push({ text: piece, hit });
  }
  return parts;
}
