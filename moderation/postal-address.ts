/**
 * Where the requester's postal address goes in the letter. Data plus a pure
 * function (STYLE 9): Dossier asks for the address only where the regime
 * needs it, and an automatic redaction rule keeps it out of everything
 * published (moderation/privacy.ts `setPostalAddress`).
 */
export type AddressNeed = "required" | "asked" | "not_needed";

export const POSTAL_ADDRESS_BY_REGIME: Record<string, { need: AddressNeed; source: string; verified: boolean }> = {
  brussels: {
    need: "required",
    source: "Joint decree and ordinance of 16 May 2019, art. 18 §2: the request states the applicant's name and address, the date and a signature (as published by the commune of Saint-Josse; the text itself not yet checked)",
    verified: false,
  },
  flanders: {
    need: "asked",
    source: "Bestuursdecreet of 7 December 2018, art. II.40: the request contains the applicant's name and address (whether an e-mail address suffices is unsettled, so Dossier asks without insisting)",
    verified: false,
  },
  federal: { need: "not_needed", source: "Law of 11 April 1994: no address required for an e-mail request", verified: false },
  wallonia: { need: "not_needed", source: "Decree of 30 March 1995: no address required", verified: false },
  fwb: { need: "not_needed", source: "Decree of 22 December 1994: no address required", verified: false },
  german_community: { need: "not_needed", source: "Decree of 16 October 1995: no address required", verified: false },
};

export function postalAddressNeed(regime: string): AddressNeed {
  return POSTAL_ADDRESS_BY_REGIME[regime]?.need ?? "not_needed";
}

/** Lines of an address worth a redaction rule each (a street line alone identifies a home). */
export function addressLines(address: string): string[] {
  const lines = address
    .split(/\r?\n|,(?=\s*\d{4}\b)/)
    .map((l) => l.trim().replace(/\s+/g, " "))
    .filter((l) => l.length >= 5);
  const whole = address.trim().replace(/\s+/g, " ");
  return [...new Set(lines.length > 1 ? [whole, ...lines] : [whole])].filter((l) => l.length >= 5);
}

export const POSTAL_ADDRESS_MAX = 300;

/** One address line per line, inner white space collapsed, empty lines dropped. */
export function normalizePostalAddress(address: string): string {
  return address
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\s+/g, " "))
    .filter(Boolean)
    .join("\n");
}
