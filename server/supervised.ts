/**
 * What the supervisor of `dossier start` (server/supervisor.ts) and its
 * children say to each other over the IPC channel node gives a forked
 * process. Kept apart so that a child loads none of the supervisor.
 */

/**
 * Set in a child's environment by its supervisor. Honoured only with an IPC
 * channel to a parent, so a stray variable in a shell cannot make
 * `dossier web` skip its migrations.
 */
export const SUPERVISED_ENV = "DOSSIER_SUPERVISED";

/** A child tells its supervisor that it serves (with its port), or why it could not start. */
export type ChildMessage = { type: "ready"; port?: number } | { type: "failed"; message: string };

export function isSupervisedChild(): boolean {
  return process.env[SUPERVISED_ENV] === "1" && typeof process.send === "function";
}

export function tellSupervisor(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    // A supervisor that is gone cannot be told; the child stops on "disconnect" anyway.
    process.send(message, undefined, {}, () => resolve());
  });
}

export function isChildMessage(value: unknown): value is ChildMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === "ready" || type === "failed";
}
