import { afterEach } from "vitest";

/** A test that prints an unexpected console.error fails (STYLE 6). */
let errors: string[] = [];
let allowed = false;
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args.map(String).join(" "));
  original(...args);
};

afterEach(() => {
  const seen = errors;
  const ok = allowed;
  errors = [];
  allowed = false;
  if (seen.length > 0 && !ok) throw new Error(`Unexpected console.error:\n${seen.join("\n")}`);
});

/** The current test expects console.error output (e.g. a logged failure). */
export function allowConsoleError(): void {
  allowed = true;
}
