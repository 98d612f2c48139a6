import { parseArgs } from "node:util";
import type { CommandRun } from "../core/cli";
import { UsageError } from "../core/errors";
import { reindexAll } from "./indexing";
import { snippetText } from "./snippet";
import { SearchQueryError } from "../core/search";

/** `dossier search reindex` and `dossier search QUERY [--authority SLUG] [--json]`. */
export const searchReindex: CommandRun = async (args, context) => {
  if (args.length) throw new UsageError(`Unexpected argument: ${args[0]}`);
  const { db, search: backend } = context!;
  const bar = progressBar(process.stderr);
  const started = Date.now();
  const result = await reindexAll(db, backend, (done, total, documents) => bar(done, total, `${documents} documents`));
  process.stderr.write("\n");
  console.log(`Indexed ${result.documents} documents from ${result.requests} requests with ${backend.name} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
};

export const searchQuery: CommandRun = async (args, context) => {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { authority: { type: "string", multiple: true }, json: { type: "boolean", default: false }, page: { type: "string" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const q = parsed.positionals.join(" ").trim();
  if (!q) throw new UsageError('Give a query, e.g. dossier search "permis d\'urbanisme"');
  const page = parsed.values.page === undefined ? 1 : Number(parsed.values.page);
  if (!Number.isInteger(page) || page < 1) throw new UsageError("--page must be a whole number from 1");
  const backend = context!.search;
  let result;
  try {
    result = await backend.search({ q, page, filters: parsed.values.authority ? { authority: parsed.values.authority } : {} });
  } catch (error) {
    if (error instanceof SearchQueryError) throw new UsageError(error.message);
    throw error;
  }
  const baseUrl = context!.config.baseUrl;
  if (parsed.values.json) {
    console.log(JSON.stringify({ query: q, ...result, hits: result.hits.map((h) => ({ ...h, url: baseUrl + h.url, snippet: snippetText(h.snippet, "<mark>", "</mark>") })) }, null, 2));
    return;
  }
  if (result.hits.length === 0) {
    console.log(`No results for ${JSON.stringify(q)}.`);
    return;
  }
  const bold = process.stdout.isTTY ? ["\x1b[1m", "\x1b[0m"] : ["[", "]"];
  console.log(`${result.totalIsLowerBound ? "More than " : ""}${result.total} result(s) for ${JSON.stringify(q)}:\n`);
  for (const hit of result.hits) {
    const authority = hit.authorityNames.fr ?? hit.authorityNames.nl ?? hit.authorityNames.de ?? hit.authorityNames.en ?? hit.authoritySlug ?? "";
    console.log(`${hit.title}${hit.subtitle ? ` — ${hit.subtitle}` : ""}`);
    console.log(`  ${authority} · ${hit.date.slice(0, 10)} · ${hit.state ?? ""} · ${baseUrl}${hit.url}`);
    if (hit.snippet) console.log(`  ${snippetText(hit.snippet, bold[0], bold[1])}`);
    console.log("");
  }
};

function progressBar(stream: NodeJS.WriteStream): (done: number, total: number, note: string) => void {
  let lastPercent = -1;
  return (done, total, note) => {
    const fraction = total === 0 ? 1 : done / total;
    const percent = Math.floor(fraction * 100);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total} requests, ${note}`);
    } else if (percent >= lastPercent + 10 || done === total) {
      stream.write(`${percent}% ${done}/${total} requests, ${note}\n`);
      lastPercent = percent;
    }
  };
}
