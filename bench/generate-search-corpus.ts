/**
 * Builds a search benchmark corpus of any size from real French, Dutch and
 * German prose: the translated manual pages of Debian's manpages-fr,
 * manpages-nl and manpages-de packages (manpages-l10n; `apt-get install -y
 * manpages-fr manpages-nl manpages-de`). Their roff markup is stripped and
 * the running text cut into sentences; each document is a title and a body
 * of whole sentences drawn from its language's pool, so word frequencies,
 * stems and accents are those of real text. Deterministic (seeded).
 *
 *   npx tsx bench/generate-search-corpus.ts --docs 100000 --out corpus.jsonl --queries queries.json
 *
 * Output: JSON lines {"id","lang","title","body","authority_id","created_at","state"}
 * and a JSON array of 200 mixed queries {"id","kind","lang","q","filter"?}.
 */
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    docs: { type: "string", default: "100000" },
    out: { type: "string", default: "search-corpus.jsonl" },
    queries: { type: "string" },
    "query-count": { type: "string", default: "200" },
    "man-dir": { type: "string", default: "/usr/share/man" },
    seed: { type: "string", default: "42" },
  },
});

type Lang = "fr" | "nl" | "de";
const langs: Lang[] = ["fr", "nl", "de"];
const langShare: Record<Lang, number> = { fr: 0.45, nl: 0.45, de: 0.1 };
const states = ["awaiting_response", "successful", "partially_successful", "refused", "not_held", "overdue", "withdrawn"];
const authorityCount = 1500;

let seed = Number(args.seed) >>> 0;
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const combining: Record<string, string> = { "'": "\u0301", "`": "\u0300", "^": "\u0302", ":": "\u0308", ",": "\u0327", "~": "\u0303" };
const named: Record<string, string> = { oe: "œ", OE: "Œ", ss: "ß", ae: "æ", Fo: "«", Fc: "»", em: "—", en: "–", lq: "“", rq: "”", aq: "'", cq: "’", oq: "‘" };

