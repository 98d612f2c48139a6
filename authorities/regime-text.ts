/**
 * The law in plain words, for the authority page: how long the authority has,
 * how the days are counted, where to appeal and by when, and which language
 * to write in, in French, Dutch, German and English. Numbers come from the
 * regime table so that a correction to the table changes the text too.
 */
import { APPEAL_BODIES } from "./appeal-bodies";
import { sourceName } from "./source-names";
import { REGIMES, assumptionsOf, type Locale, type Regime, type RegimeTable } from "./regimes";
import type { Language, RegimeId } from "./vocabulary";

export interface RegimeExplanation {
  regimeName: string;
  law: string;
  deadline: string;
  counting: string;
  appeal: string;
  language: string;
  /** Rules that rest on unverified facts, in plain words, with their source. */
  assumptions: string[];
  environmental: string | null;
}

const LANGUAGE_NAMES: Record<Locale, Record<Language, string>> = {
  fr: { fr: "français", nl: "néerlandais", de: "allemand" },
  nl: { fr: "Frans", nl: "Nederlands", de: "Duits" },
  de: { fr: "Französisch", nl: "Niederländisch", de: "Deutsch" },
  en: { fr: "French", nl: "Dutch", de: "German" },
};

const OR: Record<Locale, string> = { fr: "ou", nl: "of", de: "oder", en: "or" };

