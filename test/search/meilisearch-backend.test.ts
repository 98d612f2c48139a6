import { describe } from "vitest";
import { MeilisearchBackend } from "../../search/meilisearch-backend";
import { backendBehaviour } from "./backend-suite";

const url = process.env.MEILISEARCH_URL;
if (!url) console.warn("Skipping the Meilisearch backend tests: MEILISEARCH_URL is not set (the server cannot run here).");

describe.skipIf(!url)("Meilisearch search backend", () => {
  backendBehaviour(async () => new MeilisearchBackend({ url: url!, key: process.env.MEILISEARCH_KEY, indexName: `dossier_test_${process.pid}` }));
});
