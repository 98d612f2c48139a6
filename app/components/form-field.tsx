import type { MessageKey } from "../../core/i18n/index";
import { useT } from "~/i18n/use-t";

type Props = {
  name: string;
  label: MessageKey;
  type?: "text" | "email" | "password" | "search";
  hint?: string;
  error?: string;
  defaultValue?: string;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  params?: Record<string, string | number>;
};

/** A labelled input with its hint and error, linked for screen readers. */
export function FormField({ name, label, type = "text", hint, error, defaultValue, autoComplete, required, maxLength, params }: Props) {
  const t = useT();
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{t(label)}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error as MessageKey, params)}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        required={required}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
