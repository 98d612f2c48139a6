import PDFDocument from "pdfkit";
import { PDFParse } from "pdf-parse";
import { afterAll, describe, expect, it } from "vitest";
import { openPdf } from "../../core/documents/pdf";
import { OcrEngine } from "../../core/documents/ocr";
import { encodePng } from "../../core/documents/raster";
import { redactPdf } from "../../moderation/pdf-redact";
import { findRedactions, Redactor } from "../../moderation/redaction";
import { scannedPdf, scanPng } from "../support/scans";

function pdf(build: (doc: PDFKit.PDFDocument) => void, info: Record<string, string> = {}): Promise<Buffer> {
  const doc = new PDFDocument({ info: info as PDFKit.DocumentInfo });
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    build(doc);
    doc.end();
  });
}

async function parseText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** Every page's text layer, as pdf.js positions it (our own reader, independent of pdf-parse's joining). */
async function layerText(bytes: Buffer): Promise<string> {
  const doc = await openPdf(bytes);
  try {
    let text = "";
    for (let i = 0; i < doc.pages; i++) text += (await doc.text(i)).text;
    return text;
  } finally {
    await doc.close();
  }
}

/** Darkness (0 white … 1 black) of a region of page 1, in points. */
async function darkness(bytes: Buffer, x0: number, y0: number, x1: number, y1: number): Promise<number> {
  const doc = await openPdf(bytes);
  const r = await doc.render(0, 72);
  await doc.close();
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * r.width + x) * 3;
      sum += 1 - (r.pixels[i] + r.pixels[i + 1] + r.pixels[i + 2]) / 765;
      n++;
    }
  return sum / n;
}

const ocr = new OcrEngine();
afterAll(() => ocr.close());

const rules = new Redactor([{ kind: "literal", text: "Hélène Dupont", loose: true, replacement: "[name]", scope: { type: "site" } }]);
const find = (t: string) => findRedactions(t, rules.rules);

describe("PDF redaction", () => {
  it("removes the matched text from the file and paints its place black", async () => {
    const original = await pdf(
      (doc) => {
        doc.fontSize(14).text("Objet : votre demande du 3 mars", 72, 72);
        doc.text("Madame Hélène Dupont,", 72, 100);
        doc.text("Veuillez trouver ci-joint les documents demandés.", 72, 130);
        doc.addPage();
        doc.text("Copie : HELENE DUPONT, rue de la Loi 16", 72, 72);
      },
      { Title: "Courrier à Hélène Dupont", Author: "Hélène Dupont" },
    );
    expect(await parseText(original)).toContain("Hélène Dupont");

    const result = await redactPdf(original, find);
    expect(result.status).toBe("redacted");
    if (result.status !== "redacted") return;
    expect(result.pages).toBe(2);
    expect(result.matches).toBe(2);

    // Neither pdf-parse nor pdf.js finds the name, in any spelling, nor in the metadata.
    for (const text of [await parseText(result.bytes), await layerText(result.bytes)]) {
      expect(text.toLowerCase()).not.toContain("dupont");
    }
    const raw = result.bytes.toString("latin1").toLowerCase();
    expect(raw).not.toContain("dupont");
    expect(raw).not.toContain("hélène");

    // Where the name was, page 1 is now black; the line above still has ink but is not blacked out.
    expect(await darkness(original, 130, 102, 220, 112)).toBeLessThan(0.5);
    expect(await darkness(result.bytes, 130, 102, 220, 112)).toBeGreaterThan(0.9);
    const above = await darkness(result.bytes, 72, 74, 200, 84);
    expect(above).toBeGreaterThan(0.02);
    expect(above).toBeLessThan(0.6);
  });

  it("leaves a PDF without matches alone", async () => {
    const original = await pdf((doc) => doc.text("Rien de personnel ici.", 72, 72));
    expect(await redactPdf(original, find)).toEqual({ status: "clean", pages: 1 });
  });

  it("accepts blank pages without text", async () => {
    const original = await pdf((doc) => {
      doc.text("Rien de personnel ici.", 72, 72);
      doc.addPage();
    });
    expect((await redactPdf(original, find)).status).toBe("clean");
  });

  it("without a recognition engine, refuses a scanned page, whose text cannot be checked", async () => {
    const width = 200;
    const height = 100;
    const pixels = Buffer.alloc(width * height * 3, 255);
    for (let y = 40; y < 60; y++) pixels.fill(0, (y * width + 20) * 3, (y * width + 180) * 3);
    const png = encodePng({ width, height, pixels });
    const scanned = await pdf((doc) => doc.image(png, 72, 72, { width: 400 }));
    const result = await redactPdf(scanned, find, { ocr: null });
    expect(result.status).toBe("unsafe");
    if (result.status === "unsafe") expect(result.reason).toMatch(/page 1 .*image/);
  });

  it("refuses what is not a PDF", async () => {
    const result = await redactPdf(Buffer.from("%PDF-1.4 not really"), find);
    expect(result.status).toBe("unsafe");
  });

  it("redacts a scanned page through the recognised words and checks the result by recognising it again", async () => {
    const scan = await scanPng(["Objet : votre demande du 3 mars", "Madame Hélène Dupont,", "Veuillez trouver les documents demandés."], { dpi: 150 });
    const original = await scannedPdf([scan]);
    const result = await redactPdf(original, find, { ocr });
    expect(result.status).toBe("redacted");
    if (result.status !== "redacted") return;
    expect(result.ocrPages).toEqual([1]);
    expect(result.matches).toBe(1);
    // Recognising the published file finds the rest of the letter but not the name.
    const doc = await openPdf(result.bytes);
    const read = await ocr.recognize(await doc.render(0, 200));
    await doc.close();
    expect(read.text).toMatch(/documents/);
    expect(read.text).toMatch(/Madame/);
    expect(read.text.toLowerCase()).not.toMatch(/dupont|h[eé]l[eè]ne/);
  });

  it("refuses a scan with more pages to recognise than the limit", async () => {
    const page = await scanPng(["Page"], { dpi: 50 });
    const result = await redactPdf(await scannedPdf([page, page, page]), find, { ocr, maxOcrPages: 2 });
    expect(result).toEqual({ status: "unsafe", reason: "the PDF has 3 pages without a text layer, more than 2 to recognise" });
  });
});
