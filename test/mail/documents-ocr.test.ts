import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import UTIF from "utif2";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FileStore } from "../../core/files";
import { openPdf } from "../../core/documents/pdf";
import { TextExtractor, type ExtractionProgress } from "../../mail/extract";
import { extractMessageAttachments } from "../../mail/extract-attachments";
import { publicFileOf } from "../../moderation/attachments";
import { queueRedactionJobs } from "../../moderation/jobs";
import { publisherForRequest } from "../../moderation/publish";
import { insertRule } from "../../moderation/rules";
import { allJobs } from "../../server/rooms";
import { PgBossQueue } from "../../server/queue";
import { PostgresSearchBackend } from "../../search/postgres-backend";
import { testRuntime } from "../support/app";
import { useTestDatabase } from "../support/database";
import { scannedPdf, scanPng } from "../support/scans";
import { insertAuthority, insertMessage, insertRequest, insertUser } from "../search/factories";

/**
 * Scans and the formats administrations still send, through the real
 * attachment pipeline: files in the file store, the bounded extraction
 * worker (one for the whole file, so Tesseract starts once), the rows, the
 * search index, and the public form of a redacted scan.
 */
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "..", "fixtures", "documents", name));

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A one-page TIFF (as fax machines and copiers send) of a PNG scan. */
async function tiffOf(png: Buffer): Promise<Buffer> {
  const { loadImage, createCanvas } = await import("@napi-rs/canvas");
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const rgba = ctx.getImageData(0, 0, image.width, image.height).data;
  return Buffer.from(UTIF.encodeImage(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), image.width, image.height));
}

/** The same scan as a JPEG (as a phone photo or a copier sends). */
async function jpegOf(png: Buffer): Promise<Buffer> {
  const { loadImage, createCanvas } = await import("@napi-rs/canvas");
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext("2d").drawImage(image, 0, 0);
  return canvas.toBuffer("image/jpeg", 90);
}

