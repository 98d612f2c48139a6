import { translate, type Locale } from "../core/i18n/index";

/**
 * Routing reasons are stored as the English sentences mail/route.ts and
 * mail/admin.ts write (they are also the `dossier mail ingest` output). The
 * holding pen shows them in the administrator's language; a reason this
 * table does not know is labelled as the server's English note.
 */
export function reasonText(reason: string | null | undefined, locale: Locale): string {
  if (!reason) return "";
  if (reason === "no valid reply address and no known thread") return translate(locale, "mail.reason.noAddress");
  if (reason === "assigned by an administrator") return translate(locale, "mail.reason.assigned");
  const wrongCode = /^addressed to request-(\d+)-… with a wrong or missing code$/.exec(reason);
  if (wrongCode) return translate(locale, "mail.reason.wrongCode", { id: wrongCode[1] });
  const domain = /^sender's domain (\S+) is the authority's; its most recent request$/.exec(reason);
  if (domain) return translate(locale, "mail.reason.senderDomain", { domain: domain[1] });
  return translate(locale, "mail.reason.other", { reason });
}
