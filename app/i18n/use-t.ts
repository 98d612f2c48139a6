import { useRouteLoaderData } from "@remix-run/react";
import { defaultLocale, isLocale, translator, type Locale, type Translate } from "../../core/i18n/index";
import { useRequestFacts } from "./request-facts";

type RootData = { locale: Locale };

/**
 * The current page's language: from the root loader, else from the request
 * itself (an action's error page, rendered without the root loader: see
 * ./request-facts), else French.
 */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const facts = useRequestFacts();
  if (isLocale(data?.locale)) return data.locale;
  return facts?.locale ?? defaultLocale;
}

export function useT(): Translate {
  return translator(useLocale());
}

/** An action's problem: a message key of the security area is translated, anything else shown as is. */
export function translateProblem(t: Translate, problem: string): string {
  return problem.startsWith("security.") ? t(problem as Parameters<Translate>[0]) : problem;
}
