import type { AppContext } from "../core/context";

/** What the express server hands every loader and action: the process's context, plus per-request facts. */
declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {
    cspNonce: string;
    /** The client's address (express req.ip, proxies trusted on loopback only). */
    clientIp: string;
    /**
     * The response is an HTML document (not single-fetch data): the page is
     * rendered on the server, so a loader may leave out of the hydration
     * data what the document already carries (see ~/utils/document-only).
     */
    documentRequest: boolean;
    /**
     * An anonymous view of a page the page cache may keep for every anonymous
     * visitor (server/page-cache.ts): nothing per visitor may go into it, so
     * the root loader leaves out the CSRF token and its cookie.
     */
    publicPage: boolean;
  }
}

export {};
