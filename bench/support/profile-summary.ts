/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, as bench/pages.ts
 * --cpu-prof writes them): self time by category (React rendering, the
 * database driver, sanitizing, masking/redaction, Intl, Remix, express,
 * garbage collection, idle…) and the heaviest functions.
 *
 *   npx tsx bench/support/profile-summary.ts DIR-OR-FILES… [--top 25] [--last SECONDS]
 *
 * --last keeps the samples of each profile's last SECONDS (the load: the
 * bench stops the processes right after it), leaving start-up out.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" }, last: { type: "string" } } });
const files = positionals.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(p, f)) : [p]));

const categories: Array<[string, RegExp]> = [
  ["garbage collection", /^\(garbage collector\)$/],
  ["idle", /^\(idle\)$/],
  ["program (native, unattributed)", /^\(program\)$/],
  ["React server rendering", /react-dom/],
  ["HTML sanitizing (sanitize-html, htmlparser2)", /sanitize-html|htmlparser2|domhandler|parse-srcset|postcss/],
  ["database driver (pg, kysely)", /node_modules\/(pg|pg-protocol|pg-pool|kysely)\//],
  ["Remix server runtime", /@remix-run|turbo-stream/],
  ["express, compression, http", /node_modules\/(express|compression|body-parser|send|serve-static|finalhandler|router)\/|node:_http|node:http|node:net|node:stream|node:internal\/streams|node:zlib/],
  ["masking and redaction (moderation/)", /moderation\/(mask|redaction|publish|rules|html-text)/],
];

function categoryOf(node: Node): string {
  const key = node.callFrame.functionName.startsWith("(") ? node.callFrame.functionName : node.callFrame.url;
  for (const [name, pattern] of categories) if (pattern.test(key)) return name;
  if (/DateTimeFormat|NumberFormat|Intl/.test(node.callFrame.functionName)) return "Intl formatters";
  if (node.callFrame.url === "") return `native: ${node.callFrame.functionName || "(anonymous)"}`;
  if (/build\/server/.test(node.callFrame.url)) return "Dossier's own code (server build)";
  if (/node_modules/.test(node.callFrame.url)) return `other packages (${node.callFrame.url.replace(/.*node_modules\/((?:@[^/]+\/)?[^/]+).*/, "$1")})`;
  if (node.callFrame.url.startsWith("node:")) return "node internals (other)";
  return "other";
}

const byCategory = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const from = values.last ? profile.endTime - Number(values.last) * 1e6 : -Infinity;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < from) return;
    total += dt;
    byCategory.set(categoryOf(node), (byCategory.get(categoryOf(node)) ?? 0) + dt);
    const fn = `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/.*node_modules\//, "").replace(/.*\/build\//, "build/")}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
  });
}
const busy = total - (byCategory.get("idle") ?? 0);
const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1)} %`;
console.log(`${files.length} profile(s), ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy\n`);
console.log("| category | share of busy time |\n|---|---|");
for (const [name, us] of [...byCategory].filter(([n]) => n !== "idle").sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`| ${name} | ${pct(us, busy)} |`);
console.log("\n| function (self time) | share of busy time |\n|---|---|");
for (const [name, us] of [...byFunction].filter(([n]) => !n.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`| \`${name}\` | ${pct(us, busy)} |`);
