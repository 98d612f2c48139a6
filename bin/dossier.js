#!/usr/bin/env node
// The `dossier` command: runs the TypeScript CLI through tsx, so no build
// step stands between `npm install` and the first command.
//
// Help is the exception: registering the TypeScript loader costs more than
// everything `dossier --help` does, so help is answered by the same CLI
// code (server/cli.ts with the kernel and the rooms' declarations) bundled
// into build/cli-help.mjs, rebuilt whenever one of its sources is newer.
// No command runs from the bundle: its dynamic imports are left out.
import { cliHelpBundle, isHelpRequest } from "./help-bundle.js";

const argv = process.argv.slice(2);
const bundle = isHelpRequest(argv) ? await cliHelpBundle().catch(() => null) : null;
if (bundle) {
  await import(bundle);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../server/cli.ts");
}