/** Running text of one roff manual page. */
function roffToText(source: string): string {
  const lines: string[] = [];
  for (const line of source.split("\n")) {
    if (line.startsWith(".\\\"") || line.startsWith("'\\\"")) continue;
    let text = line;
    if (text.startsWith(".")) {
      const macro = text.match(/^\.(B|I|BI|IB|BR|RB|IR|RI|SM|SB)\s+(.*)$/);
      if (!macro) {
        lines.push("\n");
        continue;
      }
      text = macro[2].replace(/"/g, "");
    }
    text = text
      .replace(/\\f(\[[^\]]*\]|\(..|.)/g, "")
      .replace(/\\\(([`'^:,~])([a-zA-Z])/g, (_m, accent: string, letter: string) => (letter + combining[accent]).normalize("NFC"))
      .replace(/\\\((..)/g, (_m, name: string) => named[name] ?? " ")
      .replace(/\\\[[^\]]*\]/g, " ")
      .replace(/\\[-&|^e0~ ]/g, (m) => (m === "\\-" ? "-" : m === "\\e" ? "\\" : m === "\\~" || m === "\\ " || m === "\\0" ? " " : ""))
      .replace(/\\./g, "");
    lines.push(text);
  }
  return lines.join(" ").replace(/\s+/g, " ");
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ])/u)
    .map((s) => s.trim())
    .filter((s) => {
      const words = s.split(" ");
      if (words.length < 6 || words.length > 60 || !/[.!?]$/.test(s)) return false;
      const letters = (s.match(/\p{L}/gu) ?? []).length;
      // Prose, not command lines or option tables.
      return letters / s.length > 0.75 && !/[{}<>=_$\/\\|]|--/.test(s);
    });
}

function loadPool(lang: Lang): string[] {
  const root = path.join(args["man-dir"]!, lang);
  const sentences = new Set<string>();
  for (const section of readdirSync(root)) {
    for (const file of readdirSync(path.join(root, section))) {
      const full = path.join(root, section, file);
      try {
        const raw = readFileSync(full);
        const bytes = file.endsWith(".gz") ? gunzipSync(raw) : raw;
        let source: string;
        try {
          source = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        } catch {
          source = new TextDecoder("latin1").decode(bytes); // a few older pages
        }
        for (const s of sentencesOf(roffToText(source))) {
          // Pages that are only partly translated keep English sentences.
          if ((s.match(/\b(the|and|with|are|this|you)\b/gi) ?? []).length < 2) sentences.add(s);
        }
      } catch {
        // A symbolic link to a missing page, or a binary: skip it.
      }
    }
  }
  if (sentences.size < 200) throw new Error(`Too little ${lang} text under ${root}: install manpages-${lang}.`);
  return [...sentences];
}

const pools = Object.fromEntries(langs.map((l) => [l, loadPool(l)])) as Record<Lang, string[]>;
for (const l of langs) console.error(`${l}: ${pools[l].length} sentences`);

function chooseLang(): Lang {
  const r = random();
  return r < langShare.fr ? "fr" : r < langShare.fr + langShare.nl ? "nl" : "de";
}

function bodyLength(): number {
  const r = random();
  if (r < 0.75) return between(150, 700);
  if (r < 0.97) return between(700, 2500);
  return between(2500, 8000);
}

function title(lang: Lang): string {
  const words = pick(pools[lang]).replace(/[.!?]$/, "").split(" ");
  const start = between(0, Math.max(0, words.length - 6));
  const text = words.slice(start, start + between(3, 8)).join(" ").replace(/[,;:]$/, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function body(lang: Lang): string {
  const target = bodyLength();
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    const s = pick(pools[lang]);
    parts.push(s);
    length += s.length + 1;
  }
  return parts.join(" ");
}

function authority(): number {
  // A few authorities receive most requests (as communes and CPAS do).
  return 1 + Math.floor(authorityCount * Math.pow(random(), 2.2));
}

const from = Date.UTC(2015, 0, 1);
const to = Date.UTC(2026, 9, 31);
function createdAt(): string {
  return new Date(from + Math.floor(random() * (to - from))).toISOString();
}

async function writeCorpus(count: number, file: string) {
  const out = createWriteStream(file);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", resolve)));
  for (let id = 1; id <= count; id++) {
    const lang = chooseLang();
    await write(JSON.stringify({ id, lang, title: title(lang), body: body(lang), authority_id: authority(), created_at: createdAt(), state: pick(states) }) + "\n");
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

function writeQueries(count: number, file: string) {
  const stats = Object.fromEntries(
    langs.map((lang) => {
      const frequency = new Map<string, number>();
      for (const s of pools[lang]) for (const w of s.toLowerCase().match(/\p{L}{5,}/gu) ?? []) frequency.set(w, (frequency.get(w) ?? 0) + 1);
      const ranked = [...frequency.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
      return [lang, { ranked, rare: ranked.filter((w) => frequency.get(w)! <= 2) }];
    }),
  ) as Record<Lang, { ranked: string[]; rare: string[] }>;
  const kinds = [
    ["common", 0.2],
    ["medium", 0.15],
    ["rare", 0.15],
    ["two_words", 0.15],
    ["phrase", 0.1],
    ["prefix", 0.05],
    ["authority", 0.1],
    ["date_range", 0.1],
  ] as const;
  const queries = [];
  for (let id = 1; id <= count; id++) {
    const lang = chooseLang();
    const { ranked, rare } = stats[lang];
    let r = random();
    let kind: (typeof kinds)[number][0] = "common";
    for (const [k, share] of kinds) {
      if (r < share) {
        kind = k;
        break;
      }
      r -= share;
    }
    const common = () => ranked[between(20, 300)];
    const medium = () => ranked[between(1000, 5000)] ?? common();
    let q: string;
    let filter: Record<string, unknown> | undefined;
    if (kind === "common") q = common();
    else if (kind === "medium") q = medium();
    else if (kind === "rare") q = pick(rare);
    else if (kind === "two_words") q = `${common()} ${medium()}`;
    else if (kind === "phrase") {
      const words = pick(pools[lang]).replace(/[.,;:!?()"«»]/g, "").split(" ").filter(Boolean);
      const start = between(0, words.length - 3);
      q = `"${words.slice(start, start + between(2, 3)).join(" ")}"`;
    } else if (kind === "prefix") q = `${common().slice(0, 5)}*`;
    else if (kind === "authority") {
      q = common();
      filter = { authority_id: authority() };
    } else {
      q = common();
      const year = between(2015, 2025);
      filter = { created_from: `${year}-01-01`, created_to: `${year}-12-31` };
    }
    queries.push({ id, kind, lang, q, ...(filter ? { filter } : {}) });
  }
  writeFileSync(file, JSON.stringify(queries, null, 1) + "\n");
}

await writeCorpus(Number(args.docs), args.out!);
console.error(`wrote ${args.docs} documents to ${args.out}`);
if (args.queries) {
  writeQueries(Number(args["query-count"]), args.queries);
  console.error(`wrote ${args["query-count"]} queries to ${args.queries}`);
}
