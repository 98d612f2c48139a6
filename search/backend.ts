import type { Db } from "../db/connect";
import type { Config } from "../core/config";
import { MeilisearchBackend } from "./meilisearch-backend";
import { PostgresSearchBackend } from "./postgres-backend";
import type { SearchBackend } from "../core/search";

/** The configured backend: Meilisearch when MEILISEARCH_URL is set, PostgreSQL otherwise. */
export function createSearchBackend(db: Db, config: Pick<Config, "meilisearch">): SearchBackend {
  if (config.meilisearch) return new MeilisearchBackend(config.meilisearch);
  return new PostgresSearchBackend(db);
}
