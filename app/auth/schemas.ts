import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "../../accounts/password-rules";

/** One schema per form; error messages are UI string keys. */
// The length is checked before the expression runs (zod would run a .regex() on any length, and this
// expression backtracks over the domain's dots: quadratic). Same rule as accounts/users.ts isPlausibleEmail.
const emailShape = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;
const email = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value.length <= 254 && emailShape.test(value), "form.invalidEmail");
const password = z.string().min(MIN_PASSWORD_LENGTH, "form.passwordTooShort").max(200, "form.passwordTooShort");
const displayName = z.string().trim().min(1, "form.nameRequired").max(80, "form.nameRequired");

export const signupSchema = z.object({ email, displayName, password });
export const loginSchema = z.object({ email, password: z.string().min(1).max(200), redirectTo: z.string().optional() });
export const forgotSchema = z.object({ email });
export const resetSchema = z.object({ token: z.string().min(10).max(100), password });
export const accountSchema = z.object({ displayName, locale: z.enum(["fr", "nl", "de", "en"]) });

export type FieldErrors = Record<string, string>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message.includes(".") ? issue.message : "form.errors";
  }
  return out;
}

export function formValues(form: FormData, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, String(form.get(n) ?? "")]));
}
