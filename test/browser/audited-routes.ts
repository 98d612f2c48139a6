/**
 * Which pages the accessibility audit (test/browser/accessibility.test.ts)
 * opens for each route file of app/routes, and which route files are not
 * pages. test/app/route-coverage.test.ts fails when a route file is in
 * neither list, so a new page cannot escape the audit.
 */

export type Role = "anonymous" | "citizen" | "admin";
/**
 * One page the audit opens: `status` is the status it answers on purpose
 * (an error page); `variant` marks the same page as another entry with other
 * parameters (same title, so the title test skips it).
 */
export type AuditedRoute = {
  path: string;
  role: Role;
  status?: number;
  variant?: boolean;
};

/** What the audit's seed data gives the routes (test/browser/accessibility.test.ts, `seed`). */
export type Ids = {
  authoritySlug: string;
  requestId: number;
  draftId: number;
  citizenId: number;
  batchId: number;
  /** `state=…&sig=…` of a valid classification link (requests/classify-links.ts). */
  classifyQuery: string;
  unsubscribeToken: string;
};

const anonymous = (path: string): AuditedRoute => ({ path, role: "anonymous" });
const citizen = (path: string): AuditedRoute => ({ path, role: "citizen" });
const admin = (path: string): AuditedRoute => ({ path, role: "admin" });

/**
 * Every page route (a file of app/routes with a default export, named
 * without its extension) → the pages the audit opens for it. Each is opened
 * at a desktop and a phone width, in the language of its role's tabs.
 */
export const pageRoutes: Record<string, (ids: Ids) => AuditedRoute[]> = {
  _index: () => [anonymous("/")],
  $: () => [{ path: "/no-such-page", role: "anonymous", status: 404 }],
  "authorities._index": () => [anonymous("/authorities")],
  "authorities.$slug": (ids) => [
    anonymous(`/authorities/${ids.authoritySlug}`),
  ],
  "authorities.$slug_.overdue": (ids) => [
    anonymous(`/authorities/${ids.authoritySlug}/overdue`),
  ],
  overdue: () => [anonymous("/overdue")],
  search: () => [
    anonymous("/search"),
    anonymous("/search?q=budget"),
    {
      path: "/search?q=budget&kind=commune&state=awaiting_response&type=nonsense",
      role: "anonymous",
      status: 400,
      variant: true,
    },
  ],
  stats: () => [anonymous("/stats")],
  privacy: () => [anonymous("/privacy")],
  login: () => [anonymous("/login")],
  signup: () => [anonymous("/signup")],
  "forgot-password": () => [anonymous("/forgot-password")],
  "reset-password": () => [anonymous("/reset-password?token=invalid")],
  confirm: () => [
    { path: "/confirm?token=invalid", role: "anonymous", status: 410 },
  ],
  "requests.$id": (ids) => [
    anonymous(`/requests/${ids.requestId}`),
    { ...citizen(`/requests/${ids.requestId}`), variant: true },
    { ...admin(`/requests/${ids.requestId}`), variant: true },
  ],
  "requests_.$id_.replies": (ids) => [
    anonymous(`/requests/${ids.requestId}/replies`),
  ],
  "requests.$id_.classify": (ids) => [
    anonymous(`/requests/${ids.requestId}/classify?${ids.classifyQuery}`),
  ],
  "users.$id": (ids) => [anonymous(`/users/${ids.citizenId}`)],
  report: (ids) => [anonymous(`/report?target=request&id=${ids.requestId}`)],
  "reminders.unsubscribe": () => [
    anonymous("/reminders/unsubscribe?u=1&k=overdue&s=bad"),
  ],
  "unsubscribe.$token": (ids) => [
    anonymous(`/unsubscribe/${ids.unsubscribeToken}`),
  ],
  "batches.$id": (ids) => [
    anonymous(`/batches/${ids.batchId}`),
    { ...citizen(`/batches/${ids.batchId}`), variant: true },
  ],
  "my-requests": () => [citizen("/my-requests")],
  account: () => [citizen("/account")],
  "account.privacy": () => [citizen("/account/privacy")],
  following: () => [citizen("/following")],
  "requests.new": (ids) => [
    citizen("/requests/new"),
    citizen(`/requests/new?authority=${ids.authoritySlug}`),
  ],
  "batches.new": () => [citizen("/batches/new")],
  "requests.$id_.edit": (ids) => [citizen(`/requests/${ids.draftId}/edit`)],
  "requests.$id_.preview": (ids) => [
    citizen(`/requests/${ids.draftId}/preview`),
  ],
  "requests.$id_.nudge": (ids) => [citizen(`/requests/${ids.requestId}/nudge`)],
  "requests.$id_.escalate": (ids) => [
    citizen(`/requests/${ids.requestId}/escalate`),
  ],
  "requests.$id_.paper": (ids) => [citizen(`/requests/${ids.requestId}/paper`)],
  "requests.$id_.moderate": (ids) => [
    admin(`/requests/${ids.requestId}/moderate`),
  ],
  "admin.mail": () => [admin("/admin/mail")],
  "admin.moderation": () => [admin("/admin/moderation")],
  "admin.outbox": () => [
    admin("/admin/outbox"),
    { path: "/admin/outbox", role: "citizen", status: 403 },
  ],
  "admin.redaction": () => [admin("/admin/redaction")],
  "admin.audit": () => [admin("/admin/audit")],
  "admin.directory": () => [admin("/admin/directory")],
  "admin.authorities.$slug": (ids) => [admin(`/admin/authorities/${ids.authoritySlug}`)],
  "admin.regimes": () => [admin("/admin/regimes")],
  "admin.batches": () => [
    admin("/admin/batches"),
    { path: "/admin/batches", role: "citizen", status: 403 },
  ],
  "batches._index": () => [citizen("/batches")],
};

