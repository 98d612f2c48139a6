import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { openPdf } from "../../core/documents/pdf";
import type { RegimeId } from "../../authorities/vocabulary";
import { computeStoredDates } from "../../requests/deadlines/tracking";
import { composeReminder, planEscalation, type EscalationFacts, type OriginalFile } from "../../requests/escalation/letters";
import { renderLettersPdf } from "../../requests/escalation/pdf";
import { withinEmailBudget } from "../../requests/escalation/service";

function facts(regime: RegimeId, over: Partial<EscalationFacts> & { extended?: boolean } = {}): EscalationFacts {
  const { extended = false, ...rest } = over;
  const decisionDate = rest.decisionDate ?? null;
  const environmental = rest.environmental ?? false;
  const language = rest.language ?? ({ federal: "fr", wallonia: "fr", brussels: "nl", flanders: "nl", fwb: "fr", german_community: "de" } as const)[regime];
  return {
    requestId: 42,
    regime,
    language,
    title: "Budget 2026",
    body: "Je demande le budget 2026.",
    citizenName: "Alex Martin",
    replyAddress: "request-42-abcdef12@dossier.test",
    requestUrl: "https://dossier.test/requests/42",
    authority: { name: "Commune de Test", email: "info@test.be", postalAddress: "Rue 1, 1000 Test" },
    state: decisionDate ? "refused" : "awaiting_response",
    dates: computeStoredDates({ regime, receivedDate: "2026-03-02", extended, decisionDate, environmental }),
    decisionDate,
    environmental,
    correspondence: [{ title: "Demande", date: "2026-03-02", from: "Alex Martin", to: "Commune de Test", subject: "Budget 2026", text: "Je demande le budget 2026." }],
    today: "2026-04-10",
    ...rest,
  };
}

describe("composeReminder", () => {
  it.each([
    ["federal", "fr", "Rappel : Budget 2026", ["2 mars 2026", "1 avril 2026", "l’article 6, § 5, de la loi du 11 avril 1994", "request-42-abcdef12@dossier.test"]],
    ["flanders", "nl", "Herinnering: Budget 2026", ["2 maart 2026", "23 maart 2026", "II.43", "Beroepsinstantie"]],
    ["german_community", "de", "Erinnerung: Budget 2026", ["2. März 2026", "1. April 2026", "Dekret vom 16. Oktober 1995"]],
    ["brussels", "nl", "Herinnering: Budget 2026", ["30 maart 2026", "artikel 20"]],
  ] as const)("%s in %s cites the law and the expired deadline", (regime, lang, subject, parts) => {
    const letter = composeReminder(facts(regime));
    expect(letter.language).toBe(lang);
    expect(letter.to).toMatchObject({ id: "authority", email: "info@test.be" });
    expect(letter.subject).toBe(subject);
    for (const p of parts) expect(letter.body).toContain(p);
  });
  it("uses the extended deadline once announced", () => {
    expect(composeReminder(facts("federal", { extended: true })).body).toContain("16 avril 2026");
  });
});

