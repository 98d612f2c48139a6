import { z } from "zod";

/** The request form (new and edit). Errors are UI string keys. */
export const requestFormSchema = z.object({
  title: z.string().transform((s) => s.replace(/\s+/g, " ").trim()).pipe(z.string().min(3, "error.titleLength").max(200, "error.titleLength")),
  body: z.string().transform((s) => s.trim()).pipe(z.string().min(10, "error.bodyLength").max(20000, "error.bodyLength")),
  language: z.string().max(5).optional(),
});

export const classifySchema = z.object({ state: z.string().min(1).max(40) });
export const followUpSchema = z.object({ body: z.string().transform((s) => s.trim()).pipe(z.string().min(5, "error.bodyLength").max(20000, "error.bodyLength")) });

export function requestFormErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0])] ??= issue.message.startsWith("error.") ? issue.message : "error.code.invalid_input";
  return out;
}
