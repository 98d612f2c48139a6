/**
 * "Already asked?" (issue 20): published requests that look like the one a
 * citizen is writing, found through the search backend (PostgreSQL or
 * Meilisearch, whichever runs), first those to the same authority, then to
 * others. Each says its state and whether documents were released, so the
 * citizen can follow one instead of filing the same question again.
 *
 * The question is turned into an OR of its significant words (the backend
 * ranks documents that match more of them first); a hit is kept only when
 * at least two of those words (one, for a one-word question) are seen in its
 * title or highlighted in its text, so one common word ("budget") never
 * fills the list.
 */
import { foldForMatch } from "../core/text";
import type { SearchBackend, SearchHit } from "../core/search";

export type SimilarRequest = {
  requestId: number;
  title: string;
  url: string;
  authoritySlug: string | null;
  authorityNames: SearchHit["authorityNames"];
  state: string | null;
  /** Documents (attachments) were released and published. */
  documentsReleased: boolean;
  sameAuthority: boolean;
  date: string;
};

export type SimilarInput = {
  title: string;
  body?: string;
  /** The authority the citizen is writing to. */
  authorityId: number;
  authoritySlug: string;
  /** The citizen's own draft (never public, but a sent one could be). */
  excludeRequestId?: number;
  /** At most this many per group (same authority, others). */
  limit?: number;
};

/** Words that say nothing about the subject, in the platform's languages and in request letters. */
const STOP_WORDS = new Set(
  (
    "les des une dans pour par avec cette ces que qui sur aux est sont leur leurs nous vous votre vos notre nos plus tous toutes tout " +
    "demande demander copie document documents obtenir relatif relative relatifs concernant depuis entre " +
    "het een van voor met die dat deze over zijn naar ook niet aan bij door verzoek vraag kopie document documenten " +
    "der die das und oder fur für mit von vom den dem des eine einer antrag kopie dokument dokumente " +
    "the and for with from this that request copy documents about all"
  ).split(" "),
);

const MAX_WORDS = 8;

/** The significant words of a text, folded, in order of first appearance. */
export function significantWords(text: string, max = MAX_WORDS): string[] {
  const words: string[] = [];
  for (const raw of foldForMatch(text).split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 3 || STOP_WORDS.has(raw) || words.includes(raw)) continue;
    // Years and numbers identify a question ("2025"); short numbers do not.
    if (/^\d+$/.test(raw) && raw.length !== 4) continue;
    words.push(raw);
    if (words.length >= max) break;
  }
  return words;
}

/** The words of the question: the title's, completed by the body's longest when the title is short. */
export function questionWords(title: string, body = ""): string[] {
  const fromTitle = significantWords(title);
  if (fromTitle.length >= 3) return fromTitle;
  const fromBody = significantWords(body, 40)
    .filter((w) => !fromTitle.includes(w))
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_WORDS - fromTitle.length - 4);
  return [...fromTitle, ...fromBody];
}

/** How many of `words` a hit shows: in its title, or highlighted in its snippet (stems and synonyms count there). */
function matchedWords(hit: SearchHit, words: string[]): number {
  const title = new Set(significantWords(hit.title, 100));
  const highlighted = new Set((hit.snippet ?? []).filter((p) => p.hit).map((p) => foldForMatch(p.text.trim())));
  let count = 0;
  for (const w of words) if (title.has(w) || highlighted.has(w)) count += 1;
  return Math.max(count, Math.min(highlighted.size, words.length));
}

function toSimilar(hit: SearchHit, sameAuthority: boolean): SimilarRequest {
  return {
    requestId: hit.requestId,
    title: hit.title,
    url: `/requests/${hit.requestId}`,
    authoritySlug: hit.authoritySlug,
    authorityNames: hit.authorityNames,
    state: hit.state,
    documentsReleased: hit.hasAttachments,
    sameAuthority,
    date: hit.date,
  };
}

/**
 * Published requests like this one: `sameAuthority` to the authority the
 * citizen writes to, `others` to other bodies. Empty when the question has
 * no significant word. Never fails the page: a search error gives nothing.
 */
export async function similarPublishedRequests(search: SearchBackend, input: SimilarInput, onError: (error: unknown) => void = () => {}): Promise<SimilarRequests> {
  try {
    return await findSimilar(search, input);
  } catch (error) {
    onError(error);
    return { sameAuthority: [], others: [], words: [], failed: true };
  }
}

export type SimilarRequests = { sameAuthority: SimilarRequest[]; others: SimilarRequest[]; words: string[]; failed?: boolean };

async function findSimilar(search: SearchBackend, input: SimilarInput): Promise<SimilarRequests> {
  const words = questionWords(input.title, input.body ?? "");
  if (words.length === 0) return { sameAuthority: [], others: [], words };
  const limit = input.limit ?? 5;
  const needed = Math.min(2, words.length);
  const q = words.join(" OR ");
  const base = { q, sort: "relevance" as const, perPage: limit * 4, facets: false, snippets: true };
  const keep = (hit: SearchHit) => hit.type === "request" && hit.requestId !== input.excludeRequestId && matchedWords(hit, words) >= needed;
  const [same, all] = await Promise.all([
    search.search({ ...base, filters: { type: ["request"], authorityId: input.authorityId } }),
    search.search({ ...base, filters: { type: ["request"] } }),
  ]);
  const sameAuthority = same.hits.filter(keep).slice(0, limit);
  const sameIds = new Set(sameAuthority.map((h) => h.requestId));
  const others = all.hits.filter((h) => keep(h) && !sameIds.has(h.requestId) && h.authoritySlug !== input.authoritySlug).slice(0, limit);
  return {
    sameAuthority: sameAuthority.map((h) => toSimilar(h, true)),
    others: others.map((h) => toSimilar(h, false)),
    words,
  };
}
