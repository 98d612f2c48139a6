/** A reply written for the relevance test set. */
export type JudgedDocument = {
  /** Stable name, used by the judgments. */
  key: string;
  /** YYYY-MM-DD. */
  date: string;
  authority: string;
  title: string;
  body: string;
};

/** A query with the documents a reader expects in the first ten, graded 1 (useful) or 2 (what is asked for). */
export type JudgedQuery = { lang: "fr" | "nl" | "de"; q: string; expected: Record<string, 1 | 2> };