function list(locale: Locale, langs: Language[]): string {
  const names = langs.map((l) => LANGUAGE_NAMES[locale][l]);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${OR[locale]} ${names[names.length - 1]}`;
}

function deadlineText(r: Regime, locale: Locale): string {
  const d = r.due.value.days;
  const e = r.extendedDue.value.days;
  if (r.due.value.unit === "working") {
    return {
      fr: `L’autorité doit répondre dans les ${d} jours ouvrables qui suivent la réception de votre demande. Si le volume ou la complexité des documents l’exige, elle peut porter ce délai à ${e} jours ouvrables.`,
      nl: `De overheid moet antwoorden binnen ${d} werkdagen na ontvangst van uw verzoek. Als de omvang of complexiteit van de documenten dat vereist, mag ze die termijn verlengen tot ${e} werkdagen.`,
      de: `Die Behörde muss innerhalb von ${d} Werktagen nach Eingang Ihres Antrags antworten. Wenn Umfang oder Komplexität der Dokumente es erfordern, kann sie die Frist auf ${e} Werktage verlängern.`,
      en: `The authority must answer within ${d} working days of receiving your request. If the volume or complexity of the documents requires it, it may extend this to ${e} working days.`,
    }[locale];
  }
  return {
    fr: `L’autorité doit répondre dans les ${d} jours calendrier qui suivent la réception de votre demande. Elle peut prolonger ce délai jusqu’à ${e} jours au total, à condition de vous l’annoncer avec ses raisons.`,
    nl: `De overheid moet antwoorden binnen ${d} kalenderdagen na ontvangst van uw verzoek. Ze mag die termijn verlengen tot in totaal ${e} dagen, als ze u dat met redenen laat weten.`,
    de: `Die Behörde muss innerhalb von ${d} Kalendertagen nach Eingang Ihres Antrags antworten. Sie kann die Frist auf insgesamt ${e} Tage verlängern, wenn sie Ihnen das mit Begründung mitteilt.`,
    en: `The authority must answer within ${d} calendar days of receiving your request. It may extend this to ${e} days in total if it tells you so, with its reasons.`,
  }[locale];
}

function countingText(r: Regime, locale: Locale): string {
  if (r.due.value.unit === "working") {
    const extra = r.extraNonWorkingDays.value.map((x) => x.name[locale]).join(", ");
    return {
      fr: `Seuls les jours ouvrables comptent, à partir du lendemain de la réception : du lundi au vendredi, sauf les jours fériés légaux et les jours de fermeture des services publics bruxellois (${extra}).`,
      nl: `Alleen werkdagen tellen, vanaf de dag na ontvangst: maandag tot vrijdag, behalve wettelijke feestdagen en de sluitingsdagen van de Brusselse openbare diensten (${extra}).`,
      de: `Es zählen nur Werktage, ab dem Tag nach dem Eingang: Montag bis Freitag, außer gesetzlichen Feiertagen und den Schließtagen der Brüsseler öffentlichen Dienste (${extra}).`,
      en: `Only working days count, from the day after receipt: Monday to Friday, except public holidays and the days Brussels public services are closed (${extra}).`,
    }[locale];
  }
  const start =
    r.countingStart.value === "day_after_registration"
      ? {
          fr: "Le délai court à partir du lendemain de l’enregistrement de votre demande (à défaut, du lendemain de sa réception).",
          nl: "De termijn loopt vanaf de dag na de registratie van uw verzoek (of anders de dag na ontvangst).",
          de: "Die Frist läuft ab dem Tag nach der Registrierung Ihres Antrags (sonst ab dem Tag nach dem Eingang).",
          en: "The period runs from the day after your request is registered (or else from the day after it is received).",
        }[locale]
      : {
          fr: "Le jour de réception ne compte pas ; le premier jour est le lendemain.",
          nl: "De dag van ontvangst telt niet mee; de eerste dag is de dag erna.",
          de: "Der Tag des Eingangs zählt nicht mit; der erste Tag ist der darauffolgende.",
          en: "The day of receipt does not count; day one is the next day.",
        }[locale];
  const roll = r.rollForward.value
    ? {
        fr: " Samedis, dimanches et jours fériés comptent ; si le dernier jour tombe un de ces jours, Dossier reporte l’échéance au jour ouvrable suivant.",
        nl: " Zaterdagen, zondagen en feestdagen tellen mee; valt de laatste dag op zo’n dag, dan schuift Dossier de termijn op naar de volgende werkdag.",
        de: " Samstage, Sonntage und Feiertage zählen mit; fällt der letzte Tag auf einen solchen Tag, verschiebt Dossier die Frist auf den nächsten Werktag.",
        en: " Saturdays, Sundays and holidays count; if the last day falls on one, Dossier moves the deadline to the next working day.",
      }[locale]
    : "";
  return start + roll;
}

function appealText(r: Regime, locale: Locale): string {
  const body = APPEAL_BODIES[r.appealBody.value];
  const name = body ? body.name[locale] : r.appealBody.value;
  const silence = r.appealAfterSilence.value;
  const refusal = r.appealAfterRefusal.value;
  switch (r.id) {
    case "federal":
      return {
        fr: `Sans réponse dans le délai, votre demande est réputée refusée. Vous envoyez alors, le même jour, une demande de reconsidération à l’autorité et une demande d’avis à la ${name}. Cette commission donne un avis, qui ne lie pas l’autorité. La loi ne fixe pas de délai pour ce recours, mais n’attendez pas trop.`,
        nl: `Zonder antwoord binnen de termijn geldt uw verzoek als geweigerd. U stuurt dan op dezelfde dag een verzoek tot heroverweging naar de overheid en een verzoek om advies naar de ${name}. Die commissie geeft een advies dat de overheid niet bindt. De wet legt geen termijn op voor dit beroep, maar wacht niet te lang.`,
        de: `Ohne Antwort innerhalb der Frist gilt Ihr Antrag als abgelehnt. Sie senden dann am selben Tag einen Antrag auf Überprüfung an die Behörde und einen Antrag auf Stellungnahme an den ${name}. Dessen Stellungnahme bindet die Behörde nicht. Das Gesetz setzt keine Frist für diesen Einspruch, warten Sie aber nicht zu lange.`,
        en: `Without an answer in time, your request counts as refused. You then send, on the same day, a request for reconsideration to the authority and a request for an opinion to the ${name}. Its opinion does not bind the authority. The law sets no deadline for this step, but do not wait too long.`,
      }[locale];
    case "flanders": {
      const days = refusal.base.kind === "days_after" ? refusal.base.days : 30;
      const months = refusal.withoutAppealNotice?.months ?? 4;
      return {
        fr: `Vous pouvez introduire un recours auprès de la ${name}, dont la décision lie l’autorité. Contre un refus, le délai est de ${days} jours à compter du lendemain de l’envoi de la décision ; si la décision ne mentionne pas cette possibilité de recours, le délai ne commence qu’après ${months} mois. Contre une absence de réponse, aucun délai ne court : vous pouvez faire recours dès que le délai de l’autorité est dépassé.`,
        nl: `U kunt beroep instellen bij de ${name}; haar beslissing is bindend. Tegen een weigering hebt u ${days} dagen vanaf de dag na de verzending van de beslissing; vermeldt de beslissing de beroepsmogelijkheid niet, dan begint die termijn pas na ${months} maanden. Tegen het uitblijven van een beslissing loopt geen termijn: u kunt beroep instellen zodra de termijn van de overheid verstreken is.`,
        de: `Sie können Beschwerde bei der ${name} einlegen; ihre Entscheidung ist bindend. Gegen eine Ablehnung haben Sie ${days} Tage ab dem Tag nach dem Versand der Entscheidung; nennt die Entscheidung die Beschwerdemöglichkeit nicht, beginnt die Frist erst nach ${months} Monaten. Gegen ausbleibende Antworten läuft keine Frist: Sie können Beschwerde einlegen, sobald die Frist der Behörde abgelaufen ist.`,
        en: `You can appeal to the ${name}, whose decision binds the authority. Against a refusal you have ${days} days from the day after the decision was sent; if the decision does not mention this appeal, the period only starts after ${months} months. Against silence no period runs: you can appeal as soon as the authority's deadline has passed.`,
      }[locale];
    }
    case "german_community":
      return {
        fr: `Il n’existe pas de commission d’accès en Communauté germanophone. Vous pouvez demander une médiation gratuite au ${name} (qui ne lie pas l’autorité), ou introduire un recours en annulation au Conseil d’État (en principe dans les 60 jours). Dossier ne calcule pas ces délais.`,
        nl: `De Duitstalige Gemeenschap heeft geen commissie voor toegang. U kunt kosteloze bemiddeling vragen bij de ${name} (niet bindend), of een vernietigingsberoep instellen bij de Raad van State (in principe binnen 60 dagen). Dossier berekent die termijnen niet.`,
        de: `In der Deutschsprachigen Gemeinschaft gibt es keine Zugangskommission. Sie können eine kostenlose Vermittlung beim ${name} beantragen (nicht bindend) oder eine Nichtigkeitsklage beim Staatsrat einreichen (grundsätzlich innerhalb von 60 Tagen). Dossier berechnet diese Fristen nicht.`,
        en: `The German-speaking Community has no access commission. You can ask the ${name} for free mediation (not binding), or bring an action for annulment before the Council of State (normally within 60 days). Dossier does not compute these deadlines.`,
      }[locale];
    default: {
      const s = silence.kind === "days_after" ? silence.days : 0;
      const f = refusal.base.kind === "days_after" ? refusal.base.days : 0;
      return {
        fr: `Sans réponse dans le délai, votre demande est réputée refusée. Vous pouvez introduire un recours auprès de la ${name}, dont la décision lie l’autorité : dans les ${f} jours d’un refus explicite, ou dans les ${s} jours qui suivent l’échéance de l’autorité si elle ne répond pas.`,
        nl: `Zonder antwoord binnen de termijn geldt uw verzoek als geweigerd. U kunt beroep instellen bij de ${name}; haar beslissing is bindend: binnen ${f} dagen na een uitdrukkelijke weigering, of binnen ${s} dagen na het verstrijken van de termijn van de overheid als ze niet antwoordt.`,
        de: `Ohne Antwort innerhalb der Frist gilt Ihr Antrag als abgelehnt. Sie können Beschwerde bei der ${name} einlegen, deren Entscheidung bindend ist: innerhalb von ${f} Tagen nach einer ausdrücklichen Ablehnung oder innerhalb von ${s} Tagen nach Ablauf der Frist der Behörde, wenn sie nicht antwortet.`,
        en: `Without an answer in time, your request counts as refused. You can appeal to the ${name}, whose decision binds the authority: within ${f} days of an explicit refusal, or within ${s} days after the authority's deadline if it does not answer.`,
      }[locale];
    }
  }
}

