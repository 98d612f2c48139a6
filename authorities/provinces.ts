/**
 * Belgium's ten provinces, and which one an authority lies in. The
 * directory has no province column; the province follows from what it
 * does hold:
 *
 * - the NIS code (Statbel REFNIS) of communes, CPAS and provinces: a
 *   commune's five-digit code starts with its arrondissement, whose first
 *   digit is the province, except in the 2xxxx block shared by
 *   Brussels-Capital (21, no province), Flemish Brabant (23, 24) and
 *   Walloon Brabant (25); provinces themselves are 10000…90000, with
 *   20001 (Flemish Brabant) and 20002 (Walloon Brabant);
 * - otherwise the postal code of a Belgian address (bpost's ranges by
 *   province), which is what police and emergency zones have.
 *
 * Brussels-Capital belongs to no province: its authorities have none. The
 * German-speaking communes (NIS 63xxx) are in the province of Liège.
 */

export const PROVINCES = ["antwerp", "limburg", "east_flanders", "west_flanders", "flemish_brabant", "walloon_brabant", "hainaut", "liege", "luxembourg", "namur"] as const;
export type Province = (typeof PROVINCES)[number];

export function isProvince(value: unknown): value is Province {
  return typeof value === "string" && (PROVINCES as readonly string[]).includes(value);
}

/** The region each province belongs to (for labels and sanity checks). */
export const PROVINCE_REGION: Record<Province, "flanders" | "wallonia"> = {
  antwerp: "flanders",
  limburg: "flanders",
  east_flanders: "flanders",
  west_flanders: "flanders",
  flemish_brabant: "flanders",
  walloon_brabant: "wallonia",
  hainaut: "wallonia",
  liege: "wallonia",
  luxembourg: "wallonia",
  namur: "wallonia",
};

/** Province by the first digit of a NIS code, outside the 2xxxx block. */
const NIS_FIRST_DIGIT: Record<string, Province> = {
  "1": "antwerp",
  "3": "west_flanders",
  "4": "east_flanders",
  "5": "hainaut",
  "6": "liege",
  "7": "limburg",
  "8": "luxembourg",
  "9": "namur",
};

/** The 2xxxx block, by arrondissement (21 Brussels-Capital has no province). */
const NIS_ARRONDISSEMENT_2: Record<string, Province> = { "23": "flemish_brabant", "24": "flemish_brabant", "25": "walloon_brabant" };

/** Provinces' own NIS codes in the 2xxxx block. */
const NIS_PROVINCE_CODES_2: Record<string, Province> = { "20001": "flemish_brabant", "20002": "walloon_brabant" };

/** Postal code ranges (inclusive) by province; 1000–1299 is Brussels-Capital. */
export const POSTAL_RANGES: readonly { from: number; to: number; province: Province | null }[] = [
  { from: 1000, to: 1299, province: null },
  { from: 1300, to: 1499, province: "walloon_brabant" },
  { from: 1500, to: 1999, province: "flemish_brabant" },
  { from: 2000, to: 2999, province: "antwerp" },
  { from: 3000, to: 3499, province: "flemish_brabant" },
  { from: 3500, to: 3999, province: "limburg" },
  { from: 4000, to: 4999, province: "liege" },
  { from: 5000, to: 5999, province: "namur" },
  { from: 6000, to: 6599, province: "hainaut" },
  { from: 6600, to: 6999, province: "luxembourg" },
  { from: 7000, to: 7999, province: "hainaut" },
  { from: 8000, to: 8999, province: "west_flanders" },
  { from: 9000, to: 9999, province: "east_flanders" },
];

export function provinceOfNisCode(nis: string | null | undefined): Province | null {
  const code = nis?.trim() ?? "";
  if (!/^\d{5}$/.test(code)) return null;
  if (code[0] === "2") return NIS_PROVINCE_CODES_2[code] ?? NIS_ARRONDISSEMENT_2[code.slice(0, 2)] ?? null;
  return NIS_FIRST_DIGIT[code[0]] ?? null;
}

export function provinceOfPostalCode(postalCode: number): Province | null {
  return POSTAL_RANGES.find((r) => postalCode >= r.from && postalCode <= r.to)?.province ?? null;
}

/** The postal code of an address written "street number, 9300 Aalst, België" (the last "NNNN Locality" part). */
export function postalCodeOf(address: string | null | undefined): number | null {
  if (!address) return null;
  const matches = [...address.matchAll(/(?:^|,)\s*(?:B-)?(\d{4})\s+\p{L}/gu)];
  if (matches.length === 0) return null;
  return Number(matches[matches.length - 1][1]);
}

/** The province of an authority, or null (Brussels-Capital, federal and regional bodies, unknown). */
export function provinceOf(authority: { nis_code: string | null; address: string | null }): Province | null {
  const byNis = provinceOfNisCode(authority.nis_code);
  if (byNis) return byNis;
  // A NIS code in Brussels-Capital settles it: no province, whatever the address says.
  if (/^21\d{3}$/.test(authority.nis_code?.trim() ?? "")) return null;
  const postal = postalCodeOf(authority.address);
  return postal === null ? null : provinceOfPostalCode(postal);
}
