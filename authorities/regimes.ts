/**
 * The access regimes as data. Each rule carries its legal source and whether
 * it is verified against that source; an unverified rule is shown to users as
 * an assumption. The specification is law/deadline-rules.md (shared research),
 * whose background, with a confidence tag for every fact, is
 * law/belgian-access-law.md. Where the law is unclear the table takes the
 * reading that is safe for the citizen: the authority's deadline is the latest
 * plausible date, the citizen's own appeal deadline the earliest.
 *
 * Administrators may override this table (see `withOverrides`); the deadline
 * functions take the table as a parameter for that reason.
 */
import type { RegimeId } from "./vocabulary";
import { REGIME_IDS } from "./vocabulary";
import type { Locale } from "../core/i18n/locales";

export type { Locale };
export type Localized = Record<Locale, string>;

export interface Rule<T> {
  value: T;
  /** Where the rule comes from (article, decision, or the research file). */
  source: string;
  /** False when the rule rests on an unverified fact: show it as an assumption. */
  verified: boolean;
  note?: string;
}

export type DayUnit = "calendar" | "working";

export interface Period {
  days: number;
  unit: DayUnit;
}

/** How the citizen's appeal deadline is computed. */
export type AppealPeriod =
  | { kind: "days_after"; days: number }
  /** No date is computed: why not. */
  | { kind: "none"; reason: "no_statutory_deadline" | "no_period_runs" | "not_computed" };

export interface RefusalAppealPeriod {
  base: AppealPeriod;
  /**
   * When the decision does not mention the appeal route, the period starts
   * later (Flanders: S + 4 months, then the 30 days).
   */
  withoutAppealNotice?: { months: number; days: number };
}

/** A fixed day of the year, `MM-DD`, that is not a working day of a regime. */
export interface FixedDay {
  monthDay: string;
  name: Localized;
  /** Only in this year (a one-off closure an administrator added); every year when absent. */
  year?: number;
}

export interface Regime {
  id: RegimeId;
  name: Localized;
  legalBasis: Rule<string>;
  appliesTo: Localized;
  due: Rule<Period>;
  extendedDue: Rule<Period>;
  /**
   * Calendar-day deadlines that land on a non-working day move to the next
   * working day (authority's deadline only; the citizen's are never moved).
   */
  rollForward: Rule<boolean>;
  /** The day of receipt is not counted; counting starts the next day. */
  countingStart: Rule<"day_after_receipt" | "day_after_registration">;
  extraNonWorkingDays: Rule<FixedDay[]>;
  /** Shown as "offices may be closed"; never moves a computed date. */
  officesMayBeClosed: Rule<FixedDay[]>;
  /** Id of the appeal body (see appeal-bodies.ts); also its directory slug where it has one. */
  appealBody: Rule<string>;
  appealBinding: Rule<boolean>;
  appealAfterSilence: Rule<AppealPeriod>;
  appealAfterRefusal: Rule<RefusalAppealPeriod>;
  /** The federal appeal: reconsideration to the authority and CADA advice, the same day. */
  simultaneousReconsideration: boolean;
  /** Languages a request may be written in; "citizen's choice" when several. */
  requestLanguages: Rule<Array<"fr" | "nl" | "de">>;
}

const RESEARCH = "law/belgian-access-law.md";
const SPEC = "law/deadline-rules.md";

