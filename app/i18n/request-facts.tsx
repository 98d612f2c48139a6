import { createContext, useContext } from "react";
import { isLocale, type Locale } from "../../core/i18n/locales";

/**
 * What a document knows of its request without any loader: the reader's
 * language and the CSP nonce. entry.server provides them from the request
 * itself; entry.client from the document the server rendered (its
 * `<html lang>`), so hydration renders the same words.
 *
 * Pages read the root loader's data first. These facts are the fallback for
 * the case where Remix renders without it: an error thrown by an action on a
 * document POST (a form sent without JavaScript) bubbles to the root
 * ErrorBoundary, and Remix does not run the root loader then
 * (docs/decisions/921-error-pages-in-the-readers-language.md).
 */
export type RequestFacts = { locale: Locale; nonce?: string };

export const RequestFactsContext = createContext<RequestFacts | undefined>(undefined);

export function useRequestFacts(): RequestFacts | undefined {
  return useContext(RequestFactsContext);
}

/** In the browser: the facts of the server-rendered document about to be hydrated. */
export function factsOfDocument(document: Document): RequestFacts | undefined {
  const lang = document.documentElement.lang;
  return isLocale(lang) ? { locale: lang } : undefined;
}
