import JSZip from "jszip";

/**
 * Office Open XML (DOCX, XLSX) and OpenDocument (ODT, ODS) are zip files of
 * XML. We read only the parts that hold text and strip the markup; layout is
 * not needed for search or for a text preview.
 */

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML has five named entities and numeric references; nothing else to decode. */
function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return XML_ENTITIES[e.toLowerCase()] ?? m;
  });
}
const he = { decode: decodeXml };

const MAX_UNZIPPED = 100 * 1024 * 1024;

async function readZipEntry(zip: JSZip, name: string, budget: { left: number }): Promise<string | null> {
  const file = zip.file(name);
  if (!file) return null;
  const content = await file.async("string");
  budget.left -= content.length;
  if (budget.left < 0) throw new Error("document expands beyond the size limit (zip bomb?)");
  return content;
}

/**
 * Each `<tag …>…</tag>` (or `<tag …/>`) of `xml`, in order, found with
 * indexOf. Lazy `<tag>([\s\S]*?)</tag>` expressions scanned to the end of
 * the part from every opening that has no closing (quadratic on a hostile
 * file); here every character is passed over a bounded number of times.
 * Elements of the same name do not nest in the parts we read.
 */
export function* xmlElements(xml: string, tag: string): Generator<{ attrs: string; inner: string }> {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let from = 0;
  for (;;) {
    const start = xml.indexOf(open, from);
    if (start === -1) return;
    const after = xml[start + open.length];
    // "<t" must not find "<text:…>" or "<tab>".
    if (after !== ">" && after !== "/" && after !== " " && after !== "\t" && after !== "\n" && after !== "\r") {
      from = start + open.length;
      continue;
    }
    const gt = xml.indexOf(">", start);
    if (gt === -1) return;
    const attrs = xml.slice(start + open.length, gt);
    if (attrs.endsWith("/")) {
      yield { attrs: attrs.slice(0, -1), inner: "" };
      from = gt + 1;
      continue;
    }
    const end = xml.indexOf(close, gt + 1);
    if (end === -1) return;
    yield { attrs, inner: xml.slice(gt + 1, end) };
    from = end + close.length;
  }
}

const innerTexts = (xml: string) => [...xmlElements(xml, "t")].map((t) => t.inner).join("");

function xmlText(xml: string, paragraphTags: RegExp): string {
  return he
    .decode(
      xml
        .replace(paragraphTags, "\n")
        .replace(/<w:tab\/>|<text:tab\/>/g, "\t")
        // "[^<>]": a "<" never closed is passed over once, not once per later "<".
        .replace(/<[^<>]+>/g, ""),
    )
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export async function docxToText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const budget = { left: MAX_UNZIPPED };
  const parts = Object.keys(zip.files)
    .filter((n) => /^word\/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$/.test(n))
    .sort((a, b) => (a === "word/document.xml" ? -1 : b === "word/document.xml" ? 1 : a.localeCompare(b)));
  if (parts.length === 0) throw new Error("not a DOCX: word/document.xml missing");
  const texts: string[] = [];
  for (const name of parts) {
    const xml = await readZipEntry(zip, name, budget);
    if (xml) texts.push(xmlText(xml, /<\/w:p>|<w:br\/>/g));
  }
  return texts.filter(Boolean).join("\n\n");
}

export async function xlsxToText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const budget = { left: MAX_UNZIPPED };
  const shared: string[] = [];
  const sst = await readZipEntry(zip, "xl/sharedStrings.xml", budget);
  if (sst) {
    for (const si of xmlElements(sst, "si")) shared.push(he.decode(innerTexts(si.inner)));
  }
  const sheets = Object.keys(zip.files)
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)/.exec(a)?.[1]) - Number(/(\d+)/.exec(b)?.[1]));
  if (sheets.length === 0 && !sst) throw new Error("not an XLSX: no worksheets");
  const lines: string[] = [];
  for (const name of sheets) {
    const xml = (await readZipEntry(zip, name, budget)) ?? "";
    for (const row of xmlElements(xml, "row")) {
      const cells: string[] = [];
      for (const { attrs, inner } of xmlElements(row.inner, "c")) {
        const type = /\bt="([^"]+)"/.exec(attrs)?.[1];
        let value = "";
        if (type === "s") value = shared[Number(/<v>([^<]*)<\/v>/.exec(inner)?.[1])] ?? "";
        else if (type === "inlineStr") value = he.decode(innerTexts(inner));
        else value = he.decode(/<v>([^<]*)<\/v>/.exec(inner)?.[1] ?? "");
        if (value) cells.push(value);
      }
      if (cells.length) lines.push(cells.join("\t"));
    }
  }
  return lines.join("\n");
}

export async function openDocumentToText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const budget = { left: MAX_UNZIPPED };
  const xml = await readZipEntry(zip, "content.xml", budget);
  if (xml === null) throw new Error("not an OpenDocument file: content.xml missing");
  const bodyStart = xml.indexOf("<office:body>");
  const bodyEnd = xml.lastIndexOf("</office:body>");
  const body = bodyStart !== -1 && bodyEnd > bodyStart ? xml.slice(bodyStart + "<office:body>".length, bodyEnd) : xml;
  return xmlText(body.replace(/<\/table:table-cell>/g, "\t"), /<\/text:p>|<\/text:h>|<text:line-break\/>|<\/table:table-row>/g).replace(/\t+\n/g, "\n");
}

export async function pptxToText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const budget = { left: MAX_UNZIPPED };
  const slides = Object.keys(zip.files)
    .filter((n) => /^ppt\/(slides\/slide|notesSlides\/notesSlide)\d+\.xml$/.test(n))
    .sort((a, b) => (a.includes("notes") === b.includes("notes") ? Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]) : a.includes("notes") ? 1 : -1));
  if (slides.length === 0) throw new Error("not a PPTX: no slides");
  const texts: string[] = [];
  for (const name of slides) {
    const xml = (await readZipEntry(zip, name, budget)) ?? "";
    const text = xmlText(xml.replace(/<a:t>([\s\S]*?)<\/a:t>/g, "$1").replace(/<a:br\/>/g, "</a:p>"), /<\/a:p>/g);
    if (text) texts.push(text);
  }
  return texts.join("\n\n");
}
