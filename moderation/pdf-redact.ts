import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import PDFDocument from "pdfkit";
import { decodeEntities, type TextRange } from "./html-text";

/**
 * Real redaction of PDF files (docs/decisions/700-pdf-redaction.md).
 *
 * A black rectangle drawn over text leaves the text in the file. Instead:
 * find the words to remove with poppler's `pdftotext -bbox-layout`, render
 * every page to pixels with `pdftoppm`, paint the words' boxes black in the
 * pixels, and build a new PDF from the images alone. The result has no text
 * layer, fonts, metadata, attachments or scripts of the original; its text
 * is checked again before it is returned. When any of this cannot be done
 * (no text layer to find the words in, a tool failure, a time-out, a page
 * that is an image), the answer is "unsafe" and the caller withholds the
 * file with a note.
 */

const run = promisify(execFile);

export type FindRanges = (text: string) => TextRange[];

export type PdfRedactionResult =
  | { status: "clean"; pages: number }
  | { status: "redacted"; bytes: Buffer; pages: number; matches: number }
  | { status: "unsafe"; reason: string };

export interface PdfRedactionOptions {
  /** Resolution of the rendered pages, dots per inch. */
  dpi?: number;
  maxPages?: number;
  /** Per tool invocation. */
  timeoutMs?: number;
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

interface Page {
  width: number;
  height: number;
  words: Word[];
  /** Words joined by spaces, lines by newlines. */
  text: string;
  /** For each character of `text`, the index of its word (-1 for separators). */
  wordAt: number[];
  /** For each character of `text`, its offset inside its word. */
  charAt: number[];
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const num = (attrs: string, name: string): number => Number(new RegExp(`${name}="([-0-9.]+)"`).exec(attrs)?.[1] ?? NaN);

/** Parses `pdftotext -bbox-layout` output. */
export function parseBboxLayout(xhtml: string): Page[] {
  const pages: Page[] = [];
  for (const pm of xhtml.matchAll(/<page ([^>]*)>([\s\S]*?)<\/page>/g)) {
    const page: Page = { width: num(pm[1], "width"), height: num(pm[1], "height"), words: [], text: "", wordAt: [], charAt: [] };
    for (const lm of pm[2].matchAll(/<line [^>]*>([\s\S]*?)<\/line>/g)) {
      let first = true;
      for (const wm of lm[1].matchAll(/<word ([^>]*)>([\s\S]*?)<\/word>/g)) {
        const word: Word = {
          text: decodeEntities(wm[2]),
          xMin: num(wm[1], "xMin"),
          yMin: num(wm[1], "yMin"),
          xMax: num(wm[1], "xMax"),
          yMax: num(wm[1], "yMax"),
        };
        if (!first) {
          page.text += " ";
          page.wordAt.push(-1);
          page.charAt.push(0);
        }
        first = false;
        const index = page.words.push(word) - 1;
        for (let k = 0; k < word.text.length; k++) {
          page.wordAt.push(index);
          page.charAt.push(k);
        }
        page.text += word.text;
      }
      page.text += "\n";
      page.wordAt.push(-1);
      page.charAt.push(0);
    }
    pages.push(page);
  }
  return pages;
}

/** The boxes (in PDF points, origin top left) covering the matched characters. */
export function boxesFor(page: Page, ranges: TextRange[]): Box[] {
  const boxes: Box[] = [];
  for (const r of ranges) {
    const perWord = new Map<number, { from: number; to: number }>();
    for (let i = r.start; i < r.end; i++) {
      const w = page.wordAt[i];
      if (w === undefined || w < 0) continue;
      const c = page.charAt[i];
      const span = perWord.get(w);
      if (span) span.to = Math.max(span.to, c + 1);
      else perWord.set(w, { from: c, to: c + 1 });
    }
    for (const [w, span] of perWord) {
      const word = page.words[w];
      // Characters are assumed evenly wide; the padding below covers the error.
      const n = Math.max(1, word.text.length);
      const cw = (word.xMax - word.xMin) / n;
      const pad = Math.max(1.5, cw * 0.6);
      boxes.push({
        x0: word.xMin + span.from * cw - pad,
        x1: word.xMin + span.to * cw + pad,
        y0: word.yMin - 1.5,
        y1: word.yMax + 1.5,
      });
    }
  }
  return boxes;
}

interface Raster {
  width: number;
  height: number;
  /** RGB, 3 bytes per pixel. */
  pixels: Buffer;
}

export function parsePpm(data: Buffer): Raster {
  // P6 <ws> width <ws> height <ws> maxval <single ws> pixels; comments start with #.
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < data.length && /\s/.test(String.fromCharCode(data[pos]))) pos++;
      if (data[pos] === 0x23) {
        while (pos < data.length && data[pos] !== 0x0a) pos++;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < data.length && !/\s/.test(String.fromCharCode(data[pos]))) pos++;
    return data.subarray(start, pos).toString("latin1");
  };
  if (token() !== "P6") throw new Error("not a binary PPM");
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (!(width > 0 && height > 0) || max !== 255) throw new Error("unsupported PPM");
  pos++;
  const pixels = data.subarray(pos, pos + width * height * 3);
  if (pixels.length !== width * height * 3) throw new Error("truncated PPM");
  return { width, height, pixels: Buffer.from(pixels) };
}