describe("planEscalation", () => {
  it("federal: two letters the same day, reconsideration to the authority and advice request to the CADA, not binding", () => {
    const plan = planEscalation(facts("federal"));
    expect(plan.route).toBe("federal_dual");
    expect(plan.letters.map((l) => [l.kind, l.to.id, l.language])).toEqual([
      ["reconsideration", "authority", "fr"],
      ["advice_request", "cada-federal", "fr"],
    ]);
    expect(plan.letters[0]!.body).toContain("demande de reconsidération");
    expect(plan.letters[0]!.body).toContain("simultanément, ce même jour");
    expect(plan.letters[1]!.body).toContain("l’article 8, § 2, de la loi du 11 avril 1994");
    // The CADA gets the reconsideration request among the annexes.
    expect(plan.letters[1]!.annexes.map((a) => a.title)).toEqual(["Demande", "Demande de reconsidération : Budget 2026"]);
    expect(plan.advice).toContain("not_binding");
    expect(plan.appealBy).toBeNull();
    expect(plan.noDateReason).toBe("no_statutory_deadline");
    // The federal CADA's e-mail is unknown to the research: the wizard says so unless an admin sets it.
    expect(plan.letters[1]!.to.email).toBeNull();
    expect(plan.advice).toContain("no_email");
    const withContact = planEscalation(facts("federal", { bodyContacts: { "cada-federal": { email: "cada@example.be" } } }));
    expect(withContact.letters[1]!.to.email).toBe("cada@example.be");
    expect(withContact.advice).not.toContain("no_email");
  });

  it("federal in Dutch and German follows the request language", () => {
    expect(planEscalation(facts("federal", { language: "nl" })).letters[1]!.subject).toBe("Verzoek om advies: Budget 2026");
    expect(planEscalation(facts("federal", { language: "de" })).letters[0]!.subject).toBe("Antrag auf Überprüfung: Budget 2026");
  });

  it("wallonia: appeal to the CADA wallonne within 30 days, and a registered copy to the authority (date certaine)", () => {
    const plan = planEscalation(facts("wallonia"));
    expect(plan.letters.map((l) => [l.kind, l.to.id, l.to.email, l.postal])).toEqual([
      ["appeal", "cada-wallonia", "support.cada@spw.wallonie.be", false],
      ["registered_copy", "authority", "info@test.be", true],
    ]);
    expect(plan.appealBy).toBe("2026-05-01");
    expect(plan.advice).toContain("registered_copy");
    expect(plan.letters[0]!.body).toContain("l’article 8bis du décret du 30 mars 1995");
    expect(plan.letters[0]!.body).toContain("refus implicite");
    expect(plan.letters[0]!.body).toContain("par envoi recommandé");
    expect(plan.bodyDecision).toMatchObject({ body: "cada-wallonia", by: "2026-05-10" });
    expect(plan.bodyDecision!.period.verified).toBe(false);
  });

  it("brussels: to the Brussels CADA in the request's language, 30 days (assumption)", () => {
    const nl = planEscalation(facts("brussels"));
    expect(nl.letters.map((l) => [l.kind, l.to.id, l.language])).toEqual([["appeal", "cada-brussels", "nl"]]);
    expect(nl.letters[0]!.subject).toBe("Beroep: Budget 2026 (Commune de Test)");
    expect(nl.appealBy).toBe("2026-04-29");
    expect(planEscalation(facts("brussels", { language: "fr" })).letters[0]!.language).toBe("fr");
    expect(nl.bodyDecision).toBeNull();
  });

  it("fwb: to the CADA FWB within 60 days", () => {
    const plan = planEscalation(facts("fwb", { decisionDate: "2026-03-20" }));
    expect(plan.letters.map((l) => [l.kind, l.to.id, l.to.email, l.language])).toEqual([["appeal", "cada-fwb", "cada@cfwb.be", "fr"]]);
    expect(plan.appealBy).toBe("2026-05-19");
    expect(plan.letters[0]!.body).toContain("Par sa réponse du 20 mars 2026");
    expect(plan.letters[0]!.body).toContain("l’article 8/1 du décret du 22 décembre 1994");
  });

  it("flanders: to the Beroepsinstantie within 30 days of a decision; no deadline against silence", () => {
    const decided = planEscalation(facts("flanders", { decisionDate: "2026-03-10", correspondence: [
      { title: "Aanvraag", date: "2026-03-02", from: "Alex Martin", to: "Gemeente Test", subject: "Budget 2026", text: "Ik vraag de begroting." },
      { title: "Beslissing", date: "2026-03-10", from: "Gemeente Test", to: "Alex Martin", subject: "Re: Budget 2026", text: "Wij weigeren." },
    ] }));
    expect(decided.letters.map((l) => [l.kind, l.to.id, l.to.email, l.language])).toEqual([["appeal", "beroepsinstantie-ovb", "openbaarheid@vlaanderen.be", "nl"]]);
    expect(decided.appealBy).toBe("2026-04-09");
    expect(decided.letters[0]!.annexes.map((a) => a.title)).toEqual(["Aanvraag", "Beslissing"]);
    expect(decided.letters[0]!.body).toContain("artikel II.48 van het Bestuursdecreet");
    expect(decided.bodyDecision).toMatchObject({ body: "beroepsinstantie-ovb", by: "2026-05-10" });
    const silent = planEscalation(facts("flanders"));
    expect(silent.appealBy).toBeNull();
    expect(silent.noDateReason).toBe("no_period_runs");
    expect(silent.advice).toContain("no_deadline_silence");
    expect(silent.letters[0]!.body).toContain("het uitblijven van een beslissing");
  });

  it("german_community: no commission; mediation by the Ombudsdienst, never an invented appeal", () => {
    const plan = planEscalation(facts("german_community"));
    expect(plan.route).toBe("no_commission");
    expect(plan.letters.map((l) => [l.kind, l.to.id, l.to.email, l.language])).toEqual([["ombudsman_complaint", "dg-ombudsdienst", "beschwerde@dg-ombudsdienst.be", "de"]]);
    expect(plan.letters[0]!.body).toContain("keine Beschwerdekommission");
    expect(plan.advice).toEqual(["no_commission"]);
    expect(plan.appealBy).toBeNull();
    expect(plan.bodyDecision).toBeNull();
  });

  it("environmental Walloon request: the CRAIE too, 15 days, urgent", () => {
    const plan = planEscalation(facts("wallonia", { environmental: true }));
    expect(plan.letters.map((l) => [l.kind, l.to.id])).toEqual([
      ["appeal", "cada-wallonia"],
      ["registered_copy", "authority"],
      ["environmental_appeal", "craie"],
    ]);
    expect(plan.environmental).toEqual({ body: "craie", appealBy: "2026-04-16", urgent: true });
    expect(plan.advice).toEqual(expect.arrayContaining(["environmental_urgent", "environmental_both", "no_email"]));
    expect(plan.letters[2]!.body).toContain("l’article D.20.6");
    expect(plan.environmentalBodyDecision).toMatchObject({ body: "craie", by: "2026-05-10" });
  });

  it("environmental federal request: the federal environmental appeal commission, 60 days after a refusal", () => {
    const plan = planEscalation(facts("federal", { environmental: true, decisionDate: "2026-03-20" }));
    expect(plan.letters.map((l) => l.to.id)).toEqual(["authority", "cada-federal", "federal-appeal-environment"]);
    expect(plan.environmental).toEqual({ body: "federal-appeal-environment", appealBy: "2026-05-19", urgent: false });
  });

  it("an expired appeal deadline is flagged", () => {
    expect(planEscalation(facts("wallonia", { today: "2026-05-02" })).advice).toContain("appeal_expired");
  });

  it("a decision without the appeal route: Flanders gives S + 4 months + 30 days and the appeal says why; Brussels keeps S + 30 and only states the omission", () => {
    const flemish = planEscalation(facts("flanders", { decisionDate: "2026-03-10", appealNoticeMissing: true, today: "2026-06-01" }));
    expect(flemish.appealBy).toBe("2026-08-09");
    expect(flemish.advice).toEqual(["appeal_notice_missing"]);
    expect(flemish.letters[0]!.body).toContain("Die beslissing vermeldde de beroepsmogelijkheid niet. Overeenkomstig artikel II.48, § 1, vierde lid");
    const brussels = planEscalation(facts("brussels", { decisionDate: "2026-03-10", appealNoticeMissing: true, language: "fr", today: "2026-03-20" }));
    expect(brussels.appealBy).toBe("2026-04-09");
    expect(brussels.advice).not.toContain("appeal_notice_missing");
    expect(brussels.letters[0]!.body).toContain("Cette décision ne mentionnait pas les voies de recours.");
    expect(brussels.letters[0]!.body).not.toContain("quatre mois");
    // Said only of a decision, never of a silence.
    expect(planEscalation(facts("flanders", { appealNoticeMissing: true })).letters[0]!.body).not.toContain("beroepsmogelijkheid niet");
  });
});

