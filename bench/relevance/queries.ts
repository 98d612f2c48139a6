import type { JudgedQuery } from "./types";

/**
 * What a reader typing each query expects in the first ten results, graded
 * by meaning (2: what the reader is after; 1: related, useful), written
 * from the documents' text, not from any engine's output. Documents not
 * listed count as not relevant (the filler replies among them).
 */
export const judgedQueries: JudgedQuery[] = [
  // French
  { lang: "fr", q: "budget", expected: { "fr-budget-namur-2019": 2, "fr-budget-cpas": 2, "fr-budget-liege-mb": 2, "fr-comptes-mons": 1, "fr-piscine-fermeture": 1, "fr-police-effectifs": 1 } },
  { lang: "fr", q: "budget communal", expected: { "fr-budget-namur-2019": 2, "fr-budget-liege-mb": 1, "fr-comptes-mons": 1, "fr-budget-cpas": 1, "fr-piscine-fermeture": 1 } },
  { lang: "fr", q: "modifications budgétaires", expected: { "fr-budget-liege-mb": 2, "fr-budget-namur-2019": 1 } },
  { lang: "fr", q: "enregistrées", expected: { "fr-cameras-enregistrees": 2, "fr-enregistrements-video": 2, "fr-police-rapport-annuel": 1, "fr-conseil-pv-uccle": 1 } },
  { lang: "fr", q: "enregistrement des séances", expected: { "fr-enregistrements-video": 2, "fr-conseil-pv-uccle": 2 } },
  { lang: "fr", q: "l'accès", expected: { "fr-acces-documents-refus": 2, "fr-cada-avis": 2, "fr-logiciel-utilise": 1 } },
  { lang: "fr", q: "l’accès aux documents", expected: { "fr-acces-documents-refus": 2, "fr-cada-avis": 2 } },
  { lang: "fr", q: "acces", expected: { "fr-acces-documents-refus": 2, "fr-cada-avis": 2, "fr-logiciel-utilise": 1 } },
  { lang: "fr", q: "permis d'urbanisme", expected: { "fr-permis-urbanisme-wavre": 2 } },
  { lang: "fr", q: "permis", expected: { "fr-permis-urbanisme-wavre": 2, "fr-permis-environnement-carriere": 2, "fr-permis-refus-eolien": 2 } },
  { lang: "fr", q: "éoliennes", expected: { "fr-permis-refus-eolien": 2 } },
  { lang: "fr", q: "procès-verbal du conseil communal", expected: { "fr-conseil-pv-ixelles": 2, "fr-conseil-pv-uccle": 2, "fr-steele-conseil": 1 } },
  { lang: "fr", q: "conseil communal", expected: { "fr-conseil-pv-ixelles": 2, "fr-conseil-pv-uccle": 2, "fr-budget-namur-2019": 1, "fr-enregistrements-video": 1, "fr-steele-conseil": 1, "fr-comptes-mons": 1, "fr-budget-liege-mb": 1 } },
  { lang: "fr", q: "zone de police rapport annuel", expected: { "fr-police-rapport-annuel": 2, "fr-police-effectifs": 1, "fr-police-radars": 1 } },
  { lang: "fr", q: "radars", expected: { "fr-police-radars": 2, "fr-police-rapport-annuel": 1 } },
  { lang: "fr", q: "heures supplémentaires policiers", expected: { "fr-police-effectifs": 2 } },
  { lang: "fr", q: "données utilisées", expected: { "fr-donnees-utilisees": 2, "fr-logiciel-utilise": 1 } },
  { lang: "fr", q: "utilisé", expected: { "fr-logiciel-utilise": 2, "fr-donnees-utilisees": 2 } },
  { lang: "fr", q: "marché public voiries", expected: { "fr-marche-public-voirie": 2, "fr-cada-avis": 1 } },
  { lang: "fr", q: "subventions associations", expected: { "fr-subsides-associations": 2 } },
  { lang: "fr", q: "qualité de l'air écoles", expected: { "fr-pollution-air": 2 } },
  { lang: "fr", q: "piscine", expected: { "fr-piscine-fermeture": 2 } },
  { lang: "fr", q: "logements sociaux liste d'attente", expected: { "fr-logement-social": 2 } },
  { lang: "fr", q: "frais des mandataires", expected: { "fr-frais-mandataires": 2 } },

  // Dutch
  { lang: "nl", q: "begroting", expected: { "nl-begroting-gent-2019": 2, "nl-begrotingswijziging-antwerpen": 1, "nl-jaarrekening-leuven": 1 } },
  { lang: "nl", q: "meerjarenplan", expected: { "nl-begroting-gent-2019": 2, "nl-begrotingswijziging-antwerpen": 2, "nl-zwembad-sluiting": 1 } },
  { lang: "nl", q: "jaarrekening", expected: { "nl-jaarrekening-leuven": 2 } },
  { lang: "nl", q: "vergunning", expected: { "nl-vergunning-terras": 2, "nl-bouwvergunning-school": 2, "nl-omgevingsvergunning-brugge": 2, "nl-omgevingsvergunning-windturbines": 2 } },
  { lang: "nl", q: "vergunningen", expected: { "nl-vergunning-terras": 2, "nl-bouwvergunning-school": 2, "nl-omgevingsvergunning-brugge": 2, "nl-omgevingsvergunning-windturbines": 2 } },
  { lang: "nl", q: "omgevingsvergunning", expected: { "nl-omgevingsvergunning-brugge": 2, "nl-omgevingsvergunning-windturbines": 2 } },
  { lang: "nl", q: "windturbines", expected: { "nl-omgevingsvergunning-windturbines": 2 } },
  { lang: "nl", q: "notulen gemeenteraad", expected: { "nl-notulen-gemeenteraad-hasselt": 2, "nl-notulen-schepencollege": 1, "nl-steele-raadslid": 1 } },
  { lang: "nl", q: "gemeenteraad", expected: { "nl-notulen-gemeenteraad-hasselt": 2, "nl-begroting-gent-2019": 1, "nl-begrotingswijziging-antwerpen": 1, "nl-jaarrekening-leuven": 1, "nl-zwembad-sluiting": 1, "nl-steele-raadslid": 1 } },
  { lang: "nl", q: "jaarverslag politiezone", expected: { "nl-politie-jaarverslag": 2, "nl-politie-flitspalen": 1, "nl-politie-bodycams": 1 } },
  { lang: "nl", q: "snelheidscontroles", expected: { "nl-politie-flitspalen": 2 } },
  { lang: "nl", q: "bodycam", expected: { "nl-politie-bodycams": 2 } },
  { lang: "nl", q: "openbaarheid van bestuur", expected: { "nl-openbaarheid-weigering": 2, "nl-beroepsinstantie": 2 } },
  { lang: "nl", q: "beroep offertes", expected: { "nl-beroepsinstantie": 2 } },
  { lang: "nl", q: "subsidies verenigingen", expected: { "nl-subsidies-verenigingen": 2, "nl-openbaarheid-weigering": 1 } },
  { lang: "nl", q: "luchtkwaliteit scholen", expected: { "nl-luchtkwaliteit-scholen": 2 } },
  { lang: "nl", q: "zwembad", expected: { "nl-zwembad-sluiting": 2 } },
  { lang: "nl", q: "sociale woningen wachtlijst", expected: { "nl-sociale-woningen": 2 } },
  { lang: "nl", q: "persoonsgegevens gebruikt", expected: { "nl-persoonsgegevens-gebruikt": 2, "nl-notulen-schepencollege": 1 } },
  { lang: "nl", q: "hebben recht", expected: { "nl-hebben-recht": 2 } },
  { lang: "nl", q: "\"hebben recht op\"", expected: { "nl-hebben-recht": 2 } },
  { lang: "nl", q: "onkosten gedeputeerden", expected: { "nl-onkosten-mandatarissen": 2 } },

  // German
  { lang: "de", q: "Haushalt", expected: { "de-haushalt-eupen-2019": 2, "de-haushaltsanpassung-dg": 1, "de-jahresrechnung-stvith": 1, "de-polizei-personal": 1, "de-protokolle-stadtrat": 1 } },
  { lang: "de", q: "Haushaltsplan", expected: { "de-haushalt-eupen-2019": 2 } },
  { lang: "de", q: "Haushaltsanpassung", expected: { "de-haushaltsanpassung-dg": 2 } },
  { lang: "de", q: "Jahresrechnung", expected: { "de-jahresrechnung-stvith": 2 } },
  { lang: "de", q: "Genehmigung", expected: { "de-baugenehmigung-kelmis": 2, "de-umweltgenehmigung-steinbruch": 2, "de-genehmigung-windkraft-abgelehnt": 2 } },
  { lang: "de", q: "Umweltgenehmigung", expected: { "de-umweltgenehmigung-steinbruch": 2 } },
  { lang: "de", q: "Windkraftanlagen", expected: { "de-genehmigung-windkraft-abgelehnt": 2 } },
  { lang: "de", q: "Protokoll Gemeinderat", expected: { "de-protokoll-gemeinderat-buetgenbach": 2, "de-steele-ratsmitglied": 1, "de-protokolle-stadtrat": 1 } },
  { lang: "de", q: "Protokolle", expected: { "de-protokolle-stadtrat": 2, "de-protokoll-gemeinderat-buetgenbach": 2, "de-steele-ratsmitglied": 1, "de-polizei-jahresbericht": 1 } },
  { lang: "de", q: "Jahresbericht Polizeizone", expected: { "de-polizei-jahresbericht": 2, "de-polizei-blitzer": 1, "de-polizei-personal": 1 } },
  { lang: "de", q: "Geschwindigkeitskontrollen", expected: { "de-polizei-blitzer": 2 } },
  { lang: "de", q: "Überstunden", expected: { "de-polizei-personal": 2 } },
  { lang: "de", q: "Uberstunden", expected: { "de-polizei-personal": 2 } },
  { lang: "de", q: "Zugang zu Dokumenten", expected: { "de-zugang-dokumente-abgelehnt": 2 } },
  { lang: "de", q: "öffentlicher Auftrag", expected: { "de-oeffentliche-auftraege": 2 } },
  { lang: "de", q: "Zuschüsse Vereine", expected: { "de-zuschuesse-vereine": 2 } },
  { lang: "de", q: "Luftqualität", expected: { "de-luftqualitaet-schulen": 2 } },
  { lang: "de", q: "Schwimmbad", expected: { "de-schwimmbad-schliessung": 2 } },
  { lang: "de", q: "Sozialwohnungen", expected: { "de-sozialwohnungen": 2 } },
  { lang: "de", q: "verwendete Daten", expected: { "de-daten-verwendet": 2 } },

  // A name, across languages: the reader wants the person, not Dutch "stellen".
  { lang: "de", q: "Steele", expected: { "de-steele-ratsmitglied": 2, "nl-steele-raadslid": 2, "fr-steele-conseil": 2 } },
];
