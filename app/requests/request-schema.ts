import { z } from "zod";
import { normalizePostalAddress, POSTAL_ADDRESS_MAX, type AddressNeed } from "../../moderation/postal-address";

/** The request form (new and edit). Errors are UI string keys. */
export const requestFormSchema = z.object({
  title: z.string().transform((s) => s.replace(/\s+/g, " ").trim()).pipe(z.string().min(3, "error.titleLength").max(200, "error.titleLength")),
  body: z.string().transform((s) => s.trim()).pipe(z.string().min(10, "error.bodyLength").max(20000, "error.bodyLength")),
  language: z.string().max(5).optional(),
  postalAddress: z
    .string()
    .default("")
    .transform(normalizePostalAddress)
    .pipe(z.union([z.literal(""), z.string().min(8, "error.postalAddressShort").max(POSTAL_ADDRESS_MAX, "error.postalAddressLong")])),
});

/**
 * The same form for an authority whose regime requires the requester's
 * postal address (Brussels): missing, it is an error; elsewhere it is
 * optional (Flanders asks) or ignored.
 */
export function requestFormSchemaFor(need: AddressNeed) {
  if (need !== "required") return requestFormSchema;
  return requestFormSchema.superRefine((v, ctx) => {
    if (v.postalAddress === "") ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["postalAddress"], message: "error.postalAddressRequired" });
  });
}

export const classifySchema = z.object({ state: z.string().min(1).max(40) });
export const followUpSchema = z.object({ body: z.string().transform((s) => s.trim()).pipe(z.string().min(5, "error.bodyLength").max(20000, "error.bodyLength")) });

/** The request form's fields as submitted (strings), to validate and to show back. */
export function requestFormValues(form: FormData) {
  const field = (name: string) => String(form.get(name) ?? "");
  return { title: field("title"), body: field("body"), language: field("language"), postalAddress: field("postalAddress") };
}

export function requestFormErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0])] ??= issue.message.startsWith("error.") ? issue.message : "error.code.invalid_input";
  return out;
}
