import type { Runtime } from "../runtime";

/**
 * One CLI command. `path` is its words (["authorities", "import"]); `run`
 * gets the remaining arguments. Commands that need the database say so and
 * receive an open runtime, closed for them afterwards.
 */
export type Command = {
  path: string[];
  summary: string;
  usage: string;
  needsRuntime: boolean;
  run: (args: string[], runtime: Runtime | undefined) => Promise<number | void>;
};

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
