import { createHash } from "node:crypto";
import { existsSync, mkdirSync, symlinkSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type Tesseract from "tesseract.js";
import { encodePng, type Box, type Raster } from "./raster";

/**
 * Optical character recognition on npm packages alone: tesseract.js (the
 * Tesseract engine compiled to WebAssembly, in tesseract.js-core) with the
 * French, Dutch, German and English models of the @tesseract.js-data/*
 * packages. Nothing is fetched at run time: the language files are read
 * from node_modules, the core and its worker script are the packages' own.
 */

export const OCR_LANGUAGES = ["fra", "nld", "deu", "eng"] as const;

/** A page's recognised text with, for each UTF-16 unit, its box in pixels (null for separators). */
export interface OcrPage {
  width: number;
  height: number;
  text: string;
  boxes: (Box | null)[];
  words: { text: string; box: Box; confidence: number }[];
  /** Mean word confidence, 0–100 (0 when no word). */
  confidence: number;
}

const require = createRequire(import.meta.url);

/**
 * tesseract.js reads `${langPath}/${code}.traineddata.gz` from one folder;
 * each language package has its own. A folder of symbolic links (made once
 * per installation, in the OS temporary folder) joins them.
 */
function languageFolder(): string {
  const files = OCR_LANGUAGES.map((code) => {
    const pkg = path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
    return { code, file: path.join(pkg, "4.0.0_best_int", `${code}.traineddata.gz`) };
  });
  const id = createHash("sha256").update(files.map((f) => f.file).join("\n")).digest("hex").slice(0, 16);
  const dir = path.join(os.tmpdir(), `dossier-tessdata-${id}`);
  if (files.every((f) => existsSync(path.join(dir, `${f.code}.traineddata.gz`)))) return dir;
  const tmp = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  for (const f of files) {
    if (!existsSync(f.file)) throw new Error(`OCR language data missing: ${f.file} (npm install)`);
    symlinkSync(f.file, path.join(tmp, `${f.code}.traineddata.gz`));
  }
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process made it first: theirs is as good.
  }
  return dir;
}

export interface OcrEngineOptions {
  languages?: readonly string[];
  /** Stop the Tesseract thread after this long without work (restarted on next use). */
  idleCloseMs?: number;
}

/**
 * One Tesseract worker (a worker thread of tesseract.js), started on first
 * use (about 2 s: loading the models) and reused. Recognitions run one at a
 * time. Images are passed as PNG.
 */
export class OcrEngine {
  private worker: Promise<Tesseract.Worker> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly languages: readonly string[];
  private readonly idleCloseMs: number | null;
  private busy = 0;
  private idle: NodeJS.Timeout | null = null;

  constructor(options: OcrEngineOptions = {}) {
    this.languages = options.languages ?? OCR_LANGUAGES;
    this.idleCloseMs = options.idleCloseMs ?? null;
  }

  private start(): Promise<Tesseract.Worker> {
    return (this.worker ??= (async () => {
      const { createWorker, OEM } = await import("tesseract.js");
      return createWorker([...this.languages], OEM.LSTM_ONLY, {
        langPath: languageFolder(),
        gzip: true,
        cacheMethod: "none",
        workerPath: require.resolve("tesseract.js/src/worker-script/node/index.js"),
        errorHandler: () => undefined,
      });
    })());
  }

  /** Recognises the text of one image (a Raster, or PNG/JPEG bytes). */
  recognize(image: Raster | Buffer): Promise<OcrPage> {
    this.busy++;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const run = this.chain.then(async () => {
      const worker = await this.start();
      const input = Buffer.isBuffer(image) ? image : encodePng(image);
      const { data } = await worker.recognize(input, {}, { text: false, blocks: true });
      const size = Buffer.isBuffer(image) ? pngSize(image) : { width: image.width, height: image.height };
      return pageFromBlocks(data.blocks ?? [], size.width, size.height);
    });
    this.chain = run.catch(() => undefined);
    return run.finally(() => {
      if (--this.busy === 0 && this.idleCloseMs !== null) {
        this.idle = setTimeout(() => void this.close(), this.idleCloseMs);
        this.idle.unref();
      }
    });
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    if (w) await (await w.catch(() => null))?.terminate().catch(() => undefined);
  }
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.length > 24 && bytes.readUInt32BE(12) === 0x49484452) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  return { width: 0, height: 0 };
}

/** Joins Tesseract's words: spaces between words, newlines between lines, a blank line between paragraphs. */
export function pageFromBlocks(blocks: Tesseract.Block[], width: number, height: number): OcrPage {
  const page: OcrPage = { width, height, text: "", boxes: [], words: [], confidence: 0 };
  const sep = (s: string) => {
    for (const ch of s) {
      page.text += ch;
      page.boxes.push(null);
    }
  };
  for (const block of blocks) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        let first = true;
        for (const word of line.words) {
          const text = word.text.trim();
          if (!text) continue;
          if (!first) sep(" ");
          first = false;
          const box = { x0: word.bbox.x0, y0: word.bbox.y0, x1: word.bbox.x1, y1: word.bbox.y1 };
          page.words.push({ text, box, confidence: word.confidence });
          // Characters are taken as evenly wide inside the word; callers pad.
          const cw = (box.x1 - box.x0) / text.length;
          for (let k = 0; k < text.length; k++) {
            page.text += text[k];
            page.boxes.push({ x0: box.x0 + k * cw, x1: box.x0 + (k + 1) * cw, y0: box.y0, y1: box.y1 });
          }
        }
        if (!first) sep("\n");
      }
      if (page.text && !page.text.endsWith("\n\n")) sep("\n");
    }
  }
  page.confidence = page.words.length ? page.words.reduce((s, w) => s + w.confidence, 0) / page.words.length : 0;
  return page;
}

let shared: OcrEngine | null = null;

/**
 * The process's OCR engine for callers outside the extraction worker (the
 * redaction of scanned PDFs). Its Tesseract thread stops after a minute
 * unused, so an idle process holds none and can exit.
 */
export function sharedOcrEngine(): OcrEngine {
  return (shared ??= new OcrEngine({ idleCloseMs: 60_000 }));
}