describe("the authority's own files", () => {
  const file = (filename: string, attached: boolean): OriginalFile => ({ filename, contentType: "application/pdf", size: 2048, sha256: "a".repeat(64), fileKey: "a".repeat(64), date: "2026-03-20", from: "Juridische dienst", attached });

  it("go with letters to an appeal body, numbered after the correspondence, never with letters to the authority", () => {
    const federal = planEscalation(facts("federal", { decisionDate: "2026-03-20", originals: [file("beslissing.pdf", true), file("scan.pdf", false)] }));
    const [reconsideration, advice] = federal.letters;
    expect(reconsideration!.files).toEqual([]);
    expect(advice!.files.map((f) => f.filename)).toEqual(["beslissing.pdf", "scan.pdf"]);
    // The advice request's annexes: the request, then the reconsideration request; the files follow.
    expect(advice!.body).toContain("3. beslissing.pdf — fichier envoyé par Juridische dienst le 20 mars 2026\n4. scan.pdf — fichier envoyé par Juridische dienst le 20 mars 2026 (trop volumineux pour ce courriel, disponible sur demande)");
  });

  it("the printable PDF lists them after the correspondence: attached to the e-mail, or to enclose with a letter sent by post", async () => {
    const plan = planEscalation(facts("wallonia", { decisionDate: "2026-03-20", originals: [file("refus.pdf", true)] }));
    const [appeal, copy] = plan.letters;
    expect(copy!.kind).toBe("registered_copy");
    const emailed = (await pdfText(await renderLettersPdf([appeal!], "2026-03-25"))).replace(/\s+/g, " ");
    expect(emailed).toContain("Annexe 2: refus.pdf");
    expect(emailed).toContain("Empreinte SHA-256: " + "a".repeat(64));
    expect(emailed).toContain("joint tel quel au courriel");
    const posted = (await pdfText(await renderLettersPdf([copy!], "2026-03-25"))).replace(/\s+/g, " ");
    expect(posted).toContain("Annexe 2: refus.pdf");
    expect(posted).toContain("à joindre à cette lettre");
  });

  it("an e-mail carries what fits its budget, in order; the rest is listed", () => {
    expect(withinEmailBudget([10, 20, 5], 16)).toEqual([true, false, true]);
    expect(withinEmailBudget([], 16)).toEqual([]);
  });
});

