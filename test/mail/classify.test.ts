import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileStore } from "../../core/files";
import { classifyMessage, subjectSignal } from "../../mail/classify";
import { ingest } from "../../mail/ingest";
import { parseRawMessage } from "../../mail/parse";
import { replyAddressFor } from "../../mail/reply-address";
import { hasUnclassifiedReply } from "../../requests/requests";
import { HAND_WRITTEN } from "../fixtures/classify/corpus";
import { useTestDatabase } from "../support/database";
import { createRequestFixture } from "./factories";

describe("the labelled fr/nl/de/en corpus", () => {
  it("holds at least 80 messages with every class in every language", async () => {
    const { ALAVETELI_KINDS } = await import("../fixtures/classify/corpus");
    expect(HAND_WRITTEN.length + Object.keys(ALAVETELI_KINDS).length).toBeGreaterThanOrEqual(80);
    for (const lang of ["fr", "nl", "de", "en"]) {
      for (const kind of ["bounce", "auto_reply", "acknowledgement", "reply"]) {
        expect(HAND_WRITTEN.some((m) => m.lang === lang && m.kind === kind), `${lang} ${kind}`).toBe(true);
      }
    }
  });

  for (const m of HAND_WRITTEN) {
    it(`${m.id} (${m.lang}) is ${m.kind}`, async () => {
      const parsed = await parseRawMessage(m.raw);
      expect(classifyMessage(parsed, { envelopeFrom: m.envelopeFrom, requestTitle: m.title }).kind).toBe(m.kind);
    });
  }
});

describe("subject patterns and the citizen's own words", () => {
  const OOO = /\babsence\b|\bafwezig|\burlaub/g;
  it("ignores a match inside the request's title, accents and case folded", () => {
    expect(subjectSignal(OOO, "RE: Taux d'ABSENCE du personnel", ["Taux d'absence du personnel"])).toBeNull();
    expect(subjectSignal(OOO, "AW: Urlaubstage des Bürgermeisters", ["Urlaubstage des Burgermeisters"])).toBeNull();
  });
  it("still sees a match outside the quoted title", () => {
    expect(subjectSignal(OOO, "Absence: RE: Budget", ["Budget"])).toBe("absence");
  });
  it("the same subject is an out-of-office without the title, a reply with it", async () => {
    const raw = Buffer.from("From: hr@gent.be\r\nTo: x@dossier.test\r\nSubject: RE: Afwezigheden van het personeel\r\n\r\nIn bijlage het overzicht.\r\n");
    const parsed = await parseRawMessage(raw);
    expect(classifyMessage(parsed).kind).toBe("auto_reply");
    expect(classifyMessage(parsed, { requestTitle: "Afwezigheden van het personeel" }).kind).toBe("reply");
  });
});

describe("acknowledgements that decide are answers", () => {
  const cases: Array<[string, string]> = [
    ["fr", "Nous avons bien reçu votre demande. Nous ne disposons pas de ce document."],
    ["nl", "Uw aanvraag werd goed ontvangen. De stad beschikt niet over de gevraagde studie."],
    ["de", "Wir bestätigen den Eingang Ihres Antrags. Der Antrag wird abgelehnt."],
    ["en", "We have received your request. The information is not held by this service."],
  ];
  for (const [lang, text] of cases) {
    it(`${lang}: a short refusal or "not held" that opens with a receipt is a reply`, async () => {
      const parsed = await parseRawMessage(Buffer.from(`From: a@b.be\r\nTo: x@dossier.test\r\nSubject: RE: demande\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`));
      const c = classifyMessage(parsed);
      expect(c.kind).toBe("reply");
      expect(c.reason).toMatch(/decides/);
    });
  }
  it("the same opening alone stays an acknowledgement", async () => {
    const parsed = await parseRawMessage(Buffer.from("From: a@b.be\r\nTo: x@dossier.test\r\nSubject: RE: demande\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNous avons bien reçu votre demande.\r\n"));
    expect(classifyMessage(parsed).kind).toBe("acknowledgement");
  });
});

describe("ingest classifies against the request's own title", () => {
  const database = useTestDatabase();
  it("a reply with documents to a request titled 'absence' is a reply and asks the citizen to classify", async () => {
    const { request } = await createRequestFixture(database.db, { title: "Taux d'absence du personnel 2025" });
    const secret = "classify-secret-classify-secret-classify";
    const to = replyAddressFor(secret, request.id, "dossier.test");
    const raw = Buffer.from(
      `From: Personnel <personnel@commune-test.be>\r\nTo: ${to}\r\nSubject: RE: Taux d'absence du personnel 2025\r\nMessage-ID: <abs-${request.id}@commune-test.be>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVous trouverez le relevé demandé.\r\n`,
    );
    const r = await ingest(database.db, raw, { deps: { secret, files: new FileStore(mkdtempSync(path.join(os.tmpdir(), "dossier-files-"))) } });
    expect(r).toMatchObject({ outcome: "delivered", requestId: request.id, kind: "reply" });
    expect(await hasUnclassifiedReply(database.db, request.id)).toBe(true);
  });
});