function languageText(r: Regime, locale: Locale, languages: Language[], facilities: Language[]): string {
  const langs = languages.length > 0 ? languages : r.requestLanguages.value;
  const main =
    langs.length > 1
      ? {
          fr: `Écrivez en ${list(locale, langs)}, à votre choix ; l’autorité doit répondre dans la langue que vous utilisez.`,
          nl: `Schrijf naar keuze in het ${list(locale, langs)}; de overheid moet antwoorden in de taal die u gebruikt.`,
          de: `Schreiben Sie nach Wahl auf ${list(locale, langs)}; die Behörde muss in der Sprache antworten, die Sie verwenden.`,
          en: `Write in ${list(locale, langs)}, as you prefer; the authority must answer in the language you use.`,
        }[locale]
      : {
          fr: `Écrivez en ${list(locale, langs)} : c’est la langue administrative de cette autorité.`,
          nl: `Schrijf in het ${list(locale, langs)}: dat is de bestuurstaal van deze overheid.`,
          de: `Schreiben Sie auf ${list(locale, langs)}: das ist die Verwaltungssprache dieser Behörde.`,
          en: `Write in ${list(locale, langs)}: it is this authority's administrative language.`,
        }[locale];
  if (facilities.length === 0) return main;
  const fac = {
    fr: ` Cette commune offre des facilités linguistiques : vous pouvez aussi écrire en ${list(locale, facilities)} et demander une réponse dans cette langue.`,
    nl: ` Deze gemeente heeft taalfaciliteiten: u mag ook in het ${list(locale, facilities)} schrijven en een antwoord in die taal vragen.`,
    de: ` Diese Gemeinde bietet Spracherleichterungen: Sie können auch auf ${list(locale, facilities)} schreiben und eine Antwort in dieser Sprache verlangen.`,
    en: ` This commune has language facilities: you may also write in ${list(locale, facilities)} and ask for an answer in that language.`,
  }[locale];
  return main + fac;
}

