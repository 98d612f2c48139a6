import { Form } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";

const LANGUAGE_LABEL: Record<string, string> = { fr: "Français", nl: "Nederlands", de: "Deutsch" };

type Props = {
  authoritySlug?: string;
  languages: string[];
  values: { title: string; body: string; language: string; postalAddress?: string };
  errors: Record<string, string>;
  /** Shown where the authority's regime requires or asks for the requester's postal address. */
  postalAddress?: "required" | "asked" | "not_needed";
  /** Offers "Check for similar requests" (the new-request form): the page lists published look-alikes without saving. */
  checkSimilar?: boolean;
};

/** Title, body and (where the law allows a choice) the letter's language. */
export function RequestForm({ authoritySlug, languages, values, errors, postalAddress = "not_needed", checkSimilar = false }: Props) {
  const t = useT();
  return (
    <Form method="post" className="stacked">
      <CsrfInput />
      {authoritySlug ? <input type="hidden" name="authority" value={authoritySlug} /> : null}
      <FieldHead id="field-title" label={t("new.titleLabel")} hint={t("new.titleHint")} error={errors.title} />
      <input id="field-title" name="title" type="text" required minLength={3} maxLength={200} defaultValue={values.title} {...describedBy("field-title", errors.title)} />
      <FieldHead id="field-body" label={t("new.bodyLabel")} hint={t("new.bodyHint")} error={errors.body} />
      <textarea id="field-body" name="body" required minLength={10} maxLength={20000} defaultValue={values.body} {...describedBy("field-body", errors.body)} />
      {postalAddress !== "not_needed" ? (
        <>
          <FieldHead
            id="field-postal-address"
            label={t("new.postalAddress")}
            hint={t(postalAddress === "required" ? "new.postalAddress.requiredHint" : "new.postalAddress.askedHint")}
            error={errors.postalAddress}
          />
          <textarea
            id="field-postal-address"
            name="postalAddress"
            rows={3}
            required={postalAddress === "required"}
            maxLength={300}
            autoComplete="street-address"
            defaultValue={values.postalAddress ?? ""}
            {...describedBy("field-postal-address", errors.postalAddress)}
          />
        </>
      ) : null}
      {languages.length > 1 ? (
        <fieldset>
          <legend>{t("new.language")}</legend>
          <p className="hint">{t("new.languageHint")}</p>
          {languages.map((l) => (
            <span key={l}>
              <input type="radio" id={`field-language-${l}`} name="language" value={l} defaultChecked={values.language === l} />
              <label htmlFor={`field-language-${l}`} lang={l}>
                {LANGUAGE_LABEL[l] ?? l}
              </label>
            </span>
          ))}
        </fieldset>
      ) : (
        <input type="hidden" name="language" value={languages[0] ?? ""} />
      )}
      <p>
        <button type="submit" className="primary">
          {t("new.preview")}
        </button>{" "}
        {checkSimilar ? (
          <button type="submit" name="intent" value="check" className="secondary">
            {t("similar.check")}
          </button>
        ) : null}
      </p>
    </Form>
  );
}

/** A field's label, its hint and, after a failed submission, its error (a UI string key). */
function FieldHead({ id, label, hint, error }: { id: string; label: string; hint: string; error?: string }) {
  const t = useT();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error as MessageKey)}
        </p>
      ) : null}
    </>
  );
}

/** What ties an input to its FieldHead for assistive technology. */
function describedBy(id: string, error: string | undefined) {
  return { "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-hint ${id}-error` : `${id}-hint` };
}
