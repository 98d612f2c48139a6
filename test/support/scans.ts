import PDFDocument from "pdfkit";
import { pdfjsFontFile } from "../../core/documents/pdf";

/**
 * Scanned pages made reproducibly: text drawn with the Liberation Sans font
 * that pdfjs-dist ships (no system font needed) on a white page at a given
 * resolution, as a copier would produce, then wrapped in a PDF without a
 * text layer when a scanned PDF is wanted.
 */

let registered = false;

export interface ScanOptions {
  /** Dots per inch of the "scan" (A4 width is 8.27 in). */
  dpi?: number;
  /** Font size in points. */
  size?: number;
  /** Page height in inches (default: just enough for the lines). */
  heightInches?: number;
  /** Degrees of skew, as a sheet fed slightly crooked. */
  skew?: number;
}

export async function scanPng(lines: string[], options: ScanOptions = {}): Promise<Buffer> {
  const { createCanvas, GlobalFonts } = await import("@napi-rs/canvas");
  if (!registered) {
    GlobalFonts.registerFromPath(pdfjsFontFile("LiberationSans-Regular.ttf"), "Scan Sans");
    registered = true;
  }
  const dpi = options.dpi ?? 150;
  const px = (points: number) => Math.round((points / 72) * dpi);
  const size = options.size ?? 14;
  const width = Math.round(8.27 * dpi);
  const height = options.heightInches ? Math.round(options.heightInches * dpi) : px(72 + lines.length * size * 1.8 + 36);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  if (options.skew) ctx.rotate((options.skew * Math.PI) / 180);
  ctx.fillStyle = "#111111";
  ctx.font = `${px(size)}px 'Scan Sans'`;
  lines.forEach((line, i) => ctx.fillText(line, px(72), px(72 + i * size * 1.8)));
  return canvas.toBuffer("image/png");
}

/** A PDF whose pages are the given images only (no text layer), A4 wide. */
export function scannedPdf(pages: Buffer[]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    for (const png of pages) {
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      const w = 595.28;
      const h = (height / width) * w;
      doc.addPage({ size: [w, h], margin: 0 });
      doc.image(png, 0, 0, { width: w, height: h });
    }
    doc.end();
  });
}