const DAY = {
  may8: { monthDay: "05-08", name: { fr: "Fête de l’Iris (8 mai)", nl: "Irisfeest (8 mei)", de: "Irisfest (8. Mai)", en: "Iris Day (8 May)" } },
  nov2: { monthDay: "11-02", name: { fr: "Jour des défunts (2 novembre)", nl: "Allerzielen (2 november)", de: "Allerseelen (2. November)", en: "All Souls’ Day (2 November)" } },
  nov15: { monthDay: "11-15", name: { fr: "Fête du Roi (15 novembre)", nl: "Koningsdag (15 november)", de: "Festtag des Königs (15. November)", en: "King’s Feast (15 November)" } },
  dec26: { monthDay: "12-26", name: { fr: "Lendemain de Noël (26 décembre)", nl: "Tweede kerstdag (26 december)", de: "Zweiter Weihnachtstag (26. Dezember)", en: "Boxing Day (26 December)" } },
  jul11: { monthDay: "07-11", name: { fr: "Fête de la Communauté flamande (11 juillet)", nl: "Feestdag van de Vlaamse Gemeenschap (11 juli)", de: "Feiertag der Flämischen Gemeinschaft (11. Juli)", en: "Flemish Community Day (11 July)" } },
  sep27: { monthDay: "09-27", name: { fr: "Fête de la Fédération Wallonie-Bruxelles (27 septembre)", nl: "Feestdag van de Franse Gemeenschap (27 september)", de: "Feiertag der Französischen Gemeinschaft (27. September)", en: "French Community Day (27 September)" } },
  nov15dg: { monthDay: "11-15", name: { fr: "Fête de la Communauté germanophone (15 novembre)", nl: "Feestdag van de Duitstalige Gemeenschap (15 november)", de: "Tag der Deutschsprachigen Gemeinschaft (15. November)", en: "German-speaking Community Day (15 November)" } },
} satisfies Record<string, FixedDay>;

const noExtraDays: Rule<FixedDay[]> = { value: [], source: `${SPEC}, "Non-working days"`, verified: true };
const calendarRollForward: Rule<boolean> = {
  value: true,
  source: `${SPEC}; Code judiciaire art. 53 applied by analogy (${RESEARCH} §11.2)`,
  verified: false,
  note: "No text says so for administrative access deadlines; moving the date forward is the reading that never tells a citizen to escalate too early.",
};

