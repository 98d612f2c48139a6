import type { CommandSpec } from "./cli";
import type { AppContext } from "./context";
import type { Subscriber } from "./events";
import type { JobDefinition } from "./jobs";

/**
 * A room declares itself in one file (`<room>/room.ts`): its jobs, its
 * event subscribers, its CLI commands and its start-up work. server/rooms.ts lists the rooms and wires
 * them together; nothing else in server/ knows what a room contains.
 *
 * Declarations stay cheap to import: jobs and start-up work are loaded when
 * a process needs them, commands when they are called.
 */
export type Room = {
  name: string;
  /** The room's background jobs; every process loads them so that every queue exists. */
  jobs?: () => Promise<JobDefinition[]>;
  /** The room's reactions to domain events (core/events.ts), called by the one dispatcher in the worker. */
  subscribers?: () => Promise<Subscriber[]>;
  commands?: CommandSpec[];
  /** Work `dossier start` does once after migrating and before serving (idempotent). */
  startup?: (context: AppContext) => Promise<void>;
};