const RULE_LABELS: Record<string, Record<Locale, string>> = {
  extendedDue: { fr: "la durée de la prolongation", nl: "de duur van de verlenging", de: "die Dauer der Verlängerung", en: "the length of the extension" },
  rollForward: {
    fr: "le report de l’échéance au jour ouvrable suivant",
    nl: "het opschuiven van de termijn naar de volgende werkdag",
    de: "die Verschiebung der Frist auf den nächsten Werktag",
    en: "moving the deadline to the next working day",
  },
  countingStart: { fr: "le point de départ du délai", nl: "het begin van de termijn", de: "der Beginn der Frist", en: "when the period starts" },
  extraNonWorkingDays: { fr: "les jours de fermeture pris en compte", nl: "de sluitingsdagen die meetellen", de: "die berücksichtigten Schließtage", en: "the closure days taken into account" },
  officesMayBeClosed: { fr: "les jours où les bureaux peuvent être fermés", nl: "de dagen waarop kantoren gesloten kunnen zijn", de: "die Tage, an denen Büros geschlossen sein können", en: "the days offices may be closed" },
  appealBody: { fr: "l’organe de recours", nl: "de beroepsinstantie", de: "die Beschwerdeinstanz", en: "the appeal body" },
  appealAfterSilence: { fr: "le délai de recours en cas de silence", nl: "de beroepstermijn bij stilzwijgen", de: "die Beschwerdefrist bei Schweigen", en: "the appeal deadline after silence" },
  appealAfterRefusal: { fr: "le délai de recours après un refus", nl: "de beroepstermijn na een weigering", de: "die Beschwerdefrist nach einer Ablehnung", en: "the appeal deadline after a refusal" },
  requestLanguages: { fr: "la langue de la demande", nl: "de taal van het verzoek", de: "die Sprache des Antrags", en: "the language of the request" },
  legalBasis: { fr: "la base légale", nl: "de rechtsgrond", de: "die Rechtsgrundlage", en: "the legal basis" },
  due: { fr: "le délai de réponse", nl: "de antwoordtermijn", de: "die Antwortfrist", en: "the answer deadline" },
  appealBinding: { fr: "le caractère contraignant du recours", nl: "het bindend karakter van het beroep", de: "die Verbindlichkeit der Beschwerde", en: "whether the appeal is binding" },
};

