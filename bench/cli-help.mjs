#!/usr/bin/env node
// How fast `dossier --help` answers, and how many modules it loads, against
// a named reference in the same run: a bare `node -e ""` start (the floor no
// CLI can beat) and `node --import tsx -e ""` (the TypeScript loader alone).
//
//   node bench/cli-help.mjs [--runs 15]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 15;

function time(args, env = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median_ms: round(samples[Math.floor(samples.length / 2)]), min_ms: round(samples[0]), max_ms: round(samples[samples.length - 1]) };
}

function modules(args) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dossier-modules-"));
  const file = path.join(dir, "loaded.txt");
  try {
    spawnSync(process.execPath, ["--import", "./bench/support/count-modules.mjs", ...args], { cwd: root, env: { ...process.env, COUNT_MODULES_FILE: file }, encoding: "utf8" });
    const urls = [...new Set(readFileSync(file, "utf8").split("\n").filter(Boolean))];
    const project = urls.filter((u) => u.startsWith("file:") && !u.includes("/node_modules/"));
    const packages = new Set(urls.filter((u) => u.includes("/node_modules/")).map((u) => u.split("/node_modules/").pop().split("/").slice(0, u.split("/node_modules/").pop().startsWith("@") ? 2 : 1).join("/")));
    return { total: urls.length, project: project.length, builtin: urls.filter((u) => u.startsWith("node:")).length, packages: [...packages].sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n) => Math.round(n * 10) / 10;

const report = {
  runs,
  machine: { cpus: os.cpus().length, load_average: os.loadavg().map(round) },
  reference_bare_node: time(["-e", ""]),
  reference_tsx_loader: time(["--import", "tsx", "-e", ""]),
  dossier_help: time(["bin/dossier.js", "--help"]),
  dossier_help_modules: modules(["bin/dossier.js", "--help"]),
};
console.log(JSON.stringify(report, null, 2));