export function paintBlack(raster: Raster, boxes: Box[], scaleX: number, scaleY: number): void {
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.x0 * scaleX));
    const x1 = Math.min(raster.width, Math.ceil(b.x1 * scaleX));
    const y0 = Math.max(0, Math.floor(b.y0 * scaleY));
    const y1 = Math.min(raster.height, Math.ceil(b.y1 * scaleY));
    for (let y = y0; y < y1; y++) raster.pixels.fill(0, (y * raster.width + x0) * 3, (y * raster.width + x1) * 3);
  }
}

/** Nearly all pixels white: a blank page. */
function isBlank(raster: Raster): boolean {
  let dark = 0;
  for (let i = 0; i < raster.pixels.length; i += 3) {
    if (raster.pixels[i] + raster.pixels[i + 1] + raster.pixels[i + 2] < 600) dark++;
  }
  return dark / (raster.width * raster.height) < 0.001;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

export function encodePng(raster: Raster): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(raster.width, 0);
  header.writeUInt32BE(raster.height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const stride = raster.width * 3;
  const rows = Buffer.alloc((stride + 1) * raster.height);
  for (let y = 0; y < raster.height; y++) {
    rows[y * (stride + 1)] = 0; // filter: none
    raster.pixels.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", zlib.deflateSync(rows, { level: 6 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

async function buildPdf(pages: { width: number; height: number; png: Buffer }[]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, info: { Producer: "Dossier", Creator: "Dossier" } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const p of pages) {
    doc.addPage({ size: [p.width, p.height], margin: 0 });
    doc.image(p.png, 0, 0, { width: p.width, height: p.height });
  }
  doc.end();
  return done;
}

async function textOf(file: string, timeout: number): Promise<string> {
  const { stdout } = await run("pdftotext", ["-q", "-enc", "UTF-8", file, "-"], { timeout, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/**
 * Removes from `pdf` every text `find` reports, or says why it cannot.
 * "clean" means nothing matched: the original may be served as it is.
 */
export async function redactPdf(pdf: Uint8Array, find: FindRanges, options: PdfRedactionOptions = {}): Promise<PdfRedactionResult> {
  const dpi = options.dpi ?? 150;
  const maxPages = options.maxPages ?? 300;
  const timeout = options.timeoutMs ?? 60_000;
  const dir = await mkdtemp(path.join(os.tmpdir(), "dossier-redact-"));
  try {
    const input = path.join(dir, "in.pdf");
    await writeFile(input, pdf);
    let layout: string;
    try {
      ({ stdout: layout } = await run("pdftotext", ["-q", "-bbox-layout", "-enc", "UTF-8", input, "-"], { timeout, maxBuffer: 512 * 1024 * 1024 }));
    } catch (error) {
      return { status: "unsafe", reason: `the PDF could not be read (${describe(error)})` };
    }
    const pages = parseBboxLayout(layout);
    if (pages.length === 0) return { status: "unsafe", reason: "the PDF has no readable pages" };
    if (pages.length > maxPages) return { status: "unsafe", reason: `the PDF has ${pages.length} pages, more than ${maxPages}` };

    const rangesPerPage = pages.map((p) => find(p.text));
    const matches = rangesPerPage.reduce((n, r) => n + r.length, 0);
    const textless = pages.map((p, i) => (p.words.length === 0 ? i : -1)).filter((i) => i >= 0);

    const render = async (index: number): Promise<Raster> => {
      const prefix = path.join(dir, `page-${index + 1}`);
      await run("pdftoppm", ["-q", "-r", String(dpi), "-f", String(index + 1), "-l", String(index + 1), "-singlefile", input, prefix], { timeout, maxBuffer: 1024 * 1024 });
      const file = `${prefix}.ppm`;
      const raster = parsePpm(await readFile(file));
      await rm(file, { force: true });
      return raster;
    };

    try {
      // A page without text may be a scan: what it shows cannot be searched, so it cannot be redacted.
      for (const i of textless) {
        if (!isBlank(await render(i))) {
          return { status: "unsafe", reason: `page ${i + 1} is an image without a text layer (a scan?): its content cannot be checked` };
        }
      }
      if (matches === 0) return { status: "clean", pages: pages.length };

      const out: { width: number; height: number; png: Buffer }[] = [];
      for (let i = 0; i < pages.length; i++) {
        const page = pages[i];
        const raster = await render(i);
        paintBlack(raster, boxesFor(page, rangesPerPage[i]), raster.width / page.width, raster.height / page.height);
        out.push({ width: page.width, height: page.height, png: encodePng(raster) });
      }
      const bytes = await buildPdf(out);

      // Check the result, as a reader's tools would see it.
      const check = path.join(dir, "out.pdf");
      await writeFile(check, bytes);
      const left = find(await textOf(check, timeout));
      if (left.length > 0) return { status: "unsafe", reason: "the redacted file still contained the text" };
      return { status: "redacted", bytes, pages: pages.length, matches };
    } catch (error) {
      return { status: "unsafe", reason: `the PDF could not be rendered (${describe(error)})` };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string | number; killed?: boolean; message?: string };
  if (e.killed) return "time-out";
  if (e.code === "ENOENT") return "poppler-utils is not installed";
  return String(e.message ?? error).split("\n")[0].slice(0, 200);
}
