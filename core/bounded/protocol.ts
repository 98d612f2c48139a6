/** What a bounded child process runs: one job in, one result out, progress on the way. */
export type BoundedTask<In, Out> = (input: In, progress: (p: unknown) => void) => Promise<Out>;

export type ParentMessage = { id: number; input: unknown };
export type ChildMessage = { id: number } & ({ kind: "result"; result: unknown } | { kind: "error"; error: string } | { kind: "progress"; progress: unknown });

/** Exit code of a child whose resident memory passed its bound. */
export const MEMORY_EXIT = 87;
