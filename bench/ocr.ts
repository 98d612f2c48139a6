/**
 * OCR throughput: a fixed set of scanned A4 pages (French, Dutch, German
 * and English letters, drawn with pdfjs-dist's Liberation Sans at 150 dpi
 * by test/support/scans.ts, so every run sees the same pixels) made into a
 * PDF without a text layer, extracted by the production path
 * (`TextExtractor`: bounded child process, pdf.js render at 200 dpi, tesseract.js
 * with the four languages). Reference, in the same run: the same pages as a
 * PDF with a text layer (pdfkit), extracted by the same extractor.
 * Prints one JSON object: pages per minute of each, peak resident memory of
 * the extraction process (where pdf.js and Tesseract run; Linux: its VmHWM
 * from /proc), and how many of the pages' words recognition found.
 *
 *   npx tsx bench/ocr.ts [--pages 8]
 */
import { performance } from "node:perf_hooks";
import PDFDocument from "pdfkit";
import { TextExtractor } from "../mail/extract";
import { scannedPdf, scanPng } from "../test/support/scans";

const pagesArg = process.argv.indexOf("--pages");
const PAGES = pagesArg > 0 ? Number(process.argv[pagesArg + 1]) : 8;

const LETTERS = [
  ["Objet : votre demande d'accès aux documents administratifs", "Le collège communal a examiné votre demande du 3 mars.", "Vous trouverez ci-joint la délibération du conseil communal", "relative à la rénovation de l'éclairage public.", "Veuillez agréer, Madame, l'expression de nos salutations distinguées."],
  ["Betreft: uw verzoek om openbaarheid van bestuur", "Het college van burgemeester en schepenen heeft uw verzoek", "van 3 maart onderzocht. In bijlage vindt u de notulen", "van de gemeenteraad over de heraanleg van het marktplein.", "Met vriendelijke groeten, de algemeen directeur."],
  ["Betreff: Ihr Antrag auf Einsicht in Verwaltungsunterlagen", "Das Gemeindekollegium hat Ihren Antrag vom 3. März geprüft.", "Anbei finden Sie den Beschluss des Gemeinderats", "über die Erneuerung der Straßenbeleuchtung in Kettenis.", "Mit freundlichen Grüßen, der Generaldirektor."],
  ["Subject: your request for access to administrative documents", "The municipal board examined your request of 3 March.", "Please find attached the minutes of the council meeting", "on the renovation of the town hall.", "Yours faithfully, the general director."],
];

function textPdf(pages: string[][]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    for (const lines of pages) {
      doc.addPage({ size: "A4", margin: 72 });
      lines.forEach((line, i) => doc.fontSize(14).text(line, 72, 72 + i * 14 * 1.8));
    }
    doc.end();
  });
}

import { readFileSync } from "node:fs";

/** Peak resident memory (VmHWM) of the extraction process, bytes; 0 where /proc is missing. */
function childPeak(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${extractor.processId}/status`, "utf8"))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, childPeak())), 25);

const pages = Array.from({ length: PAGES }, (_, i) => LETTERS[i % LETTERS.length]);
const scans = await scannedPdf(await Promise.all(pages.map((lines) => scanPng(lines, { dpi: 150, heightInches: 11.69 }))));
const layered = await textPdf(pages);
const extractor = new TextExtractor({ timeoutMs: 300_000, maxMemoryMb: 512 });

async function timed(bytes: Buffer) {
  const start = performance.now();
  const r = await extractor.extract(bytes, "application/pdf");
  const ms = performance.now() - start;
  return { r, ms };
}

// Warm-up: loads pdf.js and Tesseract's models once in the extraction process (not counted).
await extractor.extract(await scannedPdf([await scanPng(["warm up"], { dpi: 100 })]), "application/pdf");
const before = peak;
const reference = await timed(layered);
const ocr = await timed(scans);
clearInterval(sampler);
await extractor.close();

const words = pages.flat().join(" ").split(/\s+/).filter((w) => w.length > 3);
const found = words.filter((w) => ocr.r.text.includes(w)).length;
console.log(
  JSON.stringify(
    {
      pages: PAGES,
      reference: { name: "text-layer extraction of the same pages (pdf.js, same extraction process)", status: reference.r.status, ms: Math.round(reference.ms), pagesPerMinute: Math.round((PAGES / reference.ms) * 60_000) },
      ocr: { status: ocr.r.status, source: ocr.r.source, ms: Math.round(ocr.ms), pagesPerMinute: Number(((PAGES / ocr.ms) * 60_000).toFixed(1)), wordsFound: `${found}/${words.length}` },
      slowdown: Number((ocr.ms / reference.ms).toFixed(1)),
      peakRssMb: Math.round(peak / 1024 / 1024),
      rssAfterWarmUpMb: Math.round(before / 1024 / 1024),
      cores: (await import("node:os")).cpus().length,
      load: (await import("node:os")).loadavg().map((l) => Number(l.toFixed(1))),
    },
    null,
    2,
  ),
);
