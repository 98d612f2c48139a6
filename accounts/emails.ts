import { defineEmail } from "../core/email";

/** The link that activates a new account (valid 48 hours). */
export const confirmAccountEmail = defineEmail<{ name: string; url: string }>({
  kind: "confirm_account",
  subject: (t) => t("email.account.confirm.subject"),
  body: (t, p) => t("email.account.confirm.body", p),
});

/** The link that lets a citizen choose a new password (valid 1 hour). */
export const resetPasswordEmail = defineEmail<{ name: string; url: string }>({
  kind: "reset_password",
  subject: (t) => t("email.account.reset.subject"),
  body: (t, p) => t("email.account.reset.body", p),
});
