import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import PDFDocument from "pdfkit";
import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { encodePng, parsePpm, redactPdf } from "../../moderation/pdf-redact";
import { findRedactions, Redactor } from "../../moderation/redaction";

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

function pdftotext(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pdf-test-"));
  const file = path.join(dir, "x.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-q", file, "-"]).toString();
}

/** Darkness (0 white … 1 black) of a region of page 1, in points. */
function darkness(bytes: Buffer, x0: number, y0: number, x1: number, y1: number): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pdf-test-"));
  const file = path.join(dir, "x.pdf");
  writeFileSync(file, bytes);
  execFileSync("pdftoppm", ["-r", "72", "-f", "1", "-l", "1", "-singlefile", file, path.join(dir, "p")]);
  const r = parsePpm(readFileSync(path.join(dir, "p.ppm")));
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

    // Neither pdf-parse nor poppler finds the name, in any spelling, nor in the metadata.
    for (const text of [await parseText(result.bytes), pdftotext(result.bytes)]) {
      expect(text.toLowerCase()).not.toContain("dupont");
    }
    const raw = result.bytes.toString("latin1").toLowerCase();
    expect(raw).not.toContain("dupont");
    expect(raw).not.toContain("hélène");

    // Where the name was, page 1 is now black; the line above still has ink but is not blacked out.
    expect(darkness(original, 130, 102, 220, 112)).toBeLessThan(0.5);
    expect(darkness(result.bytes, 130, 102, 220, 112)).toBeGreaterThan(0.9);
    const above = darkness(result.bytes, 72, 74, 200, 84);
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

  it("refuses a scanned page, whose text cannot be checked", async () => {
    const width = 200;
    const height = 100;
    const pixels = Buffer.alloc(width * height * 3, 255);
    for (let y = 40; y < 60; y++) pixels.fill(0, (y * width + 20) * 3, (y * width + 180) * 3);
    const png = encodePng({ width, height, pixels });
    const scanned = await pdf((doc) => doc.image(png, 72, 72, { width: 400 }));
    const result = await redactPdf(scanned, find);
    expect(result.status).toBe("unsafe");
    if (result.status === "unsafe") expect(result.reason).toMatch(/page 1 .*image/);
  });

  it("refuses what is not a PDF", async () => {
    const result = await redactPdf(Buffer.from("%PDF-1.4 not really"), find);
    expect(result.status).toBe("unsafe");
  });
});
