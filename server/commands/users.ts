import { createInterface } from "node:readline/promises";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../../app/auth/password.server";
import { createUser, findUserByEmail, isPlausibleEmail } from "../../requests/users";
import { UsageError, type Command } from "./types";

/** Parses `--name value` flags; bare `--flag` becomes "true". */
export function parseFlags(args: string[], known: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) throw new UsageError(`Unexpected argument: ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!known.includes(name)) throw new UsageError(`Unknown option --${name}`);
    if (inline !== undefined) out[name] = inline;
    else if (i + 1 < args.length && !args[i + 1].startsWith("--")) out[name] = args[++i];
    else out[name] = "true";
  }
  return out;
}

async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export const usersCreateCommand: Command = {
  path: ["users", "create"],
  summary: "Create a confirmed user (the first admin with --admin); asks for the password when not given",
  usage: "dossier users create --email ADDRESS --name NAME [--password P] [--admin] [--locale fr|nl|de|en]",
  needsRuntime: true,
  async run(args, runtime) {
    const flags = parseFlags(args, ["email", "name", "password", "admin", "locale"]);
    const email = flags.email ?? (process.stdin.isTTY ? await prompt("E-mail: ") : "");
    if (!isPlausibleEmail(email.trim())) throw new UsageError("--email must be an e-mail address");
    const name = flags.name ?? (process.stdin.isTTY ? await prompt("Display name: ") : "");
    if (!name.trim()) throw new UsageError("--name is required");
    const password = flags.password ?? (process.stdin.isTTY ? await prompt("Password: ") : "");
    if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    const locale = flags.locale ?? "fr";
    if (!["fr", "nl", "de", "en"].includes(locale)) throw new UsageError("--locale must be fr, nl, de or en");
    const db = runtime!.database.db;
    if (await findUserByEmail(db, email)) {
      console.error(`A user with the e-mail ${email.trim()} already exists.`);
      return 1;
    }
    const user = await createUser(db, {
      email,
      displayName: name,
      passwordHash: await hashPassword(password),
      locale,
      role: flags.admin === "true" ? "admin" : "citizen",
      confirmed: true,
    });
    console.log(JSON.stringify({ id: user.id, email: user.email, display_name: user.display_name, role: user.role }));
  },
};
