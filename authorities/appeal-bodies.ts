/**
 * The bodies a citizen escalates to, with the contact details found in the
 * legal research (law/belgian-access-law.md). A null field is unknown: the
 * research looked for it and did not find it; never fill one from memory.
 * Ids match the directory slugs where the body is in the directory.
 */
import { addDays } from "./civil-date";
import type { Localized } from "./regimes";
import type { RegimeId } from "./vocabulary";

export interface AppealBody {
  id: string;
  name: Localized;
  binding: boolean;
  postalAddress: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  /** Where the contact details come from, and whether they were seen there. */
  contactSource: string;
  contactVerified: boolean;
}

export const APPEAL_BODIES: Record<string, AppealBody> = {
  "cada-federal": {
    id: "cada-federal",
    name: {
      fr: "Commission d’accès aux documents administratifs (fédérale)",
      nl: "Commissie voor de toegang tot bestuursdocumenten (federaal)",
      de: "Ausschuss für den Zugang zu Verwaltungsunterlagen (föderal)",
      en: "Federal Commission for Access to Administrative Documents (CADA)",
    },
    binding: false,
    postalAddress: null,
    email: null,
    phone: null,
    website: "https://www.documentsadministratifs.be",
    contactSource: "documentsadministratifs.be / bestuursdocumenten.be; the commission sits within the FPS Interior (RD 29.04.2008, art. 7). Postal address and e-mail not found.",
    contactVerified: false,
  },
  "cada-wallonia": {
    id: "cada-wallonia",
    name: {
      fr: "Commission d’accès aux documents administratifs (CADA wallonne)",
      nl: "Commissie voor de toegang tot bestuursdocumenten (Waals Gewest)",
      de: "Kommission für den Zugang zu Verwaltungsdokumenten (Wallonische Region)",
      en: "Walloon Commission for Access to Administrative Documents (CADA)",
    },
    binding: true,
    postalAddress: "Commission d’accès aux documents administratifs, Place de la Wallonie 1, 5100 Jambes",
    email: "support.cada@spw.wallonie.be",
    phone: "+32 81 33 31 80",
    website: "https://www.cada-wb.be",
    contactSource: "CADA decision 59 letterhead (2020); cada-wb.be",
    contactVerified: true,
  },
  "cada-brussels": {
    id: "cada-brussels",
    name: {
      fr: "Commission d’accès aux documents administratifs de la Région de Bruxelles-Capitale",
      nl: "Commissie voor Toegang tot Bestuursdocumenten van het Brussels Hoofdstedelijk Gewest",
      de: "Kommission für den Zugang zu Verwaltungsdokumenten der Region Brüssel-Hauptstadt",
      en: "Brussels Commission for Access to Administrative Documents (CADA)",
    },
    binding: true,
    postalAddress: null,
    email: null,
    phone: null,
    website: "https://be.brussels/a-propos-de-la-region/commission-dacces-aux-documents-administratifs/cada",
    contactSource: "be.brussels CADA pages; no postal address or e-mail found in the sources consulted",
    contactVerified: false,
  },
  "beroepsinstantie-ovb": {
    id: "beroepsinstantie-ovb",
    name: {
      fr: "Instance de recours en matière de publicité de l’administration (Flandre)",
      nl: "Beroepsinstantie inzake openbaarheid van bestuur",
      de: "Beschwerdeinstanz für die Öffentlichkeit der Verwaltung (Flandern)",
      en: "Flemish Appeal Body for Access to Public Information",
    },
    binding: true,
    postalAddress: "Vlaamse overheid, Beroepsinstantie inzake openbaarheid van bestuur, Havenlaan 88 bus 20, 1000 Brussel",
    email: "openbaarheid@vlaanderen.be",
    phone: "+32 2 553 57 25",
    website: "https://www.vlaanderen.be",
    contactSource: "Beroepsinstantie decision OVB/2022/277 letterhead",
    contactVerified: true,
  },
  "cada-fwb": {
    id: "cada-fwb",
    name: {
      fr: "Commission d’accès aux documents administratifs de la Fédération Wallonie-Bruxelles",
      nl: "Commissie voor de toegang tot bestuursdocumenten van de Federatie Wallonië-Brussel",
      de: "Kommission für den Zugang zu Verwaltungsdokumenten der Föderation Wallonie-Brüssel",
      en: "Wallonia-Brussels Federation Commission for Access to Administrative Documents (CADA)",
    },
    binding: true,
    postalAddress: "Fédération Wallonie-Bruxelles, Centre d’expertise juridique, Commission d’accès aux documents administratifs, Boulevard Léopold II 44, 1080 Bruxelles",
    email: "cada@cfwb.be",
    phone: null,
    website: "https://cada.cfwb.be",
    contactSource: "cada.cfwb.be/introduire-une-demande",
    contactVerified: true,
  },
  "dg-ombudsdienst": {
    id: "dg-ombudsdienst",
    name: {
      fr: "Service de médiation de la Communauté germanophone",
      nl: "Ombudsdienst van de Duitstalige Gemeenschap",
      de: "Ombudsdienst der Deutschsprachigen Gemeinschaft",
      en: "Ombudsman of the German-speaking Community",
    },
    binding: false,
    postalAddress: "Ombudsdienst der Deutschsprachigen Gemeinschaft, Platz des Parlaments 1, 4700 Eupen",
    email: "beschwerde@dg-ombudsdienst.be",
    phone: "0800 98759 / +32 87 31 84 04",
    website: "https://www.dg-ombudsdienst.be",
    contactSource: "dg-ombudsdienst.be",
    contactVerified: true,
  },
  "federal-appeal-environment": {
    id: "federal-appeal-environment",
    name: {
      fr: "Commission fédérale de recours pour l’accès aux informations environnementales",
      nl: "Federale Beroepscommissie voor de toegang tot milieu-informatie",
      de: "Föderale Beschwerdekommission für den Zugang zu Umweltinformationen",
      en: "Federal Appeal Commission for Access to Environmental Information",
    },
    binding: true,
    postalAddress: null,
    email: null,
    phone: null,
    website: "https://www.bestuursdocumenten.be/fr/commissions/acces-aux-informations-environnementales/le-recours-administratif/",
    contactSource: "bestuursdocumenten.be (secretariat shared with the federal CADA); postal address and e-mail not found",
    contactVerified: false,
  },
  craie: {
    id: "craie",
    name: {
      fr: "Commission de recours pour le droit d’accès à l’information en matière d’environnement (CRAIE)",
      nl: "Beroepscommissie voor het recht op toegang tot milieu-informatie (Waals Gewest, CRAIE)",
      de: "Beschwerdekommission für den Zugang zu Umweltinformationen (Wallonische Region, CRAIE)",
      en: "Walloon Appeal Commission for Access to Environmental Information (CRAIE)",
    },
    binding: true,
    postalAddress: null,
    email: null,
    phone: null,
    website: null,
    contactSource: "Code de l’environnement, Livre Ier, art. D.20.6; contact details not found",
    contactVerified: false,
  },
};

