import { describe, expect, it } from "vitest";
import { displayMasks, maskHtml, maskText, MASK_TOKENS } from "../../moderation/mask";

const PHONE = MASK_TOKENS.phone;
const EMAIL = MASK_TOKENS.email;
const REQUEST = MASK_TOKENS["request-email"];

describe("phone numbers are masked", () => {
  const phones = [
    // Brussels, Antwerp, Liège, Ghent: two-digit area codes
    "02 123 45 67",
    "02/123.45.67",
    "02.123.45.67",
    "02-123-45-67",
    "02/1234567",
    "021234567",
    "02 123 4567",
    "03 234 56 78",
    "04 223 45 67",
    "09 265 43 21",
    // three-digit area codes
    "010 23 45 67",
    "081/22.33.44",
    "081 22 33 44",
    "087 59 85 00",
    "016/32.45.67",
    "081/223344",
    // mobiles
    "0470 12 34 56",
    "0470/12.34.56",
    "0470.12.34.56",
    "0470123456",
    "0475 123 456",
    "0499/123456",
    // special numbers
    "0800 12 345",
    "078 15 15 15",
    // international forms of Belgian numbers
    "+32 2 123 45 67",
    "+32 (0)2 123 45 67",
    "+32(0)2 123 45 67",
    "+32 (0) 2 123 45 67",
    "+32 470 12 34 56",
    "+32470123456",
    "+32 81 22 33 44",
    "0032 2 123 45 67",
    "0032 470 12 34 56",
    "0032 (0)81 22 33 44",
    // other countries
    "+33 1 23 45 67 89",
    "+31 20 123 4567",
    "+49 30 1234567",
    "+49 (0)30 1234 5678",
    "+44 20 7946 0958",
    "+1 (202) 555-0143",
    "+352 26 12 34 56",
    "0033 1 23 45 67 89",
    "0049 30 1234567",
  ];
  for (const phone of phones) {
    it(`masks ${phone}`, () => {
      expect(maskText(phone)).toBe(PHONE);
      expect(maskText(`Tél. : ${phone}.`)).toBe(`Tél. : ${PHONE}.`);
      expect(maskText(`Contact (${phone}) ou e-mail`)).toBe(`Contact (${PHONE}) ou e-mail`);
    });
  }

  it("masks several numbers in one line and keeps what is around them", () => {
    expect(maskText("Tel. 02 123 45 67 - Fax 02 123 45 68 - GSM 0470/12.34.56")).toBe(`Tel. ${PHONE} - Fax ${PHONE} - GSM ${PHONE}`);
    expect(maskText("Bel 09 265 43 21, tussen 9 en 12 uur.")).toBe(`Bel ${PHONE}, tussen 9 en 12 uur.`);
  });

  it("masks a number followed by a year in the same run of digits", () => {
    expect(maskText("Tél 02 123 45 67 2026")).toBe(`Tél ${PHONE} 2026`);
  });
});

describe("numbers that are not phone numbers stay", () => {
  const negatives = [
    // dates
    "27/11/2026",
    "27.11.2026",
    "2026-11-27",
    "27-11-2026",
    "1/1/2025",
    "le 03/02/2026 à 14:30",
    "01.02.26",
    "du 01/01/2025 au 31/12/2025",
    "période 2019-2024",
    // amounts
    "1 234 567,89 EUR",
    "€ 12.345,00",
    "1.234.567 €",
    "12 345 euros",
    "0,50 EUR",
    "un montant de 0 €",
    "123 456 789 €",
    // NIS codes and postcodes
    "NIS 21004",
    "code INS 57081",
    "1000 Bruxelles",
    "B-1000 Bruxelles",
    "9000 Gent",
    "4700 Eupen",
    // enterprise numbers (KBO/BCE), VAT, national register
    "0207.373.429",
    "BCE 0207.373.429",
    "KBO 0207 373 429",
    "BE 0207.373.429",
    "BE0207373429",
    "TVA BE 0475.123.456",
    "n° d'entreprise : 0475 123 456",
    "ondernemingsnummer 0470123456",
    "rijksregisternummer 85.07.30-033.28",
    // bank accounts
    "BE68 5390 0754 7034",
    "IBAN BE71 0961 2345 6769",
    "BE71 0961 2345 6769",
    "compte 001-1234567-89",
    // legal references and file numbers
    "article 32",
    "art. 6, § 1er, 3°",
    "loi du 11 avril 1994",
    "art. 4/1",
    "articles 5 à 7",
    "M.B. 30.06.1994",
    "Moniteur belge du 1994-06-30",
    "dossier n° 123/456/789",
    "réf. 2026/12345",
    "notre référence 04/2026/123",
    "kenmerk 0123/2026/456",
    "décret du 30 mars 1995, art. 6",
    // times, ranges, plain numbers
    "de 9h00 à 12h00",
    "14:30",
    "1 2 3 4 5 6 7 8 9",
    "version 1.2.3",
    "3 000 habitants",
    "ISBN 978-2-07-036822-8",
    "ordre 0123456789012345",
  ];
  for (const text of negatives) {
    it(`keeps "${text}"`, () => {
      expect(maskText(text)).toBe(text);
    });
  }
});

