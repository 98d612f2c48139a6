/**
 * Builds the committed directory (authorities/data/authorities.csv) from the
 * research sources in the shared folder. This is the only code that reads the
 * shared folder, and it runs only at build time:
 *
 *   npx tsx authorities/build/build-directory.ts [SHARED_DIR]
 *
 * SHARED_DIR defaults to ../shared relative to the repository root. The output
 * is deterministic: running it twice on the same sources gives the same bytes.
 * What comes from where, and every change made to the sources, is described in
 * authorities/data/PROVENANCE.md (written by hand, not by this script).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsv } from "../csv";
import { directoryRowsToCsv, validateDirectoryRow, type DirectoryRow } from "../directory-row";
import type { Kind, Language, Level, RegimeId, Region } from "../vocabulary";
import { slugify as slugText } from "../../core/text";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const sharedDir = path.resolve(process.argv[2] ?? path.join(repoRoot, "..", "shared"));
const sourceDir = path.join(sharedDir, "data", "authorities");
const outFile = path.join(repoRoot, "authorities", "data", "authorities.csv");

type Raw = Record<string, string>;
function readSource(name: string): Raw[] {
  return parseCsv(readFileSync(path.join(sourceDir, name), "utf8")).rows.map((r) => r.values);
}

/** ASCII slug: accents stripped, apostrophes and punctuation become hyphens. */
export function slugify(s: string): string {
  return slugText(s);
}

function normaliseZoneName(s: string): string {
  return slugify(s).replace(/-/g, " ");
}

const REGION_BY_CODE: Record<string, "flanders" | "wallonia" | "brussels"> = {
  "02000": "flanders",
  "03000": "wallonia",
  "04000": "brussels",
};

// Official English names of the provinces (general knowledge).
const PROVINCE_EN: Record<string, string> = {
  "10000": "Province of Antwerp",
  "20001": "Province of Flemish Brabant",
  "20002": "Province of Walloon Brabant",
  "30000": "Province of West Flanders",
  "40000": "Province of East Flanders",
  "50000": "Province of Hainaut",
  "60000": "Province of Liège",
  "70000": "Province of Limburg",
  "80000": "Province of Luxembourg",
  "90000": "Province of Namur",
};
const PROVINCE_LBLOD_NAME: Record<string, string> = {
  "10000": "Antwerpen",
  "20001": "Vlaams-Brabant",
  "30000": "West-Vlaanderen",
  "40000": "Oost-Vlaanderen",
  "70000": "Limburg",
};

// English exonyms of a few cities (general knowledge), so that English
// readers find them by the name they know.
const COMMUNE_EN: Record<string, string> = {
  "21004": "City of Brussels",
  "11002": "Antwerp",
  "44021": "Ghent",
  "31005": "Bruges",
  "35013": "Ostend",
};

// The police-zone source names Brussels zones in Dutch only; the French names
// are the zones' usual names (general knowledge, noted in PROVENANCE.md).
const BRUSSELS_ZONE_NAMES: Record<string, { nl: string; fr: string }> = {
  "Brussel HOOFDSTAD Elsene": { nl: "Brussel-Hoofdstad-Elsene", fr: "Bruxelles-Capitale-Ixelles" },
  "Brussel-West": { nl: "Brussel-West", fr: "Bruxelles-Ouest" },
  Zuid: { nl: "Zuid", fr: "Midi" },
  "Ukkel/Watermaal-Bosvoorde/Oudergem": { nl: "Ukkel/Watermaal-Bosvoorde/Oudergem", fr: "Uccle/Watermael-Boitsfort/Auderghem" },
  Montgomery: { nl: "Montgomery", fr: "Montgomery" },
  "Evere/Schaarbeek/Sint-Joost-ten-Node": { nl: "Schaarbeek/Sint-Joost-ten-Node/Evere", fr: "Schaerbeek/Saint-Josse-ten-Noode/Evere" },
};

// 2026 zone name -> 2023 lblod zone name, where the zone kept its communes but
// not its name.
const LBLOD_ZONE_ALIASES: Record<string, string> = {
  "Lanaken/Maasmechelen": "LaMa",
};

const FLEMISH_CANDIDATE_SOURCE =
  "flanders_municipality_emails_candidate.csv: candidate address from a public seed table (town_mail_addresses, repository unidentified); not verified";
const LBLOD_ZONE_SOURCE =
  "lblod/app-organization-portal (Agentschap Binnenlands Bestuur organisation portal), commit c133c4e, data of November 2023; not re-checked";

