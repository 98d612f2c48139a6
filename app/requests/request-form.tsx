import { Form } from "@remix-run/react";
import { CsrfInput } from "~/auth/csrf-input";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";

const LANGUAGE_LABEL: Record<string, string> = { fr: "Français", nl: "Nederlands", de: "Deutsch" };

type Props = {
  authoritySlug?: string;
  languages: string[];
  values: { title: string; body: string; language: string; postalAddress?: string };
  errors: Record<string, string>;
  /** Shown where the authority's regime requires or asks for the requester's postal address. */
  postalAddress?: "required" | "asked" | "not_needed";
};

/** Title, body and (where the law allows a choice) the letter's language. */
export function RequestForm({ authoritySlug, languages, values, errors, postalAddress = "not_needed" }: Props) {
  const t = useT();
  return (
    <Form method="post" className="stacked">
      <CsrfInput />
      {authoritySlug ? <input type="hidden" name="authority" value={authoritySlug} /> : null}
      <label htmlFor="field-title">{t("new.titleLabel")}</label>
      <p className="hint" id="field-title-hint">
        {t("new.titleHint")}
      </p>
      {errors.title ? (
        <p className="field-error" id="field-title-error">
          {t(errors.title as MessageKey)}
        </p>
      ) : null}
      <input
        id="field-title"
        name="title"
        type="text"
        required
        minLength={3}
        maxLength={200}
        defaultValue={values.title}
        aria-invalid={errors.title ? true : undefined}
        aria-describedby={errors.title ? "field-title-hint field-title-error" : "field-title-hint"}
      />
      <label htmlFor="field-body">{t("new.bodyLabel")}</label>
      <p className="hint" id="field-body-hint">
        {t("new.bodyHint")}
      </p>
      {errors.body ? (
        <p className="field-error" id="field-body-error">
          {t(errors.body as MessageKey)}
        </p>
      ) : null}
      <textarea
        id="field-body"
        name="body"
        required
        minLength={10}
        maxLength={20000}
        defaultValue={values.body}
        aria-invalid={errors.body ? true : undefined}
        aria-describedby={errors.body ? "field-body-hint field-body-error" : "field-body-hint"}
      />
      {postalAddress !== "not_needed" ? (
        <>
          <label htmlFor="field-postal-address">{t("new.postalAddress")}</label>
          <p className="hint" id="field-postal-address-hint">
            {t(postalAddress === "required" ? "new.postalAddress.requiredHint" : "new.postalAddress.askedHint")}
          </p>
          {errors.postalAddress ? (
            <p className="field-error" id="field-postal-address-error">
              {t(errors.postalAddress as MessageKey)}
            </p>
          ) : null}
          <textarea
            id="field-postal-address"
            name="postalAddress"
            rows={3}
            required={postalAddress === "required"}
            maxLength={300}
            autoComplete="street-address"
            defaultValue={values.postalAddress ?? ""}
            aria-invalid={errors.postalAddress ? true : undefined}
            aria-describedby={errors.postalAddress ? "field-postal-address-hint field-postal-address-error" : "field-postal-address-hint"}
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
        </button>
      </p>
    </Form>
  );
}
