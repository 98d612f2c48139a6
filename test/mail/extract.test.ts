import { afterAll, describe, expect, it, vi } from "vitest";
import { TextExtractor, extractInProcess } from "../../mail/extract";
import { makeDocx, makeOdt, makePdf, makeXlsx } from "./documents";
import { scanPng } from "../support/scans";

// Generous bounds: the first extraction loads pdf.js in a fresh worker, slow on a busy CI machine.
vi.setConfig({ testTimeout: 180_000 });
const extractor = new TextExtractor({ timeoutMs: 120_000, maxMemoryMb: 256 });
afterAll(() => extractor.close());

describe("text extraction in a bounded child process", () => {
  it("extracts a PDF", async () => {
    const pdf = await makePdf(["Réponse de la commune de Namur", "Deuxième ligne"]);
    const r = await extractor.extract(pdf, "application/pdf");
    expect(r.status).toBe("done");
    expect(r.text).toContain("Réponse de la commune de Namur");
  });

  it("extracts DOCX, XLSX and ODT", async () => {
    const docx = await extractor.extract(await makeDocx(["Antwoord van de gemeente Gent", "Tweede alinea & meer"]), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(docx).toMatchObject({ status: "done" });
    expect(docx.text).toContain("Antwoord van de gemeente Gent\n");
    expect(docx.text).toContain("Tweede alinea & meer");
    const xlsx = await extractor.extract(await makeXlsx([["Budget", "Montant"], ["Voirie", 125000]]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.status).toBe("done");
    expect(xlsx.text).toBe("Budget\tMontant\nVoirie\t125000");
    const odt = await extractor.extract(await makeOdt(["Antwort der Gemeinde Eupen"]), "application/vnd.oasis.opendocument.text");
    expect(odt).toMatchObject({ status: "done", text: "Antwort der Gemeinde Eupen" });
  });

  it("extracts HTML and plain text with a broken charset", async () => {
    const html = await extractor.extract(Buffer.from("<html><head><style>p{}</style><script>x()</script></head><body><p>Bonjour</p><p>la&nbsp;Ville</p></body></html>"), "text/html");
    expect(html.status).toBe("done");
    expect(html.text).toContain("Bonjour");
    expect(html.text).not.toContain("x()");
    const latin = await extractor.extract(Buffer.from([0x52, 0xe9, 0x70, 0x6f, 0x6e, 0x73, 0x65, 0x20, 0x96, 0x20, 0x6f, 0x6b]), "text/plain");
    expect(latin).toMatchObject({ status: "done", text: "Réponse – ok" });
  });

  it("marks a broken PDF failed, an unknown type unsupported and an empty document empty", async () => {
    const broken = await extractor.extract(Buffer.from("%PDF-1.4\n1 0 obj garbage"), "application/pdf");
    expect(broken.status).toBe("failed");
    expect(broken.error).toBeTruthy();
    expect((await extractor.extract(Buffer.from("PK\u0003\u0004 not a zip"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).status).toBe("failed");
    expect((await extractor.extract(Buffer.from([1, 2, 3]), "application/x-whatever")).status).toBe("unsupported");
    expect((await extractor.extract(await makeDocx([]), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).status).toBe("empty");
  });

  it("fails a file that exceeds the time bound and keeps working afterwards", async () => {
    const slow = new TextExtractor({ timeoutMs: 1 });
    const pdf = await makePdf(["slow"]);
    const r = await slow.extract(pdf, "application/pdf");
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/timed out/);
    await slow.close();
    // The shared extractor is unaffected.
    expect((await extractor.extract(pdf, "application/pdf")).status).toBe("done");
  });

  it("fails a file that needs more heap than the bound, and keeps working afterwards", async () => {
    const JSZip = (await import("jszip")).default;
    const zip = new JSZip();
    // 200 kB compressed, 5 million shared strings once inflated: far more than a 128 MB heap holds.
    zip.file("xl/sharedStrings.xml", "<sst>" + "<si><t>ab</t></si>".repeat(5_000_000) + "</sst>", { compression: "DEFLATE" });
    const bomb = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    const small = new TextExtractor({ timeoutMs: 60_000, maxMemoryMb: 128 });
    try {
      const r = await small.extract(bomb, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      expect(r).toMatchObject({ status: "failed", error: "extraction needed more than 128 MB of memory (heap)" });
      expect((await small.extract(await makeOdt(["still alive"]), "application/vnd.oasis.opendocument.text")).text).toBe("still alive");
    } finally {
      await small.close();
    }
  }, 180_000);

  it("bounds the memory the heap bound does not see (Tesseract's WebAssembly), and keeps working afterwards", async () => {
    const scan = await scanPng(["Beste heer Janssens,", "Het college van burgemeester en schepenen"]);
    // Recognition loads the engine and four language models into WebAssembly memory: well above 200 MB.
    const tight = new TextExtractor({ timeoutMs: 60_000, maxMemoryMb: 128, maxRssMb: 200 });
    try {
      const r = await tight.extract(scan, "image/png");
      expect(r).toMatchObject({ status: "failed", error: "extraction needed more than 200 MB of memory" });
      expect((await tight.extract(await makeOdt(["still alive"]), "application/vnd.oasis.opendocument.text")).text).toBe("still alive");
    } finally {
      await tight.close();
    }
  }, 180_000);

  it("extracts PowerPoint slides: .pptx (slides, then notes) and .ppt (the text atoms of its PowerPoint Document stream)", async () => {
    const JSZip = (await import("jszip")).default;
    const zip = new JSZip();
    const slide = (texts: string[]) => `<p:sld><p:cSld><p:spTree>${texts.map((t) => `<p:sp><p:txBody><a:p><a:r><a:t>${t}</a:t></a:r></a:p></p:txBody></p:sp>`).join("")}</p:spTree></p:cSld></p:sld>`;
    zip.file("ppt/slides/slide2.xml", slide(["Budget 2026 &amp; investissements"]));
    zip.file("ppt/slides/slide1.xml", slide(["Conseil communal de Namur", "Séance du 3 mars"]));
    zip.file("ppt/notesSlides/notesSlide1.xml", slide(["Note de l’orateur"]));
    const pptx = await extractor.extract(await zip.generateAsync({ type: "nodebuffer" }), "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    expect(pptx).toMatchObject({ status: "done", text: "Conseil communal de Namur\nSéance du 3 mars\n\nBudget 2026 & investissements\n\nNote de l’orateur" });

    // A PowerPoint 97–2003 file: a compound file whose "PowerPoint Document" stream holds records
    // (2 bytes version/instance, 2 bytes type, 4 bytes length); containers (version 0xF) hold others.
    const CFB = (await import("cfb")).default;
    const record = (verInst: number, type: number, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt16LE(verInst, 0);
      head.writeUInt16LE(type, 2);
      head.writeUInt32LE(body.length, 4);
      return Buffer.concat([head, body]);
    };
    const chars = record(0, 0x0fa0, Buffer.from("Gemeenteraad van Gent\rZitting van 3 maart", "utf16le")); // TextCharsAtom (UTF-16)
    const bytes = record(0, 0x0fa8, Buffer.from("Begroting 2026", "latin1")); // TextBytesAtom (8-bit)
    const slideList = record(0x000f, 0x0ff0, Buffer.concat([chars, bytes])); // SlideListWithText container
    const document = record(0x000f, 0x03e8, slideList); // Document container
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, "PowerPoint Document", document);
    const ppt = Buffer.from(CFB.write(container, { type: "buffer" }) as Buffer);
    expect(await extractor.extract(ppt, "application/vnd.ms-powerpoint")).toMatchObject({ status: "done", text: "Gemeenteraad van Gent\nZitting van 3 maart\nBegroting 2026" });
    // A compound file without that stream, and a file that is no compound file: "could not extract", with the reason.
    const other = CFB.utils.cfb_new();
    CFB.utils.cfb_add(other, "WordDocument", Buffer.from("x"));
    expect(await extractor.extract(Buffer.from(CFB.write(other, { type: "buffer" }) as Buffer), "application/vnd.ms-powerpoint")).toMatchObject({ status: "failed", error: "not a PowerPoint 97–2003 file: no PowerPoint Document stream" });
    expect((await extractor.extract(Buffer.from("not a compound file"), "application/vnd.ms-powerpoint")).status).toBe("failed");
  });

  it("the in-process entry point never throws", async () => {
    const r = await extractInProcess(Buffer.from("garbage"), "application/vnd.oasis.opendocument.spreadsheet");
    expect(r.status).toBe("failed");
  });
});

describe("supported types", () => {
  it("lists exactly the types the extractors handle", async () => {
    const { EXTRACTABLE_TYPES } = await import("../../mail/extract/supported");
    for (const type of EXTRACTABLE_TYPES) expect((await extractInProcess(Buffer.alloc(0), type)).status, type).not.toBe("unsupported");
  });
});
