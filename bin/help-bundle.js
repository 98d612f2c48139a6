// The bundle that answers `dossier --help` without the TypeScript loader
// (see bin/dossier.js). Plain JavaScript: it runs before any loader.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const output = path.join(root, "build", "cli-help.mjs");

/** `dossier`, `dossier --help`, `dossier help`, `dossier <command…> --help`. */
export function isHelpRequest(argv) {
  return argv.length === 0 || argv.includes("--help") || argv.includes("-h") || argv[0] === "help";
}

/** What the bundle is made of: the CLI, the rooms list, the kernel and every room's declaration. */
function sources() {
  const files = [path.join(root, "server", "cli.ts"), path.join(root, "server", "rooms.ts"), path.join(root, "bin", "help-bundle.js")];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const dir = path.join(root, entry.name);
    if (entry.name === "core") files.push(...readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f)));
    else if (existsSync(path.join(dir, "room.ts"))) files.push(path.join(dir, "room.ts"));
  }
  return files;
}

function fresh() {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  return sources().every((file) => statSync(file).mtimeMs <= built);
}

/** The bundle's URL, built first when missing or older than its sources. */
export async function cliHelpBundle() {
  if (!fresh()) {
    const { build } = await import("esbuild");
    mkdirSync(path.dirname(output), { recursive: true });
    const temporary = `${output}.${process.pid}.tmp`;
    await build({
      entryPoints: [path.join(root, "server", "cli.ts")],
      outfile: temporary,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      logLevel: "silent",
      plugins: [
        {
          name: "commands-stay-out",
          setup(builder) {
            // A command's code is loaded by its declaration's `load()`: never part of help.
            builder.onResolve({ filter: /.*/ }, (args) => (args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined));
          },
        },
      ],
    });
    renameSync(temporary, output);
  }
  return pathToFileURL(output).href;
}
