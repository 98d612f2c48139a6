/**
 * The escalation route of each regime, as data with sources: which letters
 * the citizen sends, to whom, under which article, and how long the appeal
 * body has to decide. Article numbers and decision periods come from
 * law/belgian-access-law.md; `verified: false` marks what the research could
 * not confirm, and the wizard shows it as an assumption.
 */
import type { RegimeId } from "../../authorities/vocabulary";
import type { Locale } from "../../core/i18n/locales";

export type LetterLanguage = "fr" | "nl" | "de";

export type LetterKind =
  | "reminder"
  | "reconsideration"
  | "advice_request"
  | "appeal"
  | "registered_copy"
  | "environmental_appeal"
  | "ombudsman_complaint";

export interface DecisionPeriod {
  days: number;
  /** e.g. "+15 days when a hearing is held". */
  extension: Record<Locale, string> | null;
  source: string;
  verified: boolean;
}

export interface EscalationRoute {
  regime: RegimeId;
  /** federal_dual: reconsideration + CADA advice the same day; commission: one appeal; no_commission: explain, mediation only. */
  kind: "federal_dual" | "commission" | "no_commission";
  /** The appeal article, in the letter's language. */
  article: Record<LetterLanguage, string>;
  /** How long the appeal body has to decide (or advise), from receipt of the appeal; null when the law gives none we know. */
  decisionPeriod: DecisionPeriod | null;
  /** The appeal must also reach the authority by registered mail (Wallonia, art. 8bis al. 3). */
  registeredCopyToAuthority: boolean;
  /** What the law says when the decision did not mention the appeal route (the appeal letter cites it). */
  missingAppealNotice?: Record<LetterLanguage, string>;
}

export const ESCALATION_ROUTES: Record<RegimeId, EscalationRoute> = {
  federal: {
    regime: "federal",
    kind: "federal_dual",
    article: {
      fr: "l’article 8, § 2, de la loi du 11 avril 1994 relative à la publicité de l’administration",
      nl: "artikel 8, § 2, van de wet van 11 april 1994 betreffende de openbaarheid van bestuur",
      de: "Artikel 8 § 2 des Gesetzes vom 11. April 1994 über die Öffentlichkeit der Verwaltung",
    },
    decisionPeriod: {
      days: 30,
      extension: {
        fr: "puis l’autorité a 15 jours pour notifier sa décision",
        nl: "daarna heeft de overheid 15 dagen om haar beslissing mee te delen",
        de: "danach hat die Behörde 15 Tage, um ihre Entscheidung mitzuteilen",
        en: "then the authority has 15 days to notify its decision",
      },
      source: "Loi 11.04.1994, art. 8 §2 (research §3: advice within 30 days, decision 15 days later; unverified)",
      verified: false,
    },
    registeredCopyToAuthority: false,
  },
  wallonia: {
    regime: "wallonia",
    kind: "commission",
    article: {
      fr: "l’article 8bis du décret du 30 mars 1995 relatif à la publicité de l’administration et les articles L3211-1 et suivants du Code de la démocratie locale et de la décentralisation",
      nl: "artikel 8bis van het decreet van 30 maart 1995 betreffende de openbaarheid van bestuur",
      de: "Artikel 8bis des Dekrets vom 30. März 1995 über die Öffentlichkeit der Verwaltung",
    },
    decisionPeriod: {
      days: 30,
      extension: {
        fr: "prolongé de 15 jours en cas d’audition",
        nl: "verlengd met 15 dagen bij een hoorzitting",
        de: "bei einer Anhörung um 15 Tage verlängert",
        en: "extended by 15 days when a hearing is held",
      },
      source: "Décret 30.03.1995, art. 8quinquies §1 (base period unverified; +15 days after a hearing: CADA decisions 45/1, 405)",
      verified: false,
    },
    registeredCopyToAuthority: true,
  },
  brussels: {
    regime: "brussels",
    kind: "commission",
    article: {
      fr: "l’article 25 du décret et ordonnance conjoints du 16 mai 2019 relatifs à la publicité de l’administration dans les institutions bruxelloises",
      nl: "artikel 25 van het gezamenlijk decreet en ordonnantie van 16 mei 2019 betreffende de openbaarheid van bestuur in de Brusselse instellingen",
      de: "Artikel 25 des gemeinsamen Dekrets und der gemeinsamen Ordonnanz vom 16. Mai 2019",
    },
    decisionPeriod: null,
    registeredCopyToAuthority: false,
  },
  flanders: {
    regime: "flanders",
    kind: "commission",
    article: {
      fr: "l’article II.48 du décret de gouvernance (Bestuursdecreet) du 7 décembre 2018",
      nl: "artikel II.48 van het Bestuursdecreet van 7 december 2018",
      de: "Artikel II.48 des flämischen Verwaltungsdekrets (Bestuursdecreet) vom 7. Dezember 2018",
    },
    decisionPeriod: { days: 30, extension: null, source: "Bestuursdecreet art. II.50 §1 (partly verified)", verified: false },
    registeredCopyToAuthority: false,
    // Bestuursdecreet art. II.48 §1 al. 4 (verified; applied in OVB/2022/277).
    missingAppealNotice: {
      fr: "Conformément à l’article II.48, § 1er, alinéa 4, du décret de gouvernance, le délai de recours n’a dès lors pris cours que quatre mois après cette décision : le présent recours est introduit dans le délai.",
      nl: "Overeenkomstig artikel II.48, § 1, vierde lid, van het Bestuursdecreet neemt de beroepstermijn daarom pas vier maanden na die beslissing een aanvang: dit beroep is tijdig ingesteld.",
      de: "Gemäß Artikel II.48 § 1 Absatz 4 des flämischen Verwaltungsdekrets beginnt die Beschwerdefrist daher erst vier Monate nach dieser Entscheidung: Diese Beschwerde ist fristgerecht.",
    },
  },
  fwb: {
    regime: "fwb",
    kind: "commission",
    article: {
      fr: "l’article 8/1 du décret du 22 décembre 1994 relatif à la publicité de l’administration",
      nl: "artikel 8/1 van het decreet van 22 december 1994 betreffende de openbaarheid van bestuur",
      de: "Artikel 8/1 des Dekrets vom 22. Dezember 1994 über die Öffentlichkeit der Verwaltung",
    },
    decisionPeriod: null,
    registeredCopyToAuthority: false,
  },
  german_community: {
    regime: "german_community",
    kind: "no_commission",
    article: {
      fr: "le décret du 16 octobre 1995 relatif à la publicité des documents administratifs",
      nl: "het decreet van 16 oktober 1995 betreffende de openbaarheid van bestuursdocumenten",
      de: "das Dekret vom 16. Oktober 1995 über die Öffentlichkeit der Verwaltungsdokumente",
    },
    decisionPeriod: null,
    registeredCopyToAuthority: false,
  },
};

