import { describe, expect, it } from "vitest";
import { loadBundledDirectory } from "../../authorities/bundled";
import { analyzeName, editDistance, normalizeName, rankEntries, searchKeysFor, type SearchEntry } from "../../authorities/name-search";

const entries: SearchEntry[] = loadBundledDirectory().map(({ row }) => ({
  slug: row.slug,
  kind: row.kind,
  sortName: row.name_fr ?? row.name_nl ?? row.name_de ?? row.slug,
  keys: searchKeysFor([row.name_fr, row.name_nl, row.name_de, row.name_en]),
}));
const top = (q: string, n = 3) => rankEntries(entries, q, { limit: n }).map((h) => h.entry.slug);

describe("normalisation", () => {
  it.each([
    ["Sint-Jans-Molenbeek", "sint jans molenbeek"],
    ["Liège", "liege"],
    ["FOD Financiën", "fod financien"],
    ["CPAS d’Anderlecht", "cpas d anderlecht"],
    ["ÖSHZ Bütgenbach", "oshz butgenbach"],
    ["  Écaussinnes  ", "ecaussinnes"],
    ["'s Gravenbrakel", "s gravenbrakel"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it.each([
    ["CPAS de Liège", "liege", ["cpas"]],
    ["CPAS d'Anderlecht", "anderlecht", ["cpas"]],
    ["OCMW Gent", "gent", ["cpas"]],
    ["Commune de Schaerbeek", "schaerbeek", ["commune"]],
    ["Gemeente Sint-Jans-Molenbeek", "sint jans molenbeek", ["commune"]],
    ["Stad Gent", "gent", ["commune"]],
    ["SPF Finances", "finances", ["federal_service"]],
    ["FOD Financiën", "financien", ["federal_service"]],
    ["FPS Finance", "finance", ["federal_service"]],
    ["CPAS de La Louvière", "la louviere", ["cpas"]],
    ["La Louvière", "la louviere", []],
    ["Zone de police Midi", "midi", ["police_zone"]],
  ])("%s has core %s", (input, core, hints) => {
    const a = analyzeName(input);
    expect(a.core).toBe(core);
    expect(a.kindHints).toEqual(hints);
  });

  it("computes edit distances with swaps", () => {
    expect(editDistance("molenbek", "molenbeek")).toBe(1);
    expect(editDistance("gnet", "gent")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("finding authorities in the full directory", () => {
  it.each([
    ["Sint-Jans-Molenbeek", "commune-molenbeek-saint-jean"],
    ["molenbek", "commune-molenbeek-saint-jean"],
    ["Molenbeek-Saint-Jean", "commune-molenbeek-saint-jean"],
    ["CPAS Liege", "cpas-liege"],
    ["cpas liège", "cpas-liege"],
    ["SPF Finances", "fps-finance"],
    ["FOD Financiën", "fps-finance"],
    ["FOD Financien", "fps-finance"],
    ["Liège", "commune-liege"],
    ["Luik", "commune-liege"],
    ["Lüttich", "commune-liege"],
    ["OCMW Gent", "ocmw-gent"],
    ["Gand", "commune-gent"],
    ["Schaarbeek", "commune-schaerbeek"],
    ["schaerbek", "commune-schaerbeek"],
    ["Eupen", "commune-eupen"],
    ["Bastogne", "commune-bastogne"],
    ["Anvers", "commune-antwerpen"],
    ["Province de Liège", "province-liege"],
    ["ONEM", "onem"],
    ["Actiris", "actiris"],
    ["Beroepsinstantie", "beroepsinstantie-ovb"],
    ["Vlaamse Ombudsdienst", "vlaamse-ombudsdienst"],
    ["Zone de police Eifel", "police-zone-eifel"],
    ["Sankt Vith", "commune-sankt-vith"],
    ["Saint-Vith", "commune-sankt-vith"],
    ["Brussel", "commune-bruxelles"],
  ])("%s finds %s near the top", (query, slug) => {
    expect(top(query)).toContain(slug);
  });

  it("puts the CPAS first when the query says CPAS, and the commune first otherwise", () => {
    expect(top("CPAS Liège", 1)).toEqual(["cpas-liege"]);
    expect(top("Liège", 1)).toEqual(["commune-liege"]);
    expect(top("OCMW Gent", 1)).toEqual(["ocmw-gent"]);
  });

  it("lists a kind for a bare generic word and returns nothing for an empty query", () => {
    expect(rankEntries(entries, "OCMW", { limit: 5 }).every((h) => h.entry.kind === "cpas")).toBe(true);
    expect(rankEntries(entries, "   ")).toEqual([]);
  });

  it("does not return nonsense for a nonsense query", () => {
    expect(top("xqzvw")).toEqual([]);
  });
});