/**
 * Route files that never render a page (resource routes: no default export),
 * with what they answer. The coverage test checks they have no default export.
 */
export const nonPageRoutes: Record<string, string> = {
  "account.data[.json]": "JSON download of the account's data",
  "admin.mail_.raw.$id": "raw RFC 822 message (text/plain)",
  "api.v1.authorities.$slug": "JSON API",
  "api.v1.authorities.$slug_.stats": "JSON API",
  "api.v1.authorities._index": "JSON API",
  "api.v1.batches.$id": "JSON API",
  "api.v1.requests.$id": "JSON API",
  "api.v1.search": "JSON API",
  "api.v1.stats": "JSON API",
  "attachments.$id.$filename": "attachment download",
  "batches.$id_.export": "CSV/JSON export",
  "batches.$id_.letters[.]pdf": "the batch's letters by post (PDF)",
  "requests.$id_.me-too": "form action: join or leave a request (redirects)",
  "feeds.area": "Atom feed",
  "feeds.authorities.$slug": "Atom feed",
  "feeds.requests.$id": "Atom feed",
  "feeds.users.$id": "Atom feed",
  follow: "form action; redirects back",
  language: "form action; sets the language cookie and redirects back",
  logout: "form action; redirects",
  "requests.$id_.annotations": "form action; redirects to the request",
  "requests.$id_.appeal-notice": "form action; redirects to the request",
  "requests.$id_.escalate_.pdf": "PDF",
  "requests.$id_.extension": "form action; redirects to the request",
  "requests.$id_.letter[.]pdf": "PDF",
  "requests.$id_.messages.$messageId[.txt]": "text/plain message",
  "search[.]atom": "Atom feed",
};

/**
 * The URL pattern of a Remix v2 flat route file name: dots are slashes,
 * `[…]` is literal, `$name` one segment, a lone `$` the rest of the path,
 * a trailing `_` opts out of the parent layout, a leading `_` is pathless.
 */
export function routePattern(routeFile: string): RegExp {
  const segments: string[] = [];
  let current = "";
  let literal = false;
  for (const char of routeFile) {
    if (char === "[") literal = true;
    else if (char === "]") literal = false;
    else if (char === "." && !literal) {
      segments.push(current);
      current = "";
    } else current += literal ? char.replace(/[.*+?^${}()|\\]/g, "\\$&") : char;
  }
  segments.push(current);
  const parts = segments
    .map((segment) => segment.replace(/_$/, ""))
    .filter((segment) => !segment.startsWith("_"))
    .map((segment) =>
      segment === "$" ? ".*" : segment.startsWith("$") ? "[^/]+" : segment
    );
  return new RegExp(`^/${parts.join("/")}$`);
}
