import type { RegimeId } from "../authorities/vocabulary";

export type LetterLanguage = "fr" | "nl" | "de";

/**
 * How a request letter cites the law of each regime, in each language a
 * letter may be written in. The official titles; sources as in
 * authorities/regimes.ts (legalBasis). Article 32 of the Constitution is
 * cited by every letter.
 */
export const LAW_CITATION: Record<RegimeId, Record<LetterLanguage, string>> = {
  federal: {
    fr: "la loi du 11 avril 1994 relative à la publicité de l’administration",
    nl: "de wet van 11 april 1994 betreffende de openbaarheid van bestuur",
    de: "das Gesetz vom 11. April 1994 über die Öffentlichkeit der Verwaltung",
  },
  wallonia: {
    fr: "le décret du 30 mars 1995 relatif à la publicité de l’administration et les articles L3211-1 et suivants du Code de la démocratie locale et de la décentralisation",
    nl: "het decreet van 30 maart 1995 betreffende de openbaarheid van bestuur en de artikelen L3211-1 en volgende van het Wetboek van de plaatselijke democratie en de decentralisatie",
    de: "das Dekret vom 30. März 1995 über die Öffentlichkeit der Verwaltung und die Artikel L3211-1 ff. des Kodex der lokalen Demokratie und der Dezentralisierung",
  },
  brussels: {
    fr: "le décret et l’ordonnance conjoints du 16 mai 2019 relatifs à la publicité de l’administration dans les institutions bruxelloises",
    nl: "het gezamenlijk decreet en ordonnantie van 16 mei 2019 betreffende de openbaarheid van bestuur in de Brusselse instellingen",
    de: "das gemeinsame Dekret und die gemeinsame Ordonnanz vom 16. Mai 2019 über die Öffentlichkeit der Verwaltung in den Brüsseler Einrichtungen",
  },
  flanders: {
    fr: "le décret de gouvernance (Bestuursdecreet) du 7 décembre 2018, articles II.26 et suivants",
    nl: "het Bestuursdecreet van 7 december 2018, artikel II.26 en volgende",
    de: "das flämische Verwaltungsdekret (Bestuursdecreet) vom 7. Dezember 2018, Artikel II.26 ff.",
  },
  fwb: {
    fr: "le décret du 22 décembre 1994 relatif à la publicité de l’administration",
    nl: "het decreet van 22 december 1994 betreffende de openbaarheid van bestuur (Franse Gemeenschap)",
    de: "das Dekret vom 22. Dezember 1994 über die Öffentlichkeit der Verwaltung (Französische Gemeinschaft)",
  },
  german_community: {
    fr: "le décret du 16 octobre 1995 relatif à la publicité des documents administratifs (Communauté germanophone)",
    nl: "het decreet van 16 oktober 1995 betreffende de openbaarheid van bestuursdocumenten (Duitstalige Gemeenschap)",
    de: "das Dekret vom 16. Oktober 1995 über die Öffentlichkeit der Verwaltungsdokumente",
  },
};

export const CONSTITUTION: Record<LetterLanguage, string> = {
  fr: "l’article 32 de la Constitution",
  nl: "artikel 32 van de Grondwet",
  de: "Artikel 32 der Verfassung",
};
