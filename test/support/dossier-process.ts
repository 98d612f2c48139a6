import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../db/embedded";

/**
 * `node bin/dossier.js …` as a real process in its own process group, with
 * its output kept, so a test can wait for a log line, signal it, and kill
 * the whole group (children, PostgreSQL) when it fails half-way.
 */
export type DossierProcess = {
  process: ChildProcess;
  pid: number;
  output: () => string;
  /** Resolves with the first match of `pattern` in the output after `from` (a character offset). */
  waitFor: (pattern: RegExp, timeoutMs: number, from?: number) => Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to every process of the group that is still there. */
  killGroup: () => void;
};

export function startDossier(args: string[], env: Record<string, string | undefined>, nodeOptions: string[] = []): DossierProcess {
  // nodeOptions (e.g. --cpu-prof) reach the worker and SMTP processes too: the supervisor forks them with its own.
  const child = spawn(process.execPath, [...nodeOptions, "bin/dossier.js", ...args], {
    env: { ...process.env, ...env },
    // Its own process group: the test can reach every process it starts.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });
  const pid = child.pid!;
  return {
    process: child,
    pid,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.slice(from).match(pattern);
          if (match) return done(() => resolve(match));
          if (child.exitCode !== null || child.signalCode !== null) {
            done(() => reject(new Error(`dossier ${args.join(" ")} exited before printing ${pattern}:\n${output}`)));
          }
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      }),
    killGroup: () => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* nothing left */
      }
    },
  };
}

/** True while any process of the group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** A port that was free a moment ago on 127.0.0.1 (for a listener that must keep its port across restarts). */
export { freePort };
