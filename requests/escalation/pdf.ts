/**
 * A printable PDF of a letter and its annexes, for postal filing (a
 * registered letter gives Wallonia's "date certaine"). Text stays
 * extractable: pdfkit's standard fonts with WinAnsi cover French, Dutch and
 * German; characters outside it are replaced rather than dropped silently.
 */
import PDFDocument from "pdfkit";
import { formatDate } from "../deadlines/timeline";
import type { Letter } from "./letters";

const HEADINGS = {
  fr: {
    to: "Destinataire", annex: "Annexe", from: "De", toLine: "À", date: "Date", subject: "Objet", email: "Courriel", web: "Site",
    file: "Fichier", kb: "Ko", fingerprint: "Empreinte SHA-256",
    attached: "Fichier original de l’autorité, joint tel quel au courriel.", enclosed: "Fichier original de l’autorité : à joindre à cette lettre.", notAttached: "Fichier original de l’autorité, trop volumineux pour le courriel : disponible sur demande.",
  },
  nl: {
    to: "Geadresseerde", annex: "Bijlage", from: "Van", toLine: "Aan", date: "Datum", subject: "Onderwerp", email: "E-mail", web: "Website",
    file: "Bestand", kb: "KB", fingerprint: "SHA-256-vingerafdruk",
    attached: "Origineel bestand van de overheid, ongewijzigd bij de e-mail gevoegd.", enclosed: "Origineel bestand van de overheid: bij deze brief te voegen.", notAttached: "Origineel bestand van de overheid, te groot voor de e-mail: beschikbaar op verzoek.",
  },
  de: {
    to: "Empfänger", annex: "Anlage", from: "Von", toLine: "An", date: "Datum", subject: "Betreff", email: "E-Mail", web: "Website",
    file: "Datei", kb: "KB", fingerprint: "SHA-256-Prüfsumme",
    attached: "Originaldatei der Behörde, unverändert der E-Mail beigefügt.", enclosed: "Originaldatei der Behörde: diesem Brief beizufügen.", notAttached: "Originaldatei der Behörde, zu groß für die E-Mail: auf Anfrage erhältlich.",
  },
} as const;

// WinAnsi (cp1252) is what the standard PDF fonts can show.
const CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
export function printable(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    if (ch === "\n" || ch === "\t" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.includes(ch)) out += ch;
    else if (ch === "≈") out += "~";
    else if (ch === "\u202f" || ch === "\u2009") out += " ";
    else if (ch === "‐" || ch === "‑") out += "-";
    else if (code >= 0x20) out += "?";
  }
  return out;
}

/** Renders letters (one or more, each with its annexes) into one PDF. */
export async function renderLettersPdf(letters: Letter[], date: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margins: { top: 56, bottom: 56, left: 64, right: 64 }, info: { Title: letters[0]?.subject ?? "Dossier", Producer: "Dossier" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  letters.forEach((letter, index) => {
    if (index > 0) doc.addPage();
    const h = HEADINGS[letter.language];
    doc.font("Helvetica").fontSize(10);
    const to = [letter.to.name, letter.to.postalAddress, letter.to.email ? `${h.email}: ${letter.to.email}` : null, letter.to.website ? `${h.web}: ${letter.to.website}` : null].filter(Boolean).join("\n");
    doc.text(printable(to), { align: "right" });
    doc.moveDown();
    doc.text(printable(formatDate(date, letter.language)), { align: "right" });
    doc.moveDown();
    doc.font("Helvetica-Bold").fontSize(11).text(printable(`${h.subject}: ${letter.subject}`));
    doc.moveDown();
    doc.font("Helvetica").fontSize(10.5).text(printable(letter.body), { align: "left", lineGap: 2 });
    letter.annexes.forEach((annex, i) => {
      doc.addPage();
      doc.font("Helvetica-Bold").fontSize(11).text(printable(`${h.annex} ${i + 1}: ${annex.title}`));
      doc.font("Helvetica").fontSize(9.5);
      doc.text(printable(`${h.date}: ${formatDate(annex.date, letter.language)}\n${h.from}: ${annex.from}\n${h.toLine}: ${annex.to}\n${h.subject}: ${annex.subject}`));
      doc.moveDown();
      doc.fontSize(10).text(printable(annex.text), { lineGap: 1.5 });
    });
    // pdfkit cannot import another PDF's pages: the authority's files are listed here and travel as attachments.
    const byPost = letter.postal || !letter.to.email;
    letter.files.forEach((file, i) => {
      if (i === 0) doc.addPage();
      else doc.moveDown();
      doc.font("Helvetica-Bold").fontSize(11).text(printable(`${h.annex} ${letter.annexes.length + i + 1}: ${file.filename}`));
      doc.font("Helvetica").fontSize(9.5);
      const size = `${Math.max(1, Math.round(file.size / 1024))} ${h.kb}`;
      doc.text(printable(`${h.date}: ${formatDate(file.date, letter.language)}\n${h.from}: ${file.from}\n${h.file}: ${file.contentType}, ${size}\n${h.fingerprint}: ${file.sha256}\n${byPost ? h.enclosed : file.attached ? h.attached : h.notAttached}`));
    });
  });
  doc.end();
  return done;
}