export const REGIMES: Record<RegimeId, Regime> = {
  federal: {
    id: "federal",
    name: { fr: "Régime fédéral", nl: "Federale regeling", de: "Föderale Regelung", en: "Federal regime" },
    legalBasis: { value: "Loi du 11 avril 1994 relative à la publicité de l’administration (réformée en 2024)", source: `wetwijzer.be consolidated text (${RESEARCH} §3)`, verified: true },
    appliesTo: {
      fr: "Services et institutions fédéraux ; zones de police et zones de secours",
      nl: "Federale diensten en instellingen; politiezones en hulpverleningszones",
      de: "Föderale Dienste und Einrichtungen; Polizeizonen und Hilfeleistungszonen",
      en: "Federal services and institutions; police zones and emergency zones",
    },
    due: { value: { days: 30, unit: "calendar" }, source: "Loi 11.04.1994, art. 6 §5; CADA advice 2009-18", verified: true },
    extendedDue: { value: { days: 45, unit: "calendar" }, source: "Loi 11.04.1994, art. 6 §5 (deferral of at most 15 days)", verified: false, note: "Partly verified: the identical wording is confirmed in the Walloon text." },
    rollForward: calendarRollForward,
    countingStart: { value: "day_after_receipt", source: `${RESEARCH} §11.1`, verified: false },
    extraNonWorkingDays: noExtraDays,
    officesMayBeClosed: { value: [DAY.nov15], source: `${RESEARCH} §11.3 (federal civil servants, Le Vif)`, verified: true },
    appealBody: { value: "cada-federal", source: "Loi 11.04.1994, art. 8 §2", verified: true },
    appealBinding: { value: false, source: "ibz.rrn.fgov.be; CADA advisory status (journalist.be 2022)", verified: true },
    appealAfterSilence: { value: { kind: "none", reason: "no_statutory_deadline" }, source: "CADA advice 2018-71", verified: true },
    appealAfterRefusal: { value: { base: { kind: "none", reason: "no_statutory_deadline" } }, source: "CADA advice 2018-71", verified: true },
    simultaneousReconsideration: true,
    requestLanguages: { value: ["fr", "nl", "de"], source: "Lois coordonnées sur l’emploi des langues, art. 41", verified: false },
  },
  wallonia: {
    id: "wallonia",
    name: { fr: "Régime wallon", nl: "Waalse regeling", de: "Wallonische Regelung", en: "Walloon regime" },
    legalBasis: { value: "Décret du 30 mars 1995 relatif à la publicité de l’administration ; CDLD art. L3211-1 et suivants pour les pouvoirs locaux", source: `${RESEARCH} §4`, verified: true },
    appliesTo: {
      fr: "Région wallonne ; communes, CPAS, provinces et intercommunales wallonnes (sauf les 9 communes germanophones)",
      nl: "Waals Gewest; Waalse gemeenten, OCMW’s, provincies en intercommunales (behalve de 9 Duitstalige gemeenten)",
      de: "Wallonische Region; wallonische Gemeinden, ÖSHZ, Provinzen und Interkommunalen (außer den 9 deutschsprachigen Gemeinden)",
      en: "Walloon Region; Walloon communes, CPAS, provinces and intermunicipal bodies (not the 9 German-speaking communes)",
    },
    due: { value: { days: 30, unit: "calendar" }, source: "CDLD art. L3231-3 (CADA decision 586); décret 30.03.1995", verified: true },
    extendedDue: { value: { days: 45, unit: "calendar" }, source: "CDLD art. L3231-3 (never more than 15 more days)", verified: true },
    rollForward: calendarRollForward,
    countingStart: { value: "day_after_receipt", source: `${RESEARCH} §11.1`, verified: false },
    extraNonWorkingDays: noExtraDays,
    officesMayBeClosed: { value: [], source: SPEC, verified: true },
    appealBody: { value: "cada-wallonia", source: "Décret 30.03.1995, art. 8bis (as reformed 02.05.2019)", verified: true },
    appealBinding: { value: true, source: "Décret du 2 mai 2019 (UVCW 2.09.2019)", verified: true },
    appealAfterSilence: { value: { kind: "days_after", days: 30 }, source: "cada-wb.be: 30 days from the day after the authority's deadline", verified: true },
    appealAfterRefusal: { value: { base: { kind: "days_after", days: 30 } }, source: "cada-wb.be: 30 days from the day after notification", verified: true },
    simultaneousReconsideration: false,
    requestLanguages: { value: ["fr"], source: "Lois coordonnées sur l’emploi des langues, art. 12", verified: true },
  },
  brussels: {
    id: "brussels",
    name: { fr: "Régime bruxellois", nl: "Brusselse regeling", de: "Brüsseler Regelung", en: "Brussels regime" },
    legalBasis: { value: "Décret et ordonnance conjoints du 16 mai 2019 relatifs à la publicité de l’administration", source: `etaamb.be (${RESEARCH} §5)`, verified: true },
    appliesTo: {
      fr: "Région de Bruxelles-Capitale, COCOM, COCOF ; les 19 communes et leurs CPAS ; intercommunales bruxelloises",
      nl: "Brussels Hoofdstedelijk Gewest, GGC, COCOF; de 19 gemeenten en hun OCMW’s; Brusselse intercommunales",
      de: "Region Brüssel-Hauptstadt, GGK, COCOF; die 19 Gemeinden und ihre ÖSHZ; Brüsseler Interkommunalen",
      en: "Brussels-Capital Region, COCOM, COCOF; the 19 communes and their CPAS; Brussels intermunicipal bodies",
    },
    due: { value: { days: 20, unit: "working" }, source: "Joint decree-ordinance 16.05.2019, art. 20 (1030.be)", verified: true },
    extendedDue: { value: { days: 40, unit: "working" }, source: "Joint decree-ordinance 16.05.2019, art. 20 (1030.be)", verified: true },
    rollForward: { value: false, source: SPEC, verified: true, note: "A count of working days always ends on a working day." },
    countingStart: {
      value: "day_after_receipt",
      source: `${RESEARCH} §11.1, §11.3`,
      verified: false,
      note: "The text's definition and start of “jours ouvrables” were not found; Monday–Friday from the day after receipt is the latest plausible reading.",
    },
    extraNonWorkingDays: {
      value: [DAY.may8, DAY.nov2, DAY.nov15, DAY.dec26],
      source: "Brussels regional staff statute 2018, art. 186 (talentanalytics.brussels)",
      verified: false,
      note: "Verified for Brussels regional services; assumed for the communes and CPAS (communal staff days off).",
    },
    officesMayBeClosed: { value: [], source: SPEC, verified: true },
    appealBody: { value: "cada-brussels", source: "Joint decree-ordinance 16.05.2019, art. 25 (be.brussels)", verified: true },
    appealBinding: { value: true, source: "be.brussels CADA pages", verified: true },
    appealAfterSilence: { value: { kind: "days_after", days: 30 }, source: `${SPEC} (assumption; art. 25 as amended 16.05.2024 not checked)`, verified: false },
    appealAfterRefusal: { value: { base: { kind: "days_after", days: 30 } }, source: `${SPEC} (assumption; art. 25 as amended 16.05.2024 not checked)`, verified: false },
    simultaneousReconsideration: false,
    requestLanguages: { value: ["fr", "nl"], source: "Lois coordonnées sur l’emploi des langues, art. 19", verified: false },
  },
  flanders: {
    id: "flanders",
    name: { fr: "Régime flamand", nl: "Vlaamse regeling", de: "Flämische Regelung", en: "Flemish regime" },
    legalBasis: { value: "Bestuursdecreet van 7 december 2018, art. II.26–II.51", source: `navigator.emis.vito.be (${RESEARCH} §6)`, verified: true },
    appliesTo: {
      fr: "Communauté et Région flamandes ; provinces, communes et OCMW flamands",
      nl: "Vlaamse Gemeenschap en Vlaams Gewest; Vlaamse provincies, gemeenten en OCMW’s",
      de: "Flämische Gemeinschaft und Region; flämische Provinzen, Gemeinden und ÖSHZ",
      en: "Flemish Community and Region; Flemish provinces, communes and OCMW",
    },
    due: { value: { days: 20, unit: "calendar" }, source: "Bestuursdecreet art. II.43 §1, II.44", verified: true },
    extendedDue: { value: { days: 40, unit: "calendar" }, source: "Bestuursdecreet art. II.43 §3, II.44", verified: true },
    rollForward: { ...calendarRollForward, note: "Art. II.30 says the period ends at 24:00 on the last day and has no roll-over; moving forward is the platform's safe reading for the authority's deadline." },
    countingStart: { value: "day_after_registration", source: "Bestuursdecreet art. II.30", verified: true, note: "Without a registration date the platform counts from the day after receipt." },
    extraNonWorkingDays: noExtraDays,
    officesMayBeClosed: { value: [DAY.jul11], source: `${RESEARCH} §11.3 (Flemish staff)`, verified: false },
    appealBody: { value: "beroepsinstantie-ovb", source: "Bestuursdecreet art. II.48", verified: true },
    appealBinding: { value: true, source: "Bestuursdecreet art. II.48–II.50", verified: true },
    appealAfterSilence: { value: { kind: "none", reason: "no_period_runs" }, source: "Bestuursdecreet art. II.48 §1 (“neemt geen aanvang bij ontstentenis van een beslissing”)", verified: true },
    appealAfterRefusal: {
      value: { base: { kind: "days_after", days: 30 }, withoutAppealNotice: { months: 4, days: 30 } },
      source: "Bestuursdecreet art. II.48 §1 al. 4; Beroepsinstantie OVB/2022/277",
      verified: true,
    },
    simultaneousReconsideration: false,
    requestLanguages: { value: ["nl"], source: "Lois coordonnées sur l’emploi des langues, art. 12", verified: true },
  },
  fwb: {
    id: "fwb",
    name: { fr: "Régime de la Fédération Wallonie-Bruxelles", nl: "Regeling van de Federatie Wallonië-Brussel", de: "Regelung der Föderation Wallonie-Brüssel", en: "Wallonia-Brussels Federation regime" },
    legalBasis: { value: "Décret du 22 décembre 1994 relatif à la publicité de l’administration", source: `cada.cfwb.be (${RESEARCH} §7)`, verified: true },
    appliesTo: {
      fr: "Fédération Wallonie-Bruxelles (Communauté française) et ses organismes",
      nl: "Federatie Wallonië-Brussel (Franse Gemeenschap) en haar instellingen",
      de: "Föderation Wallonie-Brüssel (Französische Gemeinschaft) und ihre Einrichtungen",
      en: "Wallonia-Brussels Federation (French Community) and its bodies",
    },
    due: { value: { days: 30, unit: "calendar" }, source: "Décret 22.12.1994, art. 6 §5", verified: true },
    extendedDue: { value: { days: 45, unit: "calendar" }, source: `${SPEC} (assumption, by analogy with the 1994/1995 texts)`, verified: false },
    rollForward: calendarRollForward,
    countingStart: { value: "day_after_receipt", source: `${RESEARCH} §11.1`, verified: false },
    extraNonWorkingDays: noExtraDays,
    officesMayBeClosed: { value: [DAY.sep27], source: `${RESEARCH} §11.3`, verified: false },
    appealBody: { value: "cada-fwb", source: "Décret 22.12.1994, art. 8/1", verified: true },
    appealBinding: { value: true, source: "Décret du 14 mars 2019 (cada.cfwb.be)", verified: true },
    appealAfterSilence: { value: { kind: "days_after", days: 60 }, source: "cada.cfwb.be: 60 days from the day after the 30-day deadline", verified: true },
    appealAfterRefusal: { value: { base: { kind: "days_after", days: 60 } }, source: "cada.cfwb.be: 60 days from the day after the refusal", verified: true },
    simultaneousReconsideration: false,
    requestLanguages: { value: ["fr"], source: `${RESEARCH} §10`, verified: false },
  },
  german_community: {
    id: "german_community",
    name: { fr: "Régime de la Communauté germanophone", nl: "Regeling van de Duitstalige Gemeenschap", de: "Regelung der Deutschsprachigen Gemeinschaft", en: "German-speaking Community regime" },
    legalBasis: { value: "Dekret vom 16. Oktober 1995 über die Öffentlichkeit der Verwaltungsdokumente", source: `Levigo avocats 2025 (${RESEARCH} §8)`, verified: true },
    appliesTo: {
      fr: "Communauté germanophone et ses organismes ; ses 9 communes et leurs CPAS",
      nl: "Duitstalige Gemeenschap en haar instellingen; haar 9 gemeenten en hun OCMW’s",
      de: "Deutschsprachige Gemeinschaft und ihre Einrichtungen; ihre 9 Gemeinden und deren ÖSHZ",
      en: "German-speaking Community and its bodies; its 9 communes and their CPAS",
    },
    due: { value: { days: 30, unit: "calendar" }, source: "Dekret 16.10.1995 (Levigo)", verified: true },
    extendedDue: { value: { days: 45, unit: "calendar" }, source: `${SPEC} (assumption, by analogy with the 1994/1995 texts)`, verified: false },
    rollForward: calendarRollForward,
    countingStart: { value: "day_after_receipt", source: `${RESEARCH} §11.1`, verified: false },
    extraNonWorkingDays: noExtraDays,
    officesMayBeClosed: { value: [DAY.nov15dg], source: `${RESEARCH} §11.3`, verified: false },
    appealBody: { value: "dg-ombudsdienst", source: "dg-ombudsdienst.be (mediation; no access commission)", verified: false, note: "That the DG has no access commission is partly verified (truncated source)." },
    appealBinding: { value: false, source: "dg-ombudsdienst.be", verified: true },
    appealAfterSilence: { value: { kind: "none", reason: "not_computed" }, source: SPEC, verified: false },
    appealAfterRefusal: { value: { base: { kind: "none", reason: "not_computed" } }, source: SPEC, verified: false },
    simultaneousReconsideration: false,
    requestLanguages: { value: ["de"], source: "Lois coordonnées sur l’emploi des langues, art. 12", verified: false },
  },
};

