import { describe, expect, it } from "vitest";
import { makePassage, makeSnippet, pageAt, snippetText } from "../../search/snippet";

describe("snippets", () => {
  const marked = (text: string, needles: string[]) => snippetText(makeSnippet(text, needles), "[", "]");

  it("marks words that start with a stem whatever their case and accents, keeping the text as written", () => {
    expect(marked("Le PERMIS d'urbanisme et les Permis délivrés.", ["permis"])).toBe("Le [PERMIS] d'urbanisme et les [Permis] délivrés.");
    expect(marked("Les Zéros et le zero.", ["zero"])).toBe("Les [Zéros] et le [zero].");
    expect(marked("Die Straße und die STRASSE.", ["strasse"])).toBe("Die [Straße] und die [STRASSE].");
    expect(marked("De vergunningen werden verleend.", ["vergunn"])).toBe("De [vergunningen] werden verleend.");
  });

  it("does not mark a stem inside another word", () => {
    expect(marked("Un impermis et un permis.", ["permis"])).toBe("Un impermis et un [permis].");
    expect(marked("L'été à Liège: été.", ["ete"])).toBe("L'[été] à Liège: [été].");
  });

  it("cuts a window around the first match in a long text", () => {
    const text = `${"mot ".repeat(200)}budget communal ${"suite ".repeat(200)}`;
    const snippet = marked(text, ["budget"]);
    expect(snippet.startsWith("… ")).toBe(true);
    expect(snippet).toContain("[budget] communal");
    expect(snippet.length).toBeLessThan(320);
  });

  it("marks only the words the filter keeps, in the passage holding the most distinct ones", () => {
    const keep = (word: string) => word === "permis" || word === "urbanisme";
    const text = `La permission est requise. ${"mot ".repeat(100)}Le permis seul. ${"mot ".repeat(100)}Le permis d'urbanisme enfin.`;
    const snippet = snippetText(makeSnippet(text, ["permis", "urbanism"], keep), "[", "]");
    expect(snippet).toContain("[permis] d'[urbanisme] enfin");
    expect(snippet).not.toContain("[permission]");
    expect(snippet).not.toContain("seul");
  });

  it("marks nothing and shows the start when no word is kept", () => {
    const snippet = snippetText(makeSnippet("La permission est requise.", ["permis"], () => false), "[", "]");
    expect(snippet).toBe("La permission est requise.");
  });

  it("gives the page of the passage in a text of pages (form feeds between pages), none in a text without pages", () => {
    const pages = ["Objet : votre demande", "Le collège communal autorise la consultation", "du registre des marchés publics."].join("\f");
    expect(makePassage(pages, ["march"]).page).toBe(3);
    expect(makePassage(pages, ["colleg"]).page).toBe(2);
    expect(makePassage(pages, ["absent"]).page).toBe(1);
    expect(makePassage("Le registre des marchés publics.", ["march"]).page).toBeNull();
    expect(pageAt("a\fb\fc", 0)).toBe(1);
    expect(pageAt("a\fb\fc", 2)).toBe(2);
    expect(pageAt("a\fb\fc", 4)).toBe(3);
  });
});
