/**
 * The closed vocabularies of the directory. Ids are stable: they appear in the
 * committed data files, the CLI, the JSON API and the database.
 */

export const KINDS = [
  "commune",
  "cpas",
  "province",
  "police_zone",
  "emergency_zone",
  "federal_service",
  "federal_institution",
  "regional_service",
  "regional_agency",
  "community_service",
  "community_agency",
  "parliament",
  "government",
  "ombudsman",
  "appeal_body",
  "public_company",
  "court",
  "other",
] as const;
export type Kind = (typeof KINDS)[number];

/** Access regimes, per law/deadline-rules.md. */
export const REGIME_IDS = ["federal", "wallonia", "brussels", "flanders", "fwb", "german_community"] as const;
export type RegimeId = (typeof REGIME_IDS)[number];

/** Level of government the body belongs to. */
export const LEVELS = ["federal", "community", "region", "provincial", "local"] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Region or community the body belongs to (used for browsing filters).
 * `federal` for federal bodies; `german_community` for the German-speaking
 * Community and the bodies of its territory.
 */
export const REGIONS = ["federal", "flanders", "wallonia", "brussels", "fwb", "german_community"] as const;
export type Region = (typeof REGIONS)[number];

export const LANGUAGES = ["fr", "nl", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The export contract of DESIGN.md, in this order, then the extras. */
export const CONTRACT_COLUMNS = [
  "slug",
  "name_fr",
  "name_nl",
  "name_de",
  "name_en",
  "kind",
  "level",
  "region",
  "regime",
  "languages",
  "nis_code",
  "kbo_number",
  "parent_slug",
  "website",
  "email",
  "email_source",
  "email_verified",
  "active",
] as const;
export const EXTRA_COLUMNS = ["language_facilities", "address", "notes"] as const;
export const DIRECTORY_COLUMNS = [...CONTRACT_COLUMNS, ...EXTRA_COLUMNS] as const;
export type DirectoryColumn = (typeof DIRECTORY_COLUMNS)[number];
