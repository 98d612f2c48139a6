import { PDFParse } from "pdf-parse";

export async function pdfToText(bytes: Uint8Array): Promise<string> {
  // pdf.js may transfer (detach) the buffer it is given; hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText({ pageJoiner: "\f" });
    return result.text;
  } finally {
    await parser.destroy();
  }
}