describe("scans and legacy formats in the attachment pipeline", () => {
  const database = useTestDatabase();
  const extractor = new TextExtractor({ timeoutMs: 120_000, maxMemoryMb: 512 });
  let files: FileStore;
  let queue: PgBossQueue;
  afterAll(async () => {
    await extractor.close();
    await queue?.stop();
  });
  beforeAll(async () => {
    files = new FileStore(mkdtempSync(path.join(os.tmpdir(), "dossier-ocr-")));
    queue = new PgBossQueue(database.url, allJobs(), "worker");
    await queue.start();
    // The worker reads the same file store as the test: it makes the redacted copies (moderation jobs) from it.
    await queue.work({ ...testRuntime(database), queue, files });
  });

  async function replyWith(attachments: { filename: string; contentType: string; bytes: Buffer }[], title = "Demande de documents") {
    const db = database.db;
    const user = await insertUser(db);
    const authority = await insertAuthority(db);
    const request = await insertRequest(db, { authority_id: authority.id, user_id: user.id, title });
    const message = await insertMessage(db, { request_id: request.id, body_text: "Voir pièces jointes." });
    const ids: number[] = [];
    for (const [i, a] of attachments.entries()) {
      const key = await files.put(a.bytes);
      const row = await db
        .insertInto("attachments")
        .values({ message_id: message.id, position: i, filename: a.filename, content_type: a.contentType, size: a.bytes.length, sha256: key, file_key: key, extraction_status: "pending" })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return { request, message, ids, user };
  }
  const row = (id: number) => database.db.selectFrom("attachments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const search = async (q: string) => (await new PostgresSearchBackend(database.db).search({ q })).hits;

  it("recognises a scanned French PDF page, a Dutch PNG and a German TIFF; each is found by a word on it", async () => {
    // Two scanned pages: the word searched for is on the second, and the hit says so.
    const fr = await scannedPdf([await scanPng(["Objet : votre demande"]), await scanPng(["Le collège communal autorise la consultation", "du registre des marchés publics."])]);
    const nl = await scanPng(["Betreft: uw verzoek", "Het schepencollege geeft inzage in de", "notulen van de gemeenteraad."]);
    const de = await tiffOf(await scanPng(["Betreff: Ihr Antrag", "Das Gemeindekollegium gewährt Einsicht in die", "Niederschrift der Ratssitzung."]));
    const { message, ids } = await replyWith([
      { filename: "reponse.pdf", contentType: "application/pdf", bytes: fr },
      { filename: "antwoord.png", contentType: "image/png", bytes: nl },
      { filename: "antwort.tif", contentType: "image/tiff", bytes: de },
    ]);
    const progress: ExtractionProgress[] = [];
    const listening = { files, extractor: { extract: (b: Uint8Array, t: string, on?: (p: ExtractionProgress) => void) => extractor.extract(b, t, (p) => (progress.push(p), on?.(p))) } as TextExtractor };
    await extractMessageAttachments(database.db, message.id, listening);

    for (const [i, id] of ids.entries()) {
      const a = await row(id);
      expect(a.extraction_status, a.filename).toBe("done");
      expect(a.text_source).toBe("ocr");
      expect(a.ocr_pages).toEqual(i === 0 ? [1, 2] : [1]);
      expect(a.extraction_progress).toBeNull();
    }
    expect((await row(ids[0])).extracted_text).toMatch(/marchés publics/);
    // Progress was reported page by page while recognising (what administrators see while it runs).
    expect(progress).toContainEqual({ done: 1, total: 2, step: "ocr" });

    // Each is found by a word on it, with the page it is on when the document has several.
    const expected: [string, number, number | null][] = [["marchés", ids[0], 2], ["schepencollege", ids[1], null], ["Niederschrift", ids[2], null]];
    for (const [word, id, page] of expected) {
      await waitFor(async () => (await search(word)).some((h) => h.attachmentId === id));
      const hit = (await search(word)).find((h) => h.attachmentId === id)!;
      expect(hit.page, word).toBe(page);
      expect(hit.recognised, word).toBe(true);
      expect(hit.snippet?.some((p) => p.hit)).toBe(true);
    }
  });

  it("a scanned page under a redaction rule is published with the word gone; the original stays for administrators", async () => {
    const db = database.db;
    const scan = await scannedPdf([await scanPng(["Madame Hélène Dupont,", "le permis d'urbanisme est accordé."])]);
    const { request, message, ids, user } = await replyWith([{ filename: "permis.pdf", contentType: "application/pdf", bytes: scan }]);
    await db.transaction().execute((trx) =>
      insertRule(trx, { kind: "literal", text: "Dupont", loose: true, replacement: "[nom]", scope: { type: "request", requestId: request.id }, origin: "admin", actorUserId: user.id }),
    );
    const publisher = await publisherForRequest(db, request.id);
    // Until the background job has made the redacted copy, the public gets "being prepared", never the original.
    expect((await publicFileOf(db, await row(ids[0]), publisher, (key) => files.get(key))).kind).toBe("preparing");

    // Extraction (OCR) tells the moderation room, whose job makes the copy in its bounded process; the web only reads it.
    await extractMessageAttachments(db, message.id, { files, extractor });
    await waitFor(async () => (await db.selectFrom("attachment_redactions").select("status").where("attachment_id", "=", ids[0]).executeTakeFirst()) !== undefined, 300_000);
    const a = await row(ids[0]);
    expect(a.extracted_text).toMatch(/Dupont/);
    const published = await publicFileOf(db, a, publisher, (key) => files.get(key));
    expect(published.kind).toBe("redacted");
    if (published.kind !== "redacted") return;
    // What the public downloads no longer shows the name when read again; the rest is still there.
    const doc = await openPdf(published.bytes);
    const { OcrEngine } = await import("../../core/documents/ocr");
    const ocr = new OcrEngine();
    try {
      const read = await ocr.recognize(await doc.render(0, 200));
      expect(read.text).toMatch(/urbanisme/);
      expect(read.text).not.toMatch(/Dupont/i);
    } finally {
      await ocr.close();
      await doc.close();
    }
    // The stored original is untouched (administrators download it as it came).
    expect(Buffer.compare(await files.get(a.file_key), scan)).toBe(0);
    const stored = await db.selectFrom("attachment_redactions").selectAll().where("attachment_id", "=", a.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: "redacted", fingerprint: publisher.fileFingerprint() });
  });

  it("JPEG and TIFF attachments under a redaction rule are published with the word painted out and checked again; a corrupt one is withheld with the reason", async () => {
    const letter = await scanPng(["Monsieur Jean Dupont,", "la demande de consultation est accordée."]);
    const jpeg = await jpegOf(letter);
    const tiff = await tiffOf(letter);
    const corrupt = Buffer.concat([jpeg.subarray(0, 200), Buffer.from("the rest is missing")]);
    const { request, ids, user } = await replyWith([
      { filename: "lettre.jpg", contentType: "image/jpeg", bytes: jpeg },
      { filename: "lettre.tif", contentType: "image/tiff", bytes: tiff },
      { filename: "photo.jpg", contentType: "image/jpeg", bytes: corrupt },
    ]);
    // A rule added after the files arrived: its re-redaction job (the worker's) makes the public copies.
    const { jobId } = await database.db.transaction().execute(async (trx) => {
      const added = await insertRule(trx, { kind: "literal", text: "Dupont", loose: true, replacement: "[nom]", scope: { type: "request", requestId: request.id }, origin: "admin", actorUserId: user.id });
      await queueRedactionJobs(trx, queue, [added.jobId]);
      return added;
    });
    await waitFor(async () => (await database.db.selectFrom("redaction_jobs").select("state").where("id", "=", jobId).executeTakeFirstOrThrow()).state === "done", 400_000);
    const publisher = await publisherForRequest(database.db, request.id);
    const { OcrEngine } = await import("../../core/documents/ocr");
    const ocr = new OcrEngine();
    try {
      for (const [id, original] of [[ids[0], jpeg], [ids[1], tiff]] as const) {
        const a = await row(id);
        const published = await publicFileOf(database.db, a, publisher, (key) => files.get(key));
        expect(published.kind, a.filename).toBe("redacted");
        if (published.kind !== "redacted") continue;
        expect(published.contentType).toBe("image/png");
        const read = await ocr.recognize(published.bytes);
        expect(read.text).toMatch(/consultation/);
        expect(read.text).not.toMatch(/Dupont/i);
        // The original stays as it came, for administrators.
        expect(Buffer.compare(await files.get(a.file_key), original)).toBe(0);
        const stored = await database.db.selectFrom("attachment_redactions").selectAll().where("attachment_id", "=", id).executeTakeFirstOrThrow();
        expect(stored).toMatchObject({ status: "redacted", pages: 1, matches: 1 });
      }
    } finally {
      await ocr.close();
    }
    const broken = await publicFileOf(database.db, await row(ids[2]), publisher, (key) => files.get(key));
    expect(broken.kind).toBe("withheld");
    if (broken.kind === "withheld") expect(broken.reason).toMatch(/image could not be decoded/);
  });

  it("a 200-page scan and a corrupt image fail soft with a visible state, and the queue goes on", async () => {
    const page = await scanPng(["Page"], { dpi: 20 });
    const big = await scannedPdf(Array.from({ length: 200 }, () => page));
    const corrupt = Buffer.concat([(await scanPng(["x"], { dpi: 30 })).subarray(0, 60), Buffer.from("not the rest of a PNG")]);
    const { message, ids } = await replyWith([
      { filename: "scan-200.pdf", contentType: "application/pdf", bytes: big },
      { filename: "photo.png", contentType: "image/png", bytes: corrupt },
      { filename: "besluit.rtf", contentType: "application/rtf", bytes: fixture("besluit.rtf") },
    ]);
    await extractMessageAttachments(database.db, message.id, { files, extractor });
    const [a, b, c] = await Promise.all(ids.map(row));
    expect(a.extraction_status).toBe("failed");
    expect(a.extraction_error).toBe("200 pages are images without text (scans), more than the 100 pages recognised per document: their text was not recognised");
    expect(b.extraction_status).toBe("failed");
    expect(b.extraction_error).toMatch(/image could not be decoded/);
    expect(c.extraction_status).toBe("done");
  });

  it("extracts .doc, .xls, .rtf and .msg; the .msg's attachments become attachments of the reply", async () => {
    const { message, ids } = await replyWith([
      { filename: "FOI 09-02976i.doc", contentType: "application/msword", bytes: fixture("foi-reply.doc") },
      { filename: "budget.xls", contentType: "application/vnd.ms-excel", bytes: fixture("budget.xls") },
      { filename: "besluit.rtf", contentType: "application/rtf", bytes: fixture("besluit.rtf") },
      { filename: "antwort.msg", contentType: "application/vnd.ms-outlook", bytes: fixture("antwort.msg") },
    ]);
    await extractMessageAttachments(database.db, message.id, { files, extractor });
    const [doc, xls, rtf, msg] = await Promise.all(ids.map(row));
    expect(doc.extraction_status).toBe("done");
    expect(doc.extracted_text).toContain("Actions Arising from a Meeting of the Chief Officer Group");
    expect(xls.extracted_text).toBe("Poste\tMontant\nVoirie communale\t125000\nÉclairage public\t48250");
    expect(rtf.extracted_text).toBe("Besluit van het college van burgemeester en schepenen\nDe aanvraag tot inzage wordt ingewilligd (art. 12, § 2).\nCafé De Zwaan – terras\tvergunning");
    expect(msg.extracted_text).toContain("Subject: Antwort der Gemeinde Eupen");
    expect(msg.extracted_text).toContain("anbei der Beschluss des Gemeinderats zur Straßenbeleuchtung.");
    const parts = await database.db.selectFrom("attachments").selectAll().where("parent_attachment_id", "=", msg.id).execute();
    expect(parts.map((p) => [p.filename, p.content_type, p.extraction_status, p.message_id])).toEqual([["beschluss.txt", "text/plain", "done", message.id]]);
    expect(parts[0].extracted_text).toBe("Beschluss Nr. 42: Die Straßenbeleuchtung in Kettenis wird erneuert.");
  });

  it("marks a damaged legacy file failed with the reason", async () => {
    const { message, ids } = await replyWith([
      { filename: "broken.doc", contentType: "application/msword", bytes: fixture("foi-reply.doc").subarray(0, 3000) },
      { filename: "broken.msg", contentType: "application/vnd.ms-outlook", bytes: Buffer.from("not a compound file at all") },
    ]);
    await extractMessageAttachments(database.db, message.id, { files, extractor });
    for (const id of ids) {
      const a = await row(id);
      expect(a.extraction_status, a.filename).toBe("failed");
      expect(a.extraction_error, a.filename).toBeTruthy();
    }
  });
});