export function appealBody(id: string): AppealBody | null {
  return APPEAL_BODIES[id] ?? null;
}

/**
 * Environmental information held by federal or Walloon bodies has its own
 * appeal route (research §9). Flanders and Brussels handle it in their
 * ordinary procedure; FWB and the DG have little environmental competence.
 */
export interface EnvironmentalAppeal {
  body: string;
  /** Days after the refusal (or after the authority's deadline, where it runs against silence). */
  afterRefusalDays: number;
  afterSilenceDays: number | null;
  source: string;
  verified: boolean;
  /** Show prominently: the 15-day CRAIE deadline is the shortest in Belgian access law. */
  urgent: boolean;
}

export const ENVIRONMENTAL_APPEALS: Partial<Record<RegimeId, EnvironmentalAppeal>> = {
  federal: {
    body: "federal-appeal-environment",
    afterRefusalDays: 60,
    afterSilenceDays: null,
    source: "Loi du 5 août 2006, art. 35 (bestuursdocumenten.be): 60 days from the day after the decision; no limit against a failure to decide",
    verified: true,
    urgent: false,
  },
  wallonia: {
    body: "craie",
    afterRefusalDays: 15,
    afterSilenceDays: 15,
    source: "Code de l’environnement, art. D.20.6 (CRAIE decisions 357, 379, 792): 15 days from notification or from expiry of the D.15 deadlines",
    verified: true,
    urgent: true,
  },
};

export interface EnvironmentalDeadlines {
  appeal_body: string;
  appeal_by_after_silence: string | null;
  appeal_by_after_refusal: string | null;
  urgent: boolean;
}

/**
 * The environmental route for a request flagged as environmental. `dueInForce`
 * is the authority's due date in force; counting silence from it is an
 * assumption for Wallonia (the D.15 deadlines are unverified). Returns null
 * where no separate environmental route exists.
 */
export function environmentalDeadlines(
  regime: RegimeId,
  dueInForce: string,
  refusedOn: string | null,
): EnvironmentalDeadlines | null {
  const env = ENVIRONMENTAL_APPEALS[regime];
  if (!env) return null;
  return {
    appeal_body: env.body,
    appeal_by_after_silence: env.afterSilenceDays === null ? null : addDays(dueInForce, env.afterSilenceDays),
    appeal_by_after_refusal: refusedOn ? addDays(refusedOn, env.afterRefusalDays) : null,
    urgent: env.urgent,
  };
}