/** "CPAS de Liège", "CPAS d'Anderlecht", "CPAS du Rœulx", "CPAS des Bons Villers". */
export function cpasNameFr(communeFr: string): string {
  if (/^Le /.test(communeFr)) return `CPAS du ${communeFr.slice(3)}`;
  if (/^Les /.test(communeFr)) return `CPAS des ${communeFr.slice(4)}`;
  if (/^[AEIOUYÉÈÊÂÎÔ]/i.test(communeFr)) return `CPAS d’${communeFr}`;
  return `CPAS de ${communeFr}`;
}

function row(partial: Partial<DirectoryRow> & Pick<DirectoryRow, "slug" | "kind" | "level" | "region" | "regime" | "languages">): DirectoryRow {
  return {
    name_fr: null,
    name_nl: null,
    name_de: null,
    name_en: null,
    nis_code: null,
    kbo_number: null,
    parent_slug: null,
    website: null,
    email: null,
    email_source: null,
    email_verified: false,
    active: true,
    language_facilities: [],
    address: null,
    notes: null,
    ...partial,
  };
}

function joinNotes(...parts: Array<string | null | undefined | false>): string | null {
  const s = parts.filter((p): p is string => typeof p === "string" && p.trim() !== "").join(" ");
  return s === "" ? null : s;
}

function langs(s: string): Language[] {
  return s
    .split(/[;|]/)
    .map((x) => x.trim())
    .filter((x): x is Language => x === "fr" || x === "nl" || x === "de");
}

/**
 * Contacts seen on public pages (authorities/data/sourced-contacts.csv, kept
 * in this repository, one row per body with the URL each fact was seen on).
 */
type SourcedContact = { slug: string; email: string; address: string; website: string; source_url: string; seen_on: string; note: string };

function readSourcedContacts(): SourcedContact[] {
  const file = path.join(repoRoot, "authorities", "data", "sourced-contacts.csv");
  return parseCsv(readFileSync(file, "utf8")).rows.map((r) => r.values as SourcedContact);
}

/** "www.stad.gent" -> "stad.gent"; null for a malformed URL. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url.includes("://") ? url : `https://${url}`).hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return null;
  }
}

/**
 * True when `host` is `domain` or one of its subdomains: the page an address
 * was seen on belongs to the body itself (its website's domain, or the
 * domain of the address being verified).
 */
export function onDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * Overlays sourced contacts on the built rows. An e-mail is marked verified
 * only when the page it was seen on is on the body's own domain (its website,
 * or the e-mail's own domain); otherwise it is kept as unverified, with its
 * source. A sourced postal address replaces none that the registers gave.
 */
export function applySourcedContacts(rows: DirectoryRow[], contacts: SourcedContact[]): void {
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  for (const c of contacts) {
    const r = bySlug.get(c.slug);
    if (!r) throw new Error(`sourced-contacts.csv: unknown slug ${c.slug}`);
    const pageHost = hostOf(c.source_url);
    if (!pageHost) throw new Error(`sourced-contacts.csv: ${c.slug} has no valid source_url`);
    if (c.website && !r.website) r.website = c.website;
    const seen = `${c.source_url} (seen ${c.seen_on})`;
    if (c.email) {
      const emailDomain = c.email.split("@")[1]?.toLowerCase() ?? "";
      const siteHost = r.website ? hostOf(r.website) : null;
      const own = onDomain(pageHost, emailDomain) || (siteHost !== null && onDomain(pageHost, siteHost));
      if (!r.email_verified || r.email === c.email.toLowerCase()) {
        r.email = c.email.toLowerCase();
        // The page and the day; whether it is the body's own site is the verified flag.
        r.email_source = seen;
        r.email_verified = own;
      }
    }
    if (c.address && !r.address) r.address = c.address;
    const parts = [c.address && `Postal address from ${seen}.`, c.note];
    r.notes = joinNotes(r.notes, ...parts);
  }
}

