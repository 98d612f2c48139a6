import { describe, expect, it } from "vitest";
import { detectExtension } from "../../requests/deadlines/extension";

describe("detectExtension", () => {
  it.each([
    ["Nous vous informons de la prolongation du délai de réponse de 15 jours.", "prolongation du délai"],
    ["Conformément à la loi, nous devons prolonger le délai de traitement.", "prolonger le délai"],
    ["Le délai est prolongé de quinze jours en raison du volume.", "délai est prolongé"],
    ["Nous procédons à l'ajournement de notre réponse.", "ajournement"],
    ["Wij delen u mee dat de termijn verlengd wordt tot 40 dagen.", "termijn verlengd"],
    ["Er is een verlenging van de behandelingstermijn nodig.", "verlenging"],
    ["Wegen der Komplexität ist eine Verlängerung der Frist erforderlich.", "Verlängerung"],
    ["Wir müssen die Frist um 15 Tage verlängern.", "Frist um 15 Tage verlängern"],
    ["We need an extension of the deadline by 15 days.", "extension of the deadline"],
    ["NOUS DEVONS PROLONGER LE DÉLAI.", "PROLONGER LE DÉLAI"],
  ])("suggests an extension: %s", (text, phrase) => {
    const s = detectExtension(text);
    expect(s.suggested).toBe(true);
    expect(s.phrases.join(" | ")).toContain(phrase);
  });

  it.each([
    "Veuillez trouver ci-joint les documents demandés.",
    "In bijlage vindt u de gevraagde documenten.",
    "Anbei erhalten Sie die gewünschten Unterlagen.",
    "Please find the documents attached.",
    "Le délai de recours est de 30 jours.",
  ])("stays quiet: %s", (text) => {
    expect(detectExtension(text)).toEqual({ suggested: false, phrases: [] });
  });
});