export type RegimeTable = Record<RegimeId, Regime>;

export function isRegimeId(value: string): value is RegimeId {
  return (REGIME_IDS as readonly string[]).includes(value);
}

export function getRegime(id: RegimeId, table: RegimeTable = REGIMES): Regime {
  return table[id];
}

/** The rules of a regime that are assumptions (not verified), with their sources. */
export function assumptionsOf(regime: Regime): Array<{ rule: string; source: string; note?: string }> {
  const out: Array<{ rule: string; source: string; note?: string }> = [];
  for (const [key, value] of Object.entries(regime)) {
    if (value && typeof value === "object" && "verified" in value && "source" in value) {
      const r = value as Rule<unknown>;
      if (!r.verified) out.push({ rule: key, source: r.source, note: r.note });
    }
  }
  return out;
}

/**
 * A copy of the table with some rules replaced (for an administrator's
 * correction stored in the database). Unknown regimes or rules are ignored.
 */
export function withOverrides(
  overrides: Partial<Record<RegimeId, Partial<Regime>>>,
  table: RegimeTable = REGIMES,
): RegimeTable {
  const out = { ...table };
  for (const id of REGIME_IDS) {
    const o = overrides[id];
    if (o) out[id] = { ...table[id], ...o, id };
  }
  return out;
}
