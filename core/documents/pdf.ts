import { createRequire } from "node:module";
import path from "node:path";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/types/src/display/api";
import { rasterFromRgba, type Box, type Raster } from "./raster";

/**
 * PDF reading on npm packages alone (docs/decisions/302-documents-without-binaries.md):
 * pdf.js (pdfjs-dist) parses the file and gives text items with their
 * positions; @napi-rs/canvas (Skia, shipped as a prebuilt binary inside the
 * npm package) is the canvas pdf.js paints pages on. No poppler, no child
 * process.
 */

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = () => (pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs"));

const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve("pdfjs-dist/package.json"));
/** pdf.js reads these with fs in Node when given file paths ending in a separator. */
const assets = {
  standardFontDataUrl: path.join(pdfjsRoot, "standard_fonts") + path.sep,
  cMapUrl: path.join(pdfjsRoot, "cmaps") + path.sep,
  wasmUrl: path.join(pdfjsRoot, "wasm") + path.sep,
  iccUrl: path.join(pdfjsRoot, "iccs") + path.sep,
};
export const pdfjsFontFile = (name: string) => path.join(pdfjsRoot, "standard_fonts", name);

/** A page's text, with the box (PDF points, origin top left) of each character; separators have none. */
export interface PageText {
  /** Page size in points. */
  width: number;
  height: number;
  /** Text items joined: spaces between words, newlines between lines. */
  text: string;
  /** For each UTF-16 unit of `text`, its box, or null for inserted separators and white space. */
  boxes: (Box | null)[];
  /** Number of non-blank characters (0: no text layer). */
  glyphs: number;
}

export interface OpenedPdf {
  pages: number;
  /** The text layer of page `index` (0-based). */
  text(index: number): Promise<PageText>;
  /** Page `index` painted at `dpi` on white. */
  render(index: number, dpi: number): Promise<Raster>;
  close(): Promise<void>;
}

export class PdfError extends Error {}

/** Opens a PDF from bytes (copied: pdf.js may detach the buffer it gets). Throws PdfError when it cannot be parsed. */
export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    ...assets,
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw new PdfError(`the PDF could not be read (${(e as Error).message ?? e})`);
  }
  const page = (index: number): Promise<PDFPageProxy> => doc.getPage(index + 1);
  return {
    pages: doc.numPages,
    text: async (index) => pageText(lib, await page(index)),
    render: async (index, dpi) => renderPage(await page(index), dpi),
    close: async () => {
      await doc.destroy().catch(() => undefined);
    },
  };
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

async function pageText(lib: PdfJs, page: PDFPageProxy): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: false });
  let text = "";
  const boxes: (Box | null)[] = [];
  let glyphs = 0;
  let last: { baseline: number; x1: number; size: number } | null = null;
  const separate = (sep: string) => {
    if (text.length === 0 || text.endsWith("\n") || (sep === " " && /\s$/.test(text))) return;
    text += sep;
    boxes.push(null);
  };
  for (const raw of content.items) {
    if (!("str" in raw)) continue;
    const item = raw as TextItemLike;
    const m = lib.Util.transform(viewport.transform, item.transform);
    const size = Math.hypot(m[2], m[3]) || Math.abs(item.height) || 1;
    const horizontal = Math.abs(m[1]) < 1e-3 && Math.abs(m[2]) < 1e-3 && m[0] > 0;
    // Corners of the item's box, in viewport units (origin top left).
    const x = m[4];
    const baseline = m[5];
    let itemBox: Box;
    if (horizontal) {
      itemBox = { x0: x, x1: x + item.width, y0: baseline - size, y1: baseline + size * 0.3 };
    } else {
      // Rotated or skewed text: box the whole item generously (redaction takes the item).
      const len = item.width;
      const dirX = m[0] / (Math.hypot(m[0], m[1]) || 1);
      const dirY = m[1] / (Math.hypot(m[0], m[1]) || 1);
      const pts = [
        [x, baseline],
        [x + dirX * len, baseline + dirY * len],
        [x - m[2] / (Math.hypot(m[2], m[3]) || 1) * size, baseline - m[3] / (Math.hypot(m[2], m[3]) || 1) * size],
      ];
      pts.push([pts[1][0] + pts[2][0] - x, pts[1][1] + pts[2][1] - baseline]);
      itemBox = {
        x0: Math.min(...pts.map((p) => p[0])) - size * 0.3,
        x1: Math.max(...pts.map((p) => p[0])) + size * 0.3,
        y0: Math.min(...pts.map((p) => p[1])) - size * 0.3,
        y1: Math.max(...pts.map((p) => p[1])) + size * 0.3,
      };
    }
    if (item.str.length > 0) {
      if (last) {
        const sameLine = horizontal && Math.abs(baseline - last.baseline) < Math.max(size, last.size) * 0.5;
        if (!sameLine) separate("\n");
        else if (x - last.x1 > Math.max(size, last.size) * 0.15) separate(" ");
      }
      const units = item.str.length;
      const cw = (itemBox.x1 - itemBox.x0) / Math.max(1, units);
      for (let k = 0; k < units; k++) {
        const ch = item.str[k];
        if (/\s/.test(ch)) {
          separate(" ");
          continue;
        }
        text += ch;
        glyphs++;
        boxes.push(horizontal ? { x0: itemBox.x0 + k * cw, x1: itemBox.x0 + (k + 1) * cw, y0: itemBox.y0, y1: itemBox.y1 } : itemBox);
      }
      last = { baseline, x1: horizontal ? itemBox.x1 : -Infinity, size };
    }
    if (item.hasEOL) {
      separate("\n");
      last = null;
    }
  }
  if (text.length > 0 && !text.endsWith("\n")) {
    text += "\n";
    boxes.push(null);
  }
  page.cleanup();
  return { width: viewport.width, height: viewport.height, text, boxes, glyphs };
}

/** Largest rendered page, in pixels: a hostile page size cannot allocate gigabytes. */
const MAX_PIXELS = 40_000_000;

async function renderPage(page: PDFPageProxy, dpi: number): Promise<Raster> {
  const { createCanvas } = await import("@napi-rs/canvas");
  let scale = dpi / 72;
  let viewport = page.getViewport({ scale });
  if (viewport.width * viewport.height > MAX_PIXELS) {
    scale *= Math.sqrt(MAX_PIXELS / (viewport.width * viewport.height));
    viewport = page.getViewport({ scale });
  }
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context as unknown as CanvasRenderingContext2D, viewport, background: "#ffffff" }).promise;
  const data = context.getImageData(0, 0, width, height).data;
  page.cleanup();
  return rasterFromRgba(width, height, data);
}

/** The boxes of the characters in `[start, end)` ranges, padded so a glyph's ink never escapes its box. */
export function boxesForRanges(page: PageText, ranges: { start: number; end: number }[]): Box[] {
  const out: Box[] = [];
  for (const r of ranges) {
    for (let i = r.start; i < r.end; i++) {
      const b = page.boxes[i];
      if (!b) continue;
      const h = b.y1 - b.y0;
      const pad = Math.max(1.5, (b.x1 - b.x0) * 0.6, h * 0.15);
      out.push({ x0: b.x0 - pad, x1: b.x1 + pad, y0: b.y0 - Math.max(1.5, h * 0.1), y1: b.y1 + Math.max(1.5, h * 0.1) });
    }
  }
  return out;
}
