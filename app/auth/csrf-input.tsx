import { useRouteLoaderData } from "@remix-run/react";

/** The root loader's CSRF token (see app/auth/csrf.server.ts). */
export function useCsrfToken(): string {
  const data = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  return data?.csrfToken ?? "";
}

/** Put inside every `<Form method="post">`. */
export function CsrfInput() {
  return <input type="hidden" name="csrf" value={useCsrfToken()} />;
}
