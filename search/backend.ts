import type { Db } from "../db/connect";
import { parseEnv, type Config } from "../server/config";
import { MeilisearchBackend } from "./meilisearch-backend";
import { PostgresSearchBackend } from "./postgres-backend";
import type { SearchBackend } from "./types";

/** The configured backend: Meilisearch when MEILISEARCH_URL is set, PostgreSQL otherwise. */
export function createSearchBackend(db: Db, config: Pick<Config, "meilisearch">): SearchBackend {
  if (config.meilisearch) return new MeilisearchBackend(config.meilisearch);
  return new PostgresSearchBackend(db);
}

/** For jobs, which get the database but not the configuration: the same choice, from the environment. */
export function searchBackendFromEnv(db: Db, source: Record<string, string | undefined> = process.env): SearchBackend {
  const env = parseEnv(source);
  return createSearchBackend(db, { meilisearch: env.MEILISEARCH_URL ? { url: env.MEILISEARCH_URL, key: env.MEILISEARCH_KEY } : undefined });
}