/** The environmental appeal bodies' own decision periods (research §9). */
export const ENVIRONMENTAL_DECISION_PERIODS: Record<string, DecisionPeriod> = {
  craie: {
    days: 30,
    extension: {
      fr: "prolongeable jusqu’à 45 jours",
      nl: "verlengbaar tot 45 dagen",
      de: "verlängerbar auf bis zu 45 Tage",
      en: "extendable to 45 days",
    },
    source: "Code de l’environnement, art. D.20.6 ff. (one month, at most 45 days)",
    verified: true,
  },
  "federal-appeal-environment": { days: 30, extension: null, source: "Loi 05.08.2006 (≈30 days, unverified)", verified: false },
};

export const ENVIRONMENTAL_ARTICLE: Record<string, Record<LetterLanguage, string>> = {
  craie: {
    fr: "l’article D.20.6 du Livre Ier du Code de l’environnement",
    nl: "artikel D.20.6 van Boek I van het Waalse Milieuwetboek",
    de: "Artikel D.20.6 von Buch I des Wallonischen Umweltgesetzbuches",
  },
  "federal-appeal-environment": {
    fr: "l’article 35 de la loi du 5 août 2006 relative à l’accès du public à l’information en matière d’environnement",
    nl: "artikel 35 van de wet van 5 augustus 2006 betreffende de toegang van het publiek tot milieu-informatie",
    de: "Artikel 35 des Gesetzes vom 5. August 2006 über den Zugang der Öffentlichkeit zu Umweltinformationen",
  },
};

/** The law under which the request was made, as cited in a reminder. */
export const LAW_WITH_DEADLINE: Record<RegimeId, Record<LetterLanguage, string>> = {
  federal: {
    fr: "l’article 6, § 5, de la loi du 11 avril 1994 relative à la publicité de l’administration",
    nl: "artikel 6, § 5, van de wet van 11 april 1994 betreffende de openbaarheid van bestuur",
    de: "Artikel 6 § 5 des Gesetzes vom 11. April 1994 über die Öffentlichkeit der Verwaltung",
  },
  wallonia: {
    fr: "le décret du 30 mars 1995 relatif à la publicité de l’administration et l’article L3231-3 du Code de la démocratie locale et de la décentralisation",
    nl: "het decreet van 30 maart 1995 betreffende de openbaarheid van bestuur en artikel L3231-3 van het Wetboek van de plaatselijke democratie en de decentralisatie",
    de: "das Dekret vom 30. März 1995 über die Öffentlichkeit der Verwaltung und Artikel L3231-3 des Kodex der lokalen Demokratie und der Dezentralisierung",
  },
  brussels: {
    fr: "l’article 20 du décret et ordonnance conjoints du 16 mai 2019 relatifs à la publicité de l’administration",
    nl: "artikel 20 van het gezamenlijk decreet en ordonnantie van 16 mei 2019 betreffende de openbaarheid van bestuur",
    de: "Artikel 20 des gemeinsamen Dekrets und der gemeinsamen Ordonnanz vom 16. Mai 2019",
  },
  flanders: {
    fr: "les articles II.43 et II.44 du décret de gouvernance (Bestuursdecreet) du 7 décembre 2018",
    nl: "de artikelen II.43 en II.44 van het Bestuursdecreet van 7 december 2018",
    de: "die Artikel II.43 und II.44 des flämischen Verwaltungsdekrets vom 7. Dezember 2018",
  },
  fwb: {
    fr: "l’article 6, § 5, du décret du 22 décembre 1994 relatif à la publicité de l’administration",
    nl: "artikel 6, § 5, van het decreet van 22 december 1994 betreffende de openbaarheid van bestuur",
    de: "Artikel 6 § 5 des Dekrets vom 22. Dezember 1994 über die Öffentlichkeit der Verwaltung",
  },
  german_community: {
    fr: "le décret du 16 octobre 1995 relatif à la publicité des documents administratifs",
    nl: "het decreet van 16 oktober 1995 betreffende de openbaarheid van bestuursdocumenten",
    de: "das Dekret vom 16. Oktober 1995 über die Öffentlichkeit der Verwaltungsdokumente",
  },
};

/** The language of letters to an appeal body: the request's when the body takes several, else the body's own. */
export function appealBodyLanguage(regime: RegimeId, requestLanguage: LetterLanguage): LetterLanguage {
  switch (regime) {
    case "federal":
      return requestLanguage;
    case "brussels":
      return requestLanguage === "nl" ? "nl" : "fr";
    case "flanders":
      return "nl";
    case "german_community":
      return "de";
    default:
      return "fr";
  }
}
