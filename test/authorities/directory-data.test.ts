import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundledDirectoryPath, loadBundledDirectory } from "../../authorities/bundled";
import { CONTRACT_COLUMNS, DIRECTORY_COLUMNS } from "../../authorities/vocabulary";

const rows = loadBundledDirectory().map((r) => r.row);
const byKind = (k: string) => rows.filter((r) => r.kind === k);
const bySlug = new Map(rows.map((r) => [r.slug, r]));

const GERMAN_SPEAKING_NIS = ["63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"];

describe("the committed directory", () => {
  it("has the contract columns first, in order, then the extras", () => {
    const header = readFileSync(bundledDirectoryPath(), "utf8").split(/\r?\n/)[0].split(",");
    expect(header.slice(0, CONTRACT_COLUMNS.length)).toEqual([...CONTRACT_COLUMNS]);
    expect(header).toEqual([...DIRECTORY_COLUMNS]);
  });

  it("has about 1,500 authorities with unique slugs", () => {
    expect(rows.length).toBeGreaterThan(1400);
    expect(rows.length).toBeLessThan(1700);
    expect(new Set(rows.map((r) => r.slug)).size).toBe(rows.length);
  });

  it.each([
    ["commune", 565],
    ["cpas", 565],
    ["province", 10],
    ["police_zone", 176],
    ["emergency_zone", 35],
  ])("has %s × %i", (kind, n) => {
    expect(byKind(kind)).toHaveLength(n);
  });

  it("has 285 Flemish, 252 Walloon, 9 German-speaking and 19 Brussels communes", () => {
    const communes = byKind("commune");
    expect(communes.filter((r) => r.regime === "flanders")).toHaveLength(285);
    expect(communes.filter((r) => r.regime === "wallonia")).toHaveLength(252);
    expect(communes.filter((r) => r.regime === "german_community")).toHaveLength(9);
    expect(communes.filter((r) => r.regime === "brussels")).toHaveLength(19);
  });

  it("puts the 9 German-speaking communes and their ÖSHZ under german_community, in German", () => {
    for (const kind of ["commune", "cpas"]) {
      const dg = byKind(kind).filter((r) => r.regime === "german_community");
      expect(dg.map((r) => r.nis_code).sort()).toEqual(GERMAN_SPEAKING_NIS);
      for (const r of dg) {
        expect(r.languages).toEqual(["de"]);
        expect(r.language_facilities).toEqual(["fr"]);
      }
    }
    expect(bySlug.get("commune-eupen")?.regime).toBe("german_community");
    expect(bySlug.get("oshz-eupen")?.regime).toBe("german_community");
    // Malmedy and Waimes are Walloon with German facilities.
    expect(rows.find((r) => r.kind === "commune" && r.nis_code === "63049")).toMatchObject({ regime: "wallonia", languages: ["fr"], language_facilities: ["de"] });
  });

  it("puts the 19 Brussels communes and their CPAS under brussels, bilingual", () => {
    for (const kind of ["commune", "cpas"]) {
      const bx = byKind(kind).filter((r) => r.region === "brussels");
      expect(bx).toHaveLength(19);
      for (const r of bx) {
        expect(r.regime).toBe("brussels");
        expect(r.languages).toEqual(["fr", "nl"]);
        expect(r.nis_code?.startsWith("21")).toBe(true);
      }
    }
  });

  it("gives Flemish local bodies the Flemish regime in Dutch and Walloon ones the Walloon regime in French", () => {
    for (const r of rows.filter((r) => ["commune", "cpas", "province"].includes(r.kind))) {
      if (r.region === "flanders") expect([r.regime, r.languages.join()]).toEqual(["flanders", "nl"]);
      if (r.region === "wallonia") expect([r.regime, r.languages.join()]).toEqual(["wallonia", "fr"]);
    }
  });

  it("puts every police zone and emergency zone under federal", () => {
    for (const r of [...byKind("police_zone"), ...byKind("emergency_zone")]) expect(r.regime).toBe("federal");
  });

  it("has one CPAS per commune, each pointing at its commune with the same NIS code and regime", () => {
    const communesByNis = new Map(byKind("commune").map((c) => [c.nis_code, c]));
    for (const c of byKind("cpas")) {
      const commune = bySlug.get(c.parent_slug ?? "");
      expect(commune?.kind).toBe("commune");
      expect(commune?.nis_code).toBe(c.nis_code);
      expect(commune?.regime).toBe(c.regime);
      communesByNis.delete(c.nis_code);
    }
    expect(communesByNis.size).toBe(0);
  });

  it("uses the expected slug patterns", () => {
    for (const s of ["commune-liege", "cpas-liege", "ocmw-gent", "commune-gent", "oshz-eupen", "cpas-molenbeek-saint-jean", "province-liege", "province-antwerpen", "fps-finance", "police-zone-eifel", "police-zone-haspengouw", "police-zone-weser-goehl", "emergency-zone-siamu"]) {
      expect(bySlug.has(s), s).toBe(true);
    }
  });

  it("includes the 2025 mergers and not their predecessors", () => {
    const names = new Set(byKind("commune").map((r) => r.name_nl));
    for (const n of ["Pajottegem", "Beveren-Kruibeke-Zwijndrecht", "Tongeren-Borgloon", "Bilzen-Hoeselt", "Merelbeke-Melle", "Nazareth-De Pinte", "Tessenderlo-Ham", "Bastenaken"]) expect(names.has(n), n).toBe(true);
    for (const n of ["Moerbeke", "Borsbeek", "Kortessem", "Galmaarden", "Sint-Amands", "Ruiselede", "Meulebeke"]) expect(names.has(n), n).toBe(false);
  });

  it("keeps parents inside the directory", () => {
    for (const r of rows) if (r.parent_slug) expect(bySlug.has(r.parent_slug), `${r.slug} → ${r.parent_slug}`).toBe(true);
  });

  it("records e-mails honestly: every e-mail has a source; only source-checked ones are verified", () => {
    for (const r of rows) {
      if (r.email) expect(r.email_source).toBeTruthy();
      if (!r.email) expect(r.email_verified).toBe(false);
    }
    const flemishCandidates = byKind("commune").filter((r) => r.region === "flanders" && r.email);
    expect(flemishCandidates.length).toBeGreaterThan(270);
    expect(flemishCandidates.every((r) => !r.email_verified)).toBe(true);
    expect(rows.filter((r) => r.email_verified).length).toBeLessThan(20);
    expect(bySlug.get("commune-herentals")?.email).toBeNull(); // misspelt candidate left out
    expect(bySlug.get("cada-fwb")).toMatchObject({ email: "cada@cfwb.be", email_verified: true });
  });

  it("takes KBO numbers from the lblod register only where they still apply", () => {
    expect(bySlug.get("commune-gent")?.kbo_number).toBe("0207451227");
    expect(bySlug.get("commune-antwerpen")?.kbo_number).toBeNull(); // merged with Borsbeek in 2025
    for (const r of rows) if (r.kbo_number) expect(r.kbo_number).toMatch(/^[01]\d{9}$/);
  });

  it("has a name for every row and only known vocabularies", () => {
    for (const r of rows) expect(r.name_fr || r.name_nl || r.name_de).toBeTruthy();
  });
});
