// mailauth 4 ships no type declarations; only what Dossier calls is declared.
declare module "mailauth" {
  export interface AuthenticateOptions {
    ip?: string;
    helo?: string;
    sender?: string;
    mta?: string;
    resolver?: (name: string, rrtype: string) => Promise<unknown>;
    disableBimi?: boolean;
    disableArc?: boolean;
    trustReceived?: boolean;
  }
  export interface AuthenticateResult {
    dkim: { results?: Array<{ signingDomain?: string; status?: { result?: string; aligned?: string | false } }> };
    spf: unknown;
    dmarc: unknown;
    arc: unknown;
    headers: string;
  }
  export function authenticate(message: Buffer | string, options?: AuthenticateOptions): Promise<AuthenticateResult>;
}

declare module "mailauth/lib/dkim/sign.js" {
  export function dkimSign(
    message: Buffer | string,
    options: { signatureData: Array<{ signingDomain: string; selector: string; privateKey: string | Buffer }>; canonicalization?: string; algorithm?: string },
  ): Promise<{ signatures: string; errors: unknown[] }>;
}
