import { createInterface } from "node:readline/promises";
import { parseFlags, type CommandRun } from "../core/cli";
import { UsageError } from "../core/errors";
import { isLocale } from "../core/i18n/locales";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./password";
import { createUser, findUserByEmail, isPlausibleEmail } from "./users";

async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** `dossier users create`: a confirmed user (the first admin with --admin); asks for what is not given. */
export const usersCreate: CommandRun = async (args, context) => {
  const flags = parseFlags(args, ["email", "name", "password", "admin", "locale"]);
  const email = flags.email ?? (process.stdin.isTTY ? await prompt("E-mail: ") : "");
  if (!isPlausibleEmail(email.trim())) throw new UsageError("--email must be an e-mail address");
  const name = flags.name ?? (process.stdin.isTTY ? await prompt("Display name: ") : "");
  if (!name.trim()) throw new UsageError("--name is required");
  const password = flags.password ?? (process.stdin.isTTY ? await prompt("Password: ") : "");
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const locale = flags.locale ?? "fr";
  if (!isLocale(locale)) throw new UsageError("--locale must be fr, nl, de or en");
  const { db } = context!;
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
};
