/**
 * Classifier quality on the labelled corpus (test/fixtures/classify/corpus.ts:
 * hand-written fr/nl/de/en messages plus the Alaveteli fixtures): precision
 * and recall per class, accuracy per language, and every miss. The named
 * reference, measured in the same run, is the majority baseline (everything
 * is a "reply"), which is what a platform without a classifier does.
 *
 *   npx tsx bench/classify.ts [--misses]
 *
 * Prints figures; never part of `npm test`.
 */
import { parseArgs } from "node:util";
import { classifyMessage, type MessageKind } from "../mail/classify";
import { parseRawMessage } from "../mail/parse";
import { ALAVETELI_KINDS, HAND_WRITTEN } from "../test/fixtures/classify/corpus";
import { alaveteliFixtures, readFixture } from "../test/mail/support";

const { values: args } = parseArgs({ options: { misses: { type: "boolean", default: false } } });
const KINDS: MessageKind[] = ["reply", "acknowledgement", "auto_reply", "bounce"];

interface Row {
  id: string;
  lang: string;
  expected: MessageKind;
  got: MessageKind;
  reason: string;
}

function table(rows: Row[], pick: (r: Row) => MessageKind) {
  const lines: string[] = [];
  for (const kind of KINDS) {
    const tp = rows.filter((r) => r.expected === kind && pick(r) === kind).length;
    const predicted = rows.filter((r) => pick(r) === kind).length;
    const actual = rows.filter((r) => r.expected === kind).length;
    const precision = predicted ? tp / predicted : NaN;
    const recall = actual ? tp / actual : NaN;
    lines.push(
      `  ${kind.padEnd(16)} n=${String(actual).padStart(3)}  precision ${Number.isNaN(precision) ? "  -  " : precision.toFixed(3)} (${tp}/${predicted})  recall ${recall.toFixed(3)} (${tp}/${actual})`,
    );
  }
  const correct = rows.filter((r) => r.expected === pick(r)).length;
  lines.push(`  accuracy ${(correct / rows.length).toFixed(3)} (${correct}/${rows.length})`);
  return lines.join("\n");
}

async function main() {
  const rows: Row[] = [];
  for (const m of HAND_WRITTEN) {
    const parsed = await parseRawMessage(m.raw);
    // The context the ingest pipeline gives: the envelope sender and the request's own title.
    const context = { envelopeFrom: m.envelopeFrom, requestTitle: m.title };
    const c = classifyMessage(parsed, context);
    rows.push({ id: m.id, lang: m.lang, expected: m.kind, got: c.kind, reason: c.reason });
  }
  for (const name of alaveteliFixtures()) {
    const parsed = await parseRawMessage(readFixture(name));
    const c = classifyMessage(parsed, {});
    rows.push({ id: name, lang: "alaveteli", expected: ALAVETELI_KINDS[name] ?? "reply", got: c.kind, reason: c.reason });
  }
  console.log(`Classifier on ${rows.length} labelled messages (${HAND_WRITTEN.length} hand-written fr/nl/de/en, ${rows.length - HAND_WRITTEN.length} Alaveteli fixtures)\n`);
  console.log("mail/classify.ts:");
  console.log(table(rows, (r) => r.got));
  console.log("\nreference — majority baseline (every message a reply):");
  console.log(table(rows, () => "reply"));
  console.log("\naccuracy per language:");
  for (const lang of ["fr", "nl", "de", "en", "alaveteli"]) {
    const sub = rows.filter((r) => r.lang === lang);
    const ok = sub.filter((r) => r.expected === r.got).length;
    console.log(`  ${lang.padEnd(10)} ${ok}/${sub.length}`);
  }
  const misses = rows.filter((r) => r.expected !== r.got);
  console.log(`\nmisclassified: ${misses.length}`);
  if (args.misses || misses.length <= 30) for (const r of misses) console.log(`  ${r.id}: expected ${r.expected}, got ${r.got} (${r.reason})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
