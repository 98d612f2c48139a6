import { describe, expect, it } from "vitest";
import { classifyMessage } from "../../mail/classify";
import { ALAVETELI_KINDS } from "../fixtures/classify/corpus";
import { parseRawMessage } from "../../mail/parse";
import { alaveteliFixtures, allStrings, isCleanUtf8String, readFixture } from "./support";


describe("the Alaveteli corpus through parse and classify", () => {
  for (const name of alaveteliFixtures()) {
    it(`${name}: parses cleanly and is classified`, async () => {
      const parsed = await parseRawMessage(readFixture(name));
      for (const s of allStrings({ ...parsed, attachments: parsed.attachments.map(({ content: _c, ...rest }) => rest) })) {
        expect(isCleanUtf8String(s), `bad string in ${name}: ${JSON.stringify(s.slice(0, 80))}`).toBe(true);
      }
      for (const a of parsed.attachments) {
        expect(a.size).toBe(a.content.length);
        expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(a.filename.length).toBeGreaterThan(0);
        expect(a.contentType).toMatch(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/);
      }
      expect(classifyMessage(parsed).kind).toBe(ALAVETELI_KINDS[name] ?? "reply");
    });
  }
});

async function parse(name: string) {
  return parseRawMessage(readFixture(name));
}

describe("specific corpus cases", () => {
  it("decodes charsets: ISO-8859-2, Windows-1252 mislabelled as ISO-8859-1, GB18030 without a label, UTF-7", async () => {
    expect((await parse("iso8859_2_raw_email.eml")).subject).toContain("Sasia e pulave të importuara");
    const mislabelled = await parse("mislabelled-as-iso-8859-1.eml");
    expect(mislabelled.text).not.toMatch(/[\u0080-\u009f\ufffd]/);
    expect(mislabelled.text).toMatch(/[\u2013\u2014\u2018\u2019\u201c\u201d]/);
    const gb = await parse("no-part-charset-bad-utf8.eml");
    expect(gb.text).toContain("贵公司负责人");
    expect(gb.subject).toBe("任乐松");
    expect((await parse("utf-7-subject.eml")).subject).toBe("Vaše emailová zpráva byla převzata");
    expect((await parse("quoted-subject-iso8859-1.eml")).subject).toBe("Câmara Responde: Banco de ideias");
    expect((await parse("russian.eml")).subject).toBe("Re: Ваш сайт");
    expect((await parse("russian.eml")).text).not.toContain("\ufffd");
  });

  it("drops broken trailing bytes from encoded subjects", async () => {
    expect((await parse("subject-bad-utf-8-trailing-base64.eml")).subject).toBe("hello");
    expect((await parse("subject-bad-utf-8-trailing-quoted-printable.eml")).subject).toBe("hello");
  });

  it("unpacks TNEF (winmail.dat) into its files", async () => {
    const m = await parse("incoming-request-tnef-attachments.eml");
    expect(m.attachments.map((a) => [a.filename, a.contentType, a.origin])).toEqual([
      ["FOI 09-02976i.doc", "application/msword", "tnef"],
      ["FOI 09-02976iii.doc", "application/msword", "tnef"],
    ]);
    expect(m.attachments[0].content.subarray(0, 4).toString("hex")).toBe("d0cf11e0");
  });

  it("takes the body of a TNEF-only message from its HTML property, without NUL bytes", async () => {
    const m = await parse("incoming-request-tnef-only.eml");
    expect(m.text).toContain("Dame Julie Mellor");
    expect(m.text).not.toContain("\u0000");
  });

  it("ignores empty and truncated TNEF without failing", async () => {
    for (const name of ["tnef-attachment-empty.eml", "tnef-attachment-truncated.eml"]) {
      const m = await parse(name);
      expect(m.attachments).toEqual([]);
      expect(m.text.length).toBeGreaterThan(0);
    }
  });

  it("expands attached messages and flattens their attachments", async () => {
    const nested = await parse("incoming-request-attach-attachments.eml");
    expect(nested.attachments.map((a) => a.filename)).toEqual(["Same attachment twice.txt", "hello.txt", "hello.txt"]);
    expect(nested.attachments[1].content.toString()).not.toBe(nested.attachments[2].content.toString());
    const headers = await parse("incoming-request-attachment-headers.eml");
    expect(headers.attachments[0].content.toString()).toMatch(/^From: .*\n.*Subject: /s);
    const rfc822 = await parse("rfc822-attachment.eml");
    expect(rfc822.attachments).toHaveLength(1);
    expect(rfc822.attachments[0].origin).toBe("rfc822");
  });

  it("decodes uuencoded files in bodies and takes them out of the text", async () => {
    const simple = await parse("simple-uuencoded-attachment.eml");
    expect(simple.attachments.map((a) => [a.filename, a.origin])).toEqual([["Happy.txt", "uuencode"]]);
    expect(simple.attachments[0].content.toString()).toMatch(/happy/i);
    expect(simple.text).not.toMatch(/^begin 6/m);
    const inline = await parse("inline-uuencode.eml");
    expect(inline.attachments[0].filename).toBe("ResponseT7363 9.doc");
    const bad = await parse("incoming-request-bad-uuencoding-2.eml");
    expect(bad.attachments[0].contentType).toBe("application/msword");
    expect(bad.attachments[0].size).toBeGreaterThan(100_000);
  });

  it("normalises document/pdf and unknown octet-streams", async () => {
    const pdf = await parse("part-without-charset-in-content-type.eml");
    expect(pdf.attachments[0]).toMatchObject({ filename: "document.pdf", contentType: "application/pdf", declaredContentType: "document/pdf" });
    expect((await parse("document-pdf.eml")).attachments[0].contentType).toBe("application/pdf");
    expect((await parse("incoming-request-oft-attachments.eml")).attachments[0].contentType).toBe("application/vnd.ms-outlook");
    expect((await parse("incoming-request-attachment-unknown-extension.eml")).attachments[0].contentType).toBe("application/octet-stream");
  });

  it("keeps two attachments with the same name apart", async () => {
    const m = await parse("incoming-request-two-same-name.eml");
    expect(m.attachments.map((a) => a.filename)).toEqual(["hello-world.txt", "hello-world.txt"]);
    expect(m.attachments[0].sha256).not.toBe(m.attachments[1].sha256);
  });

  it("makes a non-UTF-8 file name valid", async () => {
    const m = await parse("non-utf8-filename.eml");
    expect(m.attachments).toHaveLength(2);
    for (const a of m.attachments) expect(isCleanUtf8String(a.filename)).toBe(true);
  });

  it("reads routing headers, including Received for <…> and malformed To", async () => {
    const m = await parse("utf-7-subject.eml");
    expect(m.routing.receivedFor).toContain("foi+request-1234-jnc73ba@localhost");
    const malformed = await parse("malformed-to-and-cc.eml");
    expect(malformed.routing.to.length).toBeGreaterThan(0);
    expect((await parse("empty-return-path.eml")).returnPath).toBe("");
  });

  it("degrades instead of throwing on garbage", async () => {
    for (const raw of [Buffer.alloc(0), Buffer.from("\u0000\u0001\u0002"), Buffer.from("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: application/ms-tnef\r\n\r\n\x78\x9f\x3e\x22"), Buffer.from([0xff, 0xfe, 0x00, 0x41])]) {
      const m = await parseRawMessage(raw);
      for (const s of allStrings({ ...m, attachments: [] })) expect(isCleanUtf8String(s)).toBe(true);
    }
  });
});