function main() {
  const refnis = readSource("be_refnis2025_admin_units.csv");
  const zonesSrc = readSource("be_police_zones_municipalities.csv");
  const lblodLocal = readSource("flanders_local_gov_kbo_addresses_lblod_2022.csv");
  const lblodZones = readSource("flanders_police_and_emergency_zones_lblod_2023.csv");
  const emails = readSource("flanders_municipality_emails_candidate.csv");
  const bodies = readSource("be_federal_regional_bodies.csv");

  const rows: DirectoryRow[] = [];
  const municipalities = refnis.filter((r) => r.level === "municipality").sort((a, b) => a.nis_code.localeCompare(b.nis_code));
  const provinces = refnis.filter((r) => r.level === "province").sort((a, b) => a.nis_code.localeCompare(b.nis_code));

  // --- provinces -----------------------------------------------------------
  const provinceSlug = new Map<string, string>();
  for (const p of provinces) {
    const region = REGION_BY_CODE[p.region_code];
    const shortName = region === "flanders" ? p.name_nl.replace(/^Provincie /, "") : p.name_fr.replace(/^Province (de |du |d’|d')/, "");
    const slug = `province-${slugify(shortName)}`;
    provinceSlug.set(p.nis_code, slug);
    const lblod = PROVINCE_LBLOD_NAME[p.nis_code]
      ? lblodLocal.find((l) => l.type === "provincie" && l.name === PROVINCE_LBLOD_NAME[p.nis_code] && l.status_2022 === "active")
      : undefined;
    rows.push(
      row({
        slug,
        name_fr: p.name_fr,
        name_nl: p.name_nl,
        name_de: p.name_de,
        name_en: PROVINCE_EN[p.nis_code],
        kind: "province",
        level: "provincial",
        region,
        regime: region === "flanders" ? "flanders" : "wallonia",
        languages: region === "flanders" ? ["nl"] : ["fr"],
        nis_code: p.nis_code,
        kbo_number: lblod?.kbo_number || null,
        address: lblod?.address_2022 || null,
        notes: joinNotes(
          lblod && "KBO number and seat address from the Flemish organisation register (Wegwijs via lblod), 2022.",
          p.nis_code === "60000" &&
            "The German-speaking communes lie in this province; their access regime is the German-speaking Community's, not the province's.",
        ),
      }),
    );
  }

  // --- communes and CPAS ---------------------------------------------------
  const emailByNis = new Map(emails.filter((e) => e.nis_code).map((e) => [e.nis_code, e]));
  const lblodByNis2025 = new Map<string, Raw[]>();
  for (const l of lblodLocal) {
    if ((l.type === "gemeente" || l.type === "ocmw") && l.status_2022 === "active" && l.nis_code_2025) {
      const key = `${l.type}:${l.nis_code_2025}`;
      lblodByNis2025.set(key, [...(lblodByNis2025.get(key) ?? []), l]);
    }
  }
  const communeSlugByNis = new Map<string, string>();
  const communeNameByNis = new Map<string, { fr: string; nl: string; de: string; main: string }>();
  const used = new Set<string>();
  const claim = (slug: string, nis: string) => {
    const s = used.has(slug) ? `${slug}-${nis}` : slug;
    if (used.has(s)) throw new Error(`slug collision: ${s}`);
    used.add(s);
    return s;
  };
  for (const r of rows) used.add(r.slug);

  for (const m of municipalities) {
    const baseRegion = REGION_BY_CODE[m.region_code];
    const german = baseRegion === "wallonia" && m.main_language === "de";
    const region: Region = german ? "german_community" : baseRegion;
    const regime: RegimeId = german ? "german_community" : baseRegion;
    const languages: Language[] = baseRegion === "brussels" ? ["fr", "nl"] : german ? ["de"] : baseRegion === "flanders" ? ["nl"] : ["fr"];
    const facilities = langs(m.language_facilities_for);
    const slugName = baseRegion === "flanders" ? m.name_nl : german ? m.name_de : m.name_fr;
    const communeSlug = claim(`commune-${slugify(slugName)}`, m.nis_code);
    communeSlugByNis.set(m.nis_code, communeSlug);
    communeNameByNis.set(m.nis_code, { fr: m.name_fr, nl: m.name_nl, de: m.name_de, main: slugName });
    const parent = baseRegion === "brussels" ? null : provinceSlug.get(m.province_code) ?? null;

    const predecessors = m.merged_from_2019_codes ? m.merged_from_2019_codes.split(";") : [];
    const mergedNote =
      predecessors.length > 0
        ? `Merged municipality (${m.valid_from === "2024-12-02" ? "Walloon merger of 2 December 2024" : "2025 merger"}) of the former NIS codes ${predecessors.join(", ")}.`
        : null;
    const facilityNote = facilities.length > 0 ? `Language facilities for ${facilities.join(", ")} speakers.` : null;
    const germanNote = german ? "German-language area: access under the German-speaking Community decree of 16 October 1995." : null;

    // KBO and address: only where exactly one active 2022 entity maps to this
    // 2025 code and the municipality was not merged (a merger may have created a
    // new legal entity with a new number).
    const lg = lblodByNis2025.get(`gemeente:${m.nis_code}`) ?? [];
    const lo = lblodByNis2025.get(`ocmw:${m.nis_code}`) ?? [];
    const unmerged = predecessors.length === 0;
    const gKbo = unmerged && lg.length === 1 && !lg[0].merger_2025_note ? lg[0] : undefined;
    const oKbo = unmerged && lo.length === 1 && !lo[0].merger_2025_note ? lo[0] : undefined;
    const mergedKboNote = (list: Raw[]) =>
      !unmerged || list.some((l) => l.merger_2025_note)
        ? list.length > 0
          ? `KBO number unknown after the 2025 merger (2022 numbers of the predecessors: ${list.map((l) => `${l.name} ${l.kbo_number}`).join(", ")}).`
          : null
        : null;

    let email: string | null = null;
    let emailSource: string | null = null;
    let emailNote: string | null = null;
    const cand = emailByNis.get(m.nis_code);
    if (cand && cand.email) {
      if (/misspelt/.test(cand.quality_flag)) {
        emailNote = `The candidate e-mail list gives ${cand.email}, whose domain looks misspelt; left empty.`;
      } else {
        email = cand.email;
        emailSource = FLEMISH_CANDIDATE_SOURCE;
        if (cand.quality_flag) emailNote = `E-mail caveat: ${cand.quality_flag}.`;
      }
    }

    rows.push(
      row({
        slug: communeSlug,
        name_fr: m.name_fr,
        name_nl: m.name_nl,
        name_de: m.name_de,
        name_en: COMMUNE_EN[m.nis_code] ?? null,
        kind: "commune",
        level: "local",
        region,
        regime,
        languages,
        language_facilities: facilities,
        nis_code: m.nis_code,
        kbo_number: gKbo?.kbo_number || null,
        parent_slug: parent,
        email,
        email_source: emailSource,
        email_verified: false,
        address: gKbo?.address_2022 || null,
        notes: joinNotes(
          mergedNote,
          facilityNote,
          germanNote,
          gKbo && "KBO number and seat address from the Flemish organisation register (Wegwijs via lblod), 2022.",
          mergedKboNote(lg),
          emailNote,
        ),
      }),
    );

    const cpasPrefix = baseRegion === "flanders" ? "ocmw" : german ? "oshz" : "cpas";
    rows.push(
      row({
        slug: claim(`${cpasPrefix}-${slugify(slugName)}`, m.nis_code),
        name_fr: cpasNameFr(m.name_fr),
        name_nl: `OCMW ${m.name_nl}`,
        name_de: `ÖSHZ ${m.name_de}`,
        kind: "cpas",
        level: "local",
        region,
        regime,
        languages,
        language_facilities: facilities,
        nis_code: m.nis_code,
        kbo_number: oKbo?.kbo_number || null,
        parent_slug: communeSlug,
        address: oKbo?.address_2022 || null,
        notes: joinNotes(
          baseRegion === "flanders"
            ? "Public social welfare centre (OCMW); since 2019 integrated with the municipal administration, but still a separate legal person."
            : german
              ? "Öffentliches Sozialhilfezentrum (ÖSHZ) of the municipality."
              : "Public social welfare centre (CPAS/OCMW) of the municipality.",
          germanNote,
          oKbo && "KBO number and seat address from the Flemish organisation register (Wegwijs via lblod), 2022.",
          mergedKboNote(lo),
        ),
      }),
    );
  }

  // --- police zones --------------------------------------------------------
  // The 2023 lblod zones, with their communes mapped to 2025 NIS codes through
  // the lblod municipality list (name -> 2025 code).
  const nis2025ByLblodName = new Map<string, string>();
  for (const l of lblodLocal) if (l.type === "gemeente" && l.nis_code_2025) nis2025ByLblodName.set(l.name, l.nis_code_2025);
  for (const m of municipalities) if (REGION_BY_CODE[m.region_code] === "flanders") nis2025ByLblodName.set(m.name_nl, m.nis_code);
  const activeLblodZones = lblodZones.filter((z) => z.type === "politiezone" && z.status_2023 === "active");
  const lblodZoneByName = new Map(activeLblodZones.map((z) => [normaliseZoneName(z.name.replace(/^PZ /, "").split(":")[0]), z]));
  const lblodZoneCommunes = (z: Raw): Set<string> | null => {
    const list = z.name.split(":")[1];
    if (!list) return null;
    // The register separates names with non-breaking spaces.
    const names = list.replace(/\u00a0/g, " ").split(/, | en /).map((s) => s.trim());
    const codes = new Set<string>();
    for (const n of names) {
      const code = nis2025ByLblodName.get(n);
      if (!code) return null;
      codes.add(code);
    }
    return codes;
  };

  const zoneGroups = new Map<string, Raw[]>();
  for (const z of zonesSrc) zoneGroups.set(z.police_zone_name, [...(zoneGroups.get(z.police_zone_name) ?? []), z]);
  const zoneNames = [...zoneGroups.keys()].sort((a, b) => a.localeCompare(b, "en"));
  for (const zoneName of zoneNames) {
    const members = zoneGroups.get(zoneName)!;
    const region = REGION_BY_CODE[members[0].region_code];
    if (members.some((m) => REGION_BY_CODE[m.region_code] !== region)) throw new Error(`zone ${zoneName} spans regions`);
    const bx = region === "brussels" ? BRUSSELS_ZONE_NAMES[zoneName] : undefined;
    if (region === "brussels" && !bx) throw new Error(`no French name for Brussels zone ${zoneName}`);
    const nl = bx ? bx.nl : zoneName;
    const fr = bx ? bx.fr : zoneName;
    const languages: Language[] = region === "brussels" ? ["fr", "nl"] : region === "flanders" ? ["nl"] : ["fr"];
    const memberCodes = new Set(members.map((m) => m.nis_code));
    const communeList = members
      .map((m) => {
        const n = communeNameByNis.get(m.nis_code);
        if (!n) throw new Error(`zone ${zoneName}: unknown NIS ${m.nis_code}`);
        return n.main;
      })
      .join(", ");

    let lblod: Raw | undefined;
    let compositionNote: string | null = null;
    if (region === "flanders") {
      lblod = lblodZoneByName.get(normaliseZoneName(LBLOD_ZONE_ALIASES[zoneName] ?? zoneName));
      if (lblod) {
        const then = lblodZoneCommunes(lblod);
        const same = then !== null && then.size === memberCodes.size && [...then].every((c) => memberCodes.has(c));
        if (!same) {
          compositionNote = `The zone's communes changed since the 2023 register (then: ${lblod.name.split(":")[1]?.replace(/\u00a0/g, " ").trim() ?? "unknown"}); check the KBO number and e-mail.`;
        }
      }
    }
    rows.push(
      row({
        slug: claim(`police-zone-${slugify(fr)}`, zoneName),
        name_fr: `Zone de police ${fr}`,
        name_nl: `Politiezone ${nl}`,
        name_de: `Polizeizone ${region === "flanders" ? nl : fr}`,
        name_en: `Police zone ${region === "flanders" ? nl : fr}`,
        kind: "police_zone",
        level: "local",
        region,
        regime: "federal",
        languages,
        kbo_number: lblod?.kbo_number || null,
        website: lblod?.website || null,
        email: lblod?.email || null,
        email_source: lblod?.email ? LBLOD_ZONE_SOURCE : null,
        address: lblod?.address || null,
        notes: joinNotes(
          `Communes: ${communeList}.`,
          bx && "French name of the zone from general knowledge; the source names it in Dutch only.",
          lblod && `KBO number, contact data and address from the Flemish organisation register (lblod), 2023, entry "${lblod.name.split(":")[0]}".`,
          compositionNote,
          "Multi-commune police zones fall under the federal law of 11 April 1994 (art. 1, d) when exercising federal powers.",
        ),
      }),
    );
  }

  // --- Flemish emergency zones (lblod) -------------------------------------
  for (const z of lblodZones.filter((x) => x.type === "hulpverleningszone" && x.status_2023 === "active").sort((a, b) => a.name.localeCompare(b.name, "en"))) {
    const short = z.name.replace(/^HVZ /, "");
    rows.push(
      row({
        slug: claim(`emergency-zone-${slugify(short)}`, short),
        name_fr: `Zone de secours ${short}`,
        name_nl: `Hulpverleningszone ${short}`,
        name_de: `Hilfeleistungszone ${short}`,
        name_en: `Emergency zone ${short}`,
        kind: "emergency_zone",
        level: "local",
        region: "flanders",
        regime: "federal",
        languages: ["nl"],
        kbo_number: z.kbo_number || null,
        website: z.website || null,
        email: z.email ? z.email.toLowerCase() : null,
        email_source: z.email ? LBLOD_ZONE_SOURCE : null,
        address: z.address || null,
        notes: joinNotes(
          "KBO number, contact data and address from the Flemish organisation register (lblod), 2023.",
          "Emergency zones fall under the federal law of 11 April 1994 (art. 1, e) when exercising federal powers.",
        ),
      }),
    );
  }

  // --- federal, regional and community bodies ------------------------------
  const keyToSlug = (key: string): string => {
    if (key === "siamu-dbdmh") return "emergency-zone-siamu";
    if (key.startsWith("pz-")) return `police-zone-${key.slice(3)}`;
    if (key.startsWith("zs-")) return `emergency-zone-${key.slice(3)}`;
    return key;
  };
  const FRENCH_ONLY_BRUSSELS = new Set(["cocof", "parlement-francophone-bruxellois", "bruxelles-formation"]);
  for (const b of bodies) {
    const slug = claim(keyToSlug(b.key), b.key);
    const region = b.region_or_community as Region;
    let regime = b.access_regime as RegimeId;
    let regimeNote: string | null = null;
    if (b.key === "siamu-dbdmh") {
      regime = "federal";
      regimeNote =
        "Directory regime set to federal (law of 11 April 1994, art. 1 e, for emergency zones) as deadline-rules.md prescribes for emergency zones; the source marks it brussels because, as a Brussels regional body, the joint decree-ordinance of 16 May 2019 also applies.";
    }
    let languages: Language[];
    if (b.kind === "emergency_zone" || b.kind === "police_zone") {
      languages = region === "german_community" ? ["de"] : region === "brussels" ? ["fr", "nl"] : region === "flanders" ? ["nl"] : ["fr"];
    } else if (regime === "federal") languages = ["fr", "nl", "de"];
    else if (regime === "flanders") languages = ["nl"];
    else if (regime === "german_community") languages = ["de"];
    else if (regime === "brussels") languages = FRENCH_ONLY_BRUSSELS.has(b.key) ? ["fr"] : ["fr", "nl"];
    else languages = ["fr"];
    const verified = b.verified === "yes";
    rows.push(
      row({
        slug,
        name_fr: b.name_fr || null,
        name_nl: b.name_nl || null,
        name_de: b.name_de || null,
        name_en: b.name_en || null,
        kind: b.kind as Kind,
        level: b.level as Level,
        region,
        regime,
        languages,
        parent_slug: b.parent_key ? keyToSlug(b.parent_key) : null,
        website: b.website || null,
        email: b.email || null,
        email_source: b.email ? b.source : null,
        email_verified: Boolean(b.email) && verified,
        notes: joinNotes(
          b.notes,
          regimeNote,
          verified ? `Existence and name checked against: ${b.source}.` : `From general knowledge (${b.source || "no source"}); not verified.`,
          b.website && "Website not checked.",
        ),
      }),
    );
  }

  applySourcedContacts(rows, readSourcedContacts());

  // --- validate and write --------------------------------------------------
  rows.sort((a, b) => a.slug.localeCompare(b.slug, "en"));
  const slugs = new Set<string>();
  for (const [i, r] of rows.entries()) {
    if (slugs.has(r.slug)) throw new Error(`duplicate slug ${r.slug}`);
    slugs.add(r.slug);
    const v = validateDirectoryRow(r, i + 2);
    if (!v.ok) throw new Error(`row ${r.slug}: ${JSON.stringify(v.errors)}`);
  }
  for (const r of rows) {
    if (r.parent_slug && !slugs.has(r.parent_slug)) throw new Error(`row ${r.slug}: parent ${r.parent_slug} missing`);
  }
  writeFileSync(outFile, directoryRowsToCsv(rows));

  const count = <K extends keyof DirectoryRow>(k: K) =>
    rows.reduce<Record<string, number>>((acc, r) => {
      const key = String(r[k]);
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});
  console.log(
    JSON.stringify(
      {
        rows: rows.length,
        kind: count("kind"),
        regime: count("regime"),
        region: count("region"),
        email: rows.filter((r) => r.email).length,
        email_verified: rows.filter((r) => r.email_verified).length,
        kbo: rows.filter((r) => r.kbo_number).length,
      },
      null,
      2,
    ),
  );
}

main();
