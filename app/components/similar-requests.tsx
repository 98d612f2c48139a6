import { Link } from "@remix-run/react";
import type { MessageKey } from "../../core/i18n/index";
import { useLocale, useT } from "~/i18n/use-t";
import { displayName } from "../../authorities/names";
import type { SimilarRequest } from "../../search/similar";
import { MeTooButton } from "~/components/watch/me-too";

export type SimilarData = { sameAuthority: SimilarRequest[]; others: SimilarRequest[]; checked: boolean };

/**
 * "Already asked?": published requests like the one being written, with
 * their state and whether documents were released, and the button to join
 * one ("I want this too": follow it) instead of filing. Server-rendered.
 */
export function SimilarRequests({ data }: { data: SimilarData }) {
  const t = useT();
  if (!data.checked && data.sameAuthority.length === 0 && data.others.length === 0) return null;
  return (
    <section className="similar-requests notice" aria-labelledby="similar-title" data-testid="similar-requests">
      <h2 id="similar-title">{t("similar.title")}</h2>
      {data.sameAuthority.length === 0 && data.others.length === 0 ? (
        <p>{t("similar.none")}</p>
      ) : (
        <>
          <p>{t("similar.lead")}</p>
          <SimilarList heading={t("similar.heading.same")} items={data.sameAuthority} />
          <SimilarList heading={t("similar.heading.others")} items={data.others} />
        </>
      )}
    </section>
  );
}

function SimilarList({ heading, items }: { heading: string; items: SimilarRequest[] }) {
  const t = useT();
  const locale = useLocale();
  if (items.length === 0) return null;
  return (
    <>
      <h3>{heading}</h3>
      <ul>
        {items.map((s) => (
          <li key={s.requestId}>
            <Link to={s.url}>{s.title}</Link>
            {s.sameAuthority ? null : <> — {displayName({ name_fr: s.authorityNames.fr ?? null, name_nl: s.authorityNames.nl ?? null, name_de: s.authorityNames.de ?? null, name_en: s.authorityNames.en ?? null, languages: [] }, locale)}</>}
            {" — "}
            {s.state ? t(`state.${s.state}` as MessageKey) : null}
            {", "}
            {t(s.documentsReleased ? "similar.documents" : "similar.noDocuments")} <MeTooButton requestId={s.requestId} joined={false} />
          </li>
        ))}
      </ul>
    </>
  );
}
