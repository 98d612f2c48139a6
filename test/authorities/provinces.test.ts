import { describe, expect, it } from "vitest";
import { loadBundledDirectory } from "../../authorities/bundled";
import { postalCodeOf, PROVINCE_REGION, provinceOf, provinceOfNisCode, provinceOfPostalCode } from "../../authorities/provinces";

describe("provinces", () => {
  it.each([
    ["52011", "hainaut"], // Charleroi
    ["57081", "hainaut"], // Tournai
    ["58001", "hainaut"], // La Louvière (arrondissement created in 2019)
    ["92094", "namur"], // Namur
    ["62063", "liege"], // Liège
    ["63023", "liege"], // Eupen (German-speaking Community)
    ["85045", "luxembourg"],
    ["11002", "antwerp"],
    ["71022", "limburg"], // Hasselt
    ["31005", "west_flanders"], // Brugge
    ["44021", "east_flanders"], // Gent
    ["24062", "flemish_brabant"], // Leuven
    ["23088", "flemish_brabant"], // Vilvoorde
    ["25072", "walloon_brabant"], // Ottignies-Louvain-la-Neuve
    ["21004", null], // Brussels: no province
    ["50000", "hainaut"], // the province itself
    ["20001", "flemish_brabant"],
    ["20002", "walloon_brabant"],
    ["10000", "antwerp"],
    ["04000", null],
    ["", null],
    [null, null],
    ["5201", null],
  ])("NIS code %s is in %s", (nis, province) => {
    expect(provinceOfNisCode(nis)).toBe(province);
  });

  it.each([
    [1000, null],
    [1299, null],
    [1300, "walloon_brabant"],
    [1500, "flemish_brabant"],
    [2000, "antwerp"],
    [3000, "flemish_brabant"],
    [3500, "limburg"],
    [4000, "liege"],
    [4700, "liege"], // Eupen
    [5000, "namur"],
    [6000, "hainaut"], // Charleroi
    [6599, "hainaut"],
    [6600, "luxembourg"], // Bastogne
    [7000, "hainaut"], // Mons
    [8000, "west_flanders"],
    [9300, "east_flanders"],
    [999, null],
  ])("postal code %s is in %s", (code, province) => {
    expect(provinceOfPostalCode(code)).toBe(province);
  });

  it("reads the postal code of an address, not the house number", () => {
    expect(postalCodeOf("Beekveldstraat 29, 9300 Aalst, België")).toBe(9300);
    expect(postalCodeOf("Rue de la Station 1234, 6000 Charleroi")).toBe(6000);
    expect(postalCodeOf("B-5000 Namur")).toBe(5000);
    expect(postalCodeOf("Grand-Place")).toBeNull();
    expect(postalCodeOf(null)).toBeNull();
  });

  it("prefers the NIS code, and falls back on the address", () => {
    expect(provinceOf({ nis_code: "56001", address: "Rue X 1, 5000 Namur" })).toBe("hainaut");
    expect(provinceOf({ nis_code: null, address: "Rue de Mons 1, 7000 Mons, Belgique" })).toBe("hainaut");
    expect(provinceOf({ nis_code: "21001", address: "Rue X 1, 1300 Wavre" })).toBeNull();
    expect(provinceOf({ nis_code: null, address: null })).toBeNull();
  });

  it("places every commune and CPAS of the bundled directory outside Brussels in a province of its region", () => {
    const local = loadBundledDirectory().map((r) => r.row).filter((a) => a.kind === "commune" || a.kind === "cpas");
    expect(local.length).toBeGreaterThan(1000);
    for (const a of local) {
      const province = provinceOf({ nis_code: a.nis_code ?? null, address: a.address ?? null });
      if (a.region === "brussels") expect(province, a.slug).toBeNull();
      else if (a.region === "german_community") expect(province, a.slug).toBe("liege");
      else expect(province && PROVINCE_REGION[province], a.slug).toBe(a.region);
    }
    // Every province has its CPAS.
    const cpasByProvince = new Map<string, number>();
    for (const a of local.filter((a) => a.kind === "cpas")) {
      const p = provinceOf({ nis_code: a.nis_code ?? null, address: a.address ?? null });
      if (p) cpasByProvince.set(p, (cpasByProvince.get(p) ?? 0) + 1);
    }
    expect(cpasByProvince.size).toBe(10);
    // Police zones with an address get one from their postal code.
    const zones = loadBundledDirectory().map((r) => r.row).filter((a) => a.kind === "police_zone" && a.address);
    const placed = zones.filter((a) => provinceOf({ nis_code: null, address: a.address ?? null }) !== null || /\b1[01]\d\d\b/.test(a.address ?? ""));
    expect(placed.length).toBe(zones.length);
  });
});
