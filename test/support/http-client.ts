/** A tiny cookie-keeping client for the served app, like a browser without JavaScript. */
export function httpClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [name, ...value] = pair.split("=");
      jar.set(name, value.join("="));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return {
    jar,
    async get(path: string) {
      const res = await fetch(baseUrl + path, { headers: { Cookie: cookie() }, redirect: "manual" });
      remember(res);
      return res;
    },
    async post(path: string, fields: Record<string, string>) {
      const res = await fetch(baseUrl + path, {
        method: "POST",
        headers: { Cookie: cookie(), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
        redirect: "manual",
      });
      remember(res);
      return res;
    },
  };
}

/** The CSRF token of the first protected form on a page. */
export async function csrfOf(res: Response): Promise<string> {
  const html = await res.text();
  return html.match(/name="csrf" value="([^"]+)"/)![1];
}
