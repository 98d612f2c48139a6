import type { FacetName } from "../../core/search";
import type { MessageKey, Translate } from "../../core/i18n/index";

/**
 * The catalogue key that names a facet value ("commune" → kind.commune), or
 * null for values that are their own name (an authority's slug is looked up
 * separately; a year is a number).
 */
export function facetLabelKey(facet: FacetName, value: string): MessageKey | null {
  switch (facet) {
    case "kind":
      return `kind.${value}` as MessageKey;
    case "state":
      return `state.${value}` as MessageKey;
    case "region":
      return `search.region.${value}` as MessageKey;
    case "language":
      return `search.lang.${value}` as MessageKey;
    case "fileType":
      return `search.fileType.${value}` as MessageKey;
    case "hasAttachments":
      return `search.attachments.${value}` as MessageKey;
    case "authority":
    case "year":
      return null;
  }
}

/**
 * A facet value as a reader sees it, in their language. A value the
 * catalogue does not know (new data before its translation) is shown as
 * "Other (value)" in the reader's language rather than as a bare code.
 */
export function facetValueLabel(t: Translate, facet: FacetName, value: string): string {
  const key = facetLabelKey(facet, value);
  if (!key) return value;
  const text = t(key);
  return text === key ? t("search.facet.unknown", { value }) : text;
}
