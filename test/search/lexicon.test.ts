import { describe, expect, it } from "vitest";
import { compoundSplitter, isWordOf } from "../../search/lexicon";
import { longWords } from "../../search/compounds";

describe("the languages' dictionaries (search/lexicon.ts)", () => {
  it("knows which language a word belongs to, nouns in any case, and calls a name no word", async () => {
    expect(await isWordOf("nl", "vergunningen")).toBe(true);
    expect(await isWordOf("fr", "vergunningen")).toBe(false);
    expect(await isWordOf("fr", "enregistrées")).toBe(true);
    expect(await isWordOf("de", "haushalt")).toBe(true);
    for (const language of ["fr", "nl", "de"] as const) expect(await isWordOf(language, "steele"), language).toBe(false);
    // Not a single word of letters: left to the stemmer.
    expect(await isWordOf("nl", "2019")).toBe(true);
  });

  it("splits compounds into dictionary words, never into prefixes or endings", async () => {
    const nl = await compoundSplitter("nl");
    expect(nl("omgevingsvergunning")).toEqual(["omgeving", "vergunning"]);
    expect(nl("Bouwvergunning")).toEqual(["bouw", "vergunning"]);
    expect(nl("gemeenteraadsverslag")).toEqual(["gemeenteraad", "verslag"]);
    expect(nl("huisvestingsmaatschappij")).toEqual(["huisvesting", "maatschappij"]);
    for (const word of ["vergunning", "documenten", "verslagen", "beslissingen", "kort", "xxxxxxxxxxxx", "bouw-vergunning"]) expect(nl(word), word).toEqual([]);
    const de = await compoundSplitter("de");
    expect(de("Geschwindigkeitskontrolle")).toEqual(["geschwindigkeit", "kontrolle"]);
    expect(de("Haushaltsplan")).toContain("haushalt");
  });

  it("lists a text's long words in lower case, as PostgreSQL's parser cuts them", () => {
    expect(longWords(["De Omgevingsvergunning (bouw-vergunning) is verleend.", "omgevingsvergunning"])).toEqual(["omgevingsvergunning", "vergunning", "verleend"]);
  });
});