describe("e-mail addresses", () => {
  it("masks ordinary addresses, with the sentence's dot kept", () => {
    expect(maskText("Écrivez à jean.dupont@commune-x.be.")).toBe(`Écrivez à ${EMAIL}.`);
    expect(maskText("<info@ocmw.gent>")).toBe(`<${EMAIL}>`);
    expect(maskText("mailto:a.b+c@sub.example.org?subject=x")).toBe(`mailto:${EMAIL}?subject=x`);
    expect(maskText("From: \"Jean\" <jean@example.com>, marie@exemple.fr")).toBe(`From: "Jean" <${EMAIL}>, ${EMAIL}`);
    expect(maskText("élodie.müller@gemeinde-eupen.be")).toBe(EMAIL);
  });

  it("masks common obfuscations", () => {
    expect(maskText("jean.dupont [at] commune.be")).toBe(EMAIL);
    expect(maskText("jean(at)commune(dot)be")).toBe(EMAIL);
    expect(maskText("jean @ commune.be")).toBe(EMAIL);
  });

  it("masks our reply addresses as the request address, typos included", () => {
    expect(maskText("Reply to request-42-1a2b3c4d@dossier.be please")).toBe(`Reply to ${REQUEST} please`);
    expect(maskText("REQUEST-42-1A2B3C4D@DOSSIER.BE")).toBe(REQUEST);
    expect(maskText("foi+request-42-1a2b3c4d@dossier.be")).toBe(REQUEST);
    expect(maskText("request-4l-1a2b3c4o@dossier.be")).toBe(REQUEST);
    // The address without its domain still lets anyone write to the request.
    expect(maskText("Objet : request-42-1a2b3c4d")).toBe(`Objet : ${REQUEST}`);
  });

  it("leaves text that only resembles an address", () => {
    for (const text of ["@commune", "prix @ 5 €", "voir www.commune.be", "a.b@c", "Twitter: @dossier_be"]) {
      expect(maskText(text)).toBe(text);
    }
  });
});

describe("HTML", () => {
  it("masks text nodes, drops mailto: and tel: links and keeps the markup", () => {
    const html =
      '<p>Contact: <a href="mailto:jean@commune.be" rel="nofollow">jean@commune.be</a> or <a href="tel:+3221234567">02 123 45 67</a>.</p>' +
      '<p title="jean@commune.be">Reply to <b>request-7-0a1b2c3d@dossier.be</b></p>';
    expect(maskHtml(html)).toBe(
      `<p>Contact: <a rel="nofollow">${EMAIL}</a> or <a>${PHONE}</a>.</p>` + `<p title="${EMAIL}">Reply to <b>${REQUEST}</b></p>`,
    );
  });

  it("matches across inline tags but not across blocks", () => {
    expect(maskHtml("<p><b>02</b> 123 45 67</p>")).toBe(`<p><b>${PHONE}</b></p>`);
    expect(maskHtml("<table><tr><td>02</td><td>123 45 67</td></tr></table>")).toBe("<table><tr><td>02</td><td>123 45 67</td></tr></table>");
  });

  it("keeps escaped characters escaped", () => {
    expect(maskHtml("<p>a &lt;b&gt; &amp; jean@x.be &quot;q&quot;</p>")).toBe(`<p>a &lt;b&gt; &amp; ${EMAIL} "q"</p>`);
  });

  it("drops links whose URL carries an address", () => {
    expect(maskHtml('<a href="https://x.be/?to=jean%40commune.be">form</a>')).toBe("<a>form</a>");
    expect(maskHtml('<a href="https://www.commune.be/contact">site</a>')).toBe('<a href="https://www.commune.be/contact">site</a>');
  });
});

describe("display", () => {
  it("shows the tokens in the reader's language", () => {
    const masked = maskText("request-1-00000000@dossier.be, x@y.be, 02 123 45 67");
    expect(displayMasks(masked, "en")).toBe("[request e-mail], [e-mail address], [phone number]");
    expect(displayMasks(masked, "fr")).toBe("[e-mail de la demande], [adresse e-mail], [numéro de téléphone]");
    expect(displayMasks(masked, "nl")).toBe("[e-mailadres van de aanvraag], [e-mailadres], [telefoonnummer]");
    expect(displayMasks(masked, "de")).toBe("[E-Mail-Adresse des Antrags], [E-Mail-Adresse], [Telefonnummer]");
  });
});