async function pdfText(buffer: Buffer): Promise<string> {
  const parser = new PDFParse({ data: buffer });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe("renderLettersPdf", () => {
  it("prints the letter and its annexes with extractable text (pdf-parse and pdf.js positioned text)", async () => {
    const plan = planEscalation(facts("wallonia", { correspondence: [
      { title: "Demande", date: "2026-03-02", from: "Alex Martin", to: "Commune de Test", subject: "Budget 2026", text: "Je demande le budget 2026 ≈ tout." },
    ] }));
    const pdf = await renderLettersPdf([plan.letters[1]!], "2026-04-10");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = (await pdfText(pdf)).replace(/\s+/g, " ");
    expect(text).toContain("Copie de recours (recommandé)");
    expect(text).toContain("Rue 1, 1000 Test");
    expect(text).toContain("10 avril 2026");
    expect(text).toContain("Annexe 1: Demande");
    expect(text).toContain("l’article 8bis");
    const doc = await openPdf(pdf);
    let positioned = "";
    for (let i = 0; i < doc.pages; i++) positioned += (await doc.text(i)).text;
    await doc.close();
    expect(positioned.replace(/\s+/g, " ")).toContain("Commission d’accès aux documents administratifs");
  });

  it("German and Dutch letters keep their accents", async () => {
    const text = (await pdfText(await renderLettersPdf(planEscalation(facts("german_community")).letters, "2026-04-10"))).replace(/\s+/g, " ");
    expect(text).toContain("Bitte um Vermittlung");
    expect(text).toContain("Mit freundlichen Grüßen");
  });
});
