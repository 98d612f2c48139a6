import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { factsOfDocument, RequestFactsContext } from "./i18n/request-facts";

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestFactsContext.Provider value={factsOfDocument(document)}>
        <RemixBrowser />
      </RequestFactsContext.Provider>
    </StrictMode>,
  );
});