const ASSUMPTION_PREFIX: Record<Locale, string> = {
  fr: "Hypothèse non vérifiée",
  nl: "Niet-geverifieerde aanname",
  de: "Nicht überprüfte Annahme",
  en: "Unverified assumption",
};

const SOURCE_WORD: Record<Locale, string> = { fr: "source", nl: "bron", de: "Quelle", en: "source" };

function environmentalText(regimeId: RegimeId, locale: Locale): string | null {
  if (regimeId === "wallonia") {
    return {
      fr: "Informations environnementales : le recours va à la CRAIE, dans les 15 jours seulement (le délai le plus court du droit belge d’accès). Ne tardez pas.",
      nl: "Milieu-informatie: het beroep gaat naar de CRAIE, binnen slechts 15 dagen (de kortste termijn in het Belgische recht op toegang). Wacht niet.",
      de: "Umweltinformationen: Die Beschwerde geht an die CRAIE, innerhalb von nur 15 Tagen (die kürzeste Frist im belgischen Zugangsrecht). Warten Sie nicht.",
      en: "Environmental information: the appeal goes to the CRAIE within only 15 days (the shortest deadline in Belgian access law). Do not wait.",
    }[locale];
  }
  if (regimeId === "federal") {
    return {
      fr: "Informations environnementales : le recours va à la Commission fédérale de recours pour l’accès aux informations environnementales, dans les 60 jours d’un refus (sans délai en cas de silence). Sa décision lie l’autorité.",
      nl: "Milieu-informatie: het beroep gaat naar de Federale Beroepscommissie voor de toegang tot milieu-informatie, binnen 60 dagen na een weigering (zonder termijn bij stilzwijgen). Haar beslissing is bindend.",
      de: "Umweltinformationen: Die Beschwerde geht an die Föderale Beschwerdekommission für den Zugang zu Umweltinformationen, innerhalb von 60 Tagen nach einer Ablehnung (ohne Frist bei Schweigen). Ihre Entscheidung ist bindend.",
      en: "Environmental information: the appeal goes to the Federal Appeal Commission for Access to Environmental Information, within 60 days of a refusal (no deadline against silence). Its decision is binding.",
    }[locale];
  }
  return null;
}

const explained = new Map<string, RegimeExplanation>();

/**
 * Everything the authority page says about the law that applies to it.
 * The text depends only on the regime table (code), the language and the
 * authority's languages, so each combination is written once per process
 * and shared (frozen) by every later view.
 */
export function explainRegime(
  regimeId: RegimeId,
  locale: Locale,
  authority: { languages?: Language[]; language_facilities?: Language[] } = {},
  table: RegimeTable = REGIMES,
): RegimeExplanation {
  if (table !== REGIMES) return writeExplanation(regimeId, locale, authority, table);
  const key = `${regimeId}|${locale}|${(authority.languages ?? []).join(",")}|${(authority.language_facilities ?? []).join(",")}`;
  let explanation = explained.get(key);
  if (!explanation) {
    const written = writeExplanation(regimeId, locale, authority, table);
    explained.set(key, (explanation = Object.freeze({ ...written, assumptions: Object.freeze([...written.assumptions]) as string[] })));
  }
  return explanation;
}

function writeExplanation(
  regimeId: RegimeId,
  locale: Locale,
  authority: { languages?: Language[]; language_facilities?: Language[] },
  table: RegimeTable,
): RegimeExplanation {
  const r = table[regimeId];
  return {
    regimeName: r.name[locale],
    law: r.legalBasis.value,
    deadline: deadlineText(r, locale),
    counting: countingText(r, locale),
    appeal: appealText(r, locale),
    language: languageText(r, locale, authority.languages ?? [], authority.language_facilities ?? []),
    assumptions: assumptionsOf(r).map(
      (a) => `${ASSUMPTION_PREFIX[locale]} : ${RULE_LABELS[a.rule]?.[locale] ?? a.rule} (${SOURCE_WORD[locale]} : ${sourceName(a.source, locale)})`.replace(/ : /g, locale === "fr" ? " : " : ": "),
    ),
    environmental: environmentalText(regimeId, locale),
  };
}
