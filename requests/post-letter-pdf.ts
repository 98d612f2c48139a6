/**
 * The letter by post as a print-ready A4 PDF. The recipient's address sits
 * where a window envelope shows it: the window of the common C5/6 and DL
 * envelopes with a left window (bpost and DIN 5008 type B) starts 20 mm from
 * the left edge and 45–50 mm from the top, and is at least 90 × 35 mm. Fold
 * marks at 105 and 210 mm bring the block to the window after two folds.
 * Text stays extractable (standard fonts, WinAnsi), like the appeal letters.
 */
import PDFDocument from "pdfkit";
import { printable } from "./escalation/pdf";
import { formatCivilDate, type LetterLanguage } from "./letter";

const MM = 72 / 25.4;

/** Where the address block goes, in millimetres from the page's top-left corner. */
export const WINDOW = { left: 22, top: 50, width: 85, height: 35 } as const;

const LABELS: Record<LetterLanguage, { subject: string; sender: string; reply: string; page: string }> = {
  fr: { subject: "Objet", sender: "Expéditeur", reply: "Réponse par courriel", page: "Demande suivie sur" },
  nl: { subject: "Onderwerp", sender: "Afzender", reply: "Antwoord per e-mail", page: "Verzoek gevolgd op" },
  de: { subject: "Betreff", sender: "Absender", reply: "Antwort per E-Mail", page: "Antrag verfolgt unter" },
};

export type PostLetterInput = {
  language: LetterLanguage;
  subject: string;
  text: string;
  recipient: { name: string; address: string };
  sender: { name: string; postalAddress: string | null };
  replyAddress: string;
  publicUrl: string;
  /** The letter's date (YYYY-MM-DD). */
  date: string;
};

export async function renderPostLetterPdf(input: PostLetterInput): Promise<Buffer> {
  return renderPostLettersPdf([input]);
}

/** Several letters in one print file (a batch's letters by post), each from a new page. */
export async function renderPostLettersPdf(inputs: PostLetterInput[]): Promise<Buffer> {
  if (inputs.length === 0) throw new Error("No letter to print");
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 15 * MM, bottom: 20 * MM, left: 22 * MM, right: 20 * MM },
    info: { Title: printable(inputs[0].subject), Producer: "Dossier" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  inputs.forEach((input, index) => {
    if (index > 0) doc.addPage();
    drawLetter(doc, input);
  });
  doc.end();
  return done;
}

function drawLetter(doc: PDFKit.PDFDocument, input: PostLetterInput): void {
  const labels = LABELS[input.language];
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  // Sender, above the window (it stays inside the envelope).
  doc.font("Helvetica").fontSize(9);
  const sender = [input.sender.name, input.sender.postalAddress, `${labels.reply}: ${input.replyAddress}`].filter(Boolean).join("\n");
  doc.text(printable(sender), 22 * MM, 15 * MM, { width: 120 * MM, height: 30 * MM, ellipsis: true });

  // The address block, inside the window: name, then the address lines.
  doc.font("Helvetica").fontSize(10.5);
  const block = [input.recipient.name, ...input.recipient.address.split("\n")].map((l) => l.trim()).filter(Boolean).join("\n");
  doc.text(printable(block), WINDOW.left * MM, WINDOW.top * MM, { width: WINDOW.width * MM, height: WINDOW.height * MM, ellipsis: true, lineGap: 1 });

  // Fold marks (105 and 210 mm) and the punch mark (148.5 mm), on the left edge.
  for (const y of [105, 210, 148.5]) doc.moveTo(4 * MM, y * MM).lineTo((y === 148.5 ? 7 : 9) * MM, y * MM).lineWidth(0.4).stroke("#888888");

  doc.fillColor("black").font("Helvetica").fontSize(10);
  doc.text(printable(formatCivilDate(input.date, input.language)), 22 * MM, 95 * MM, { width, align: "right" });
  doc.moveDown();
  doc.font("Helvetica-Bold").fontSize(11).text(printable(`${labels.subject}: ${input.subject}`), { width });
  doc.moveDown();
  doc.font("Helvetica").fontSize(10.5).text(printable(input.text), { width, lineGap: 2 });
  doc.moveDown();
  doc.fontSize(9).fillColor("#333333").text(printable(`${labels.page}: ${input.publicUrl}\n${labels.reply}: ${input.replyAddress}`), { width });
}
