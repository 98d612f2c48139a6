/**
 * A route that exports `handle = publicPage` (or `publicPageWithDatabaseSearch`)
 * says that its anonymous view is the same for every anonymous visitor (given
 * the address and the language), so the page cache may keep it and serve it
 * to the next ones until the data changes (server/page-cache.ts,
 * docs/decisions/914). Only for pages whose loader reads nothing per visitor
 * but the signed-in user (never cached) and the address.
 */
export type PublicCacheRule = "always" | "with-database-search";
export type PublicCacheHandle = { publicCache?: PublicCacheRule };

export const publicPage: PublicCacheHandle = { publicCache: "always" };

/** Search results come from the search backend: kept only when it is PostgreSQL, whose writes notify (Meilisearch indexes later, out of sight). */
export const publicPageWithDatabaseSearch: PublicCacheHandle = { publicCache: "with-database-search" };
