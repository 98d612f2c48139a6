import type { CommandSpec } from "../core/cli";
import type { AppContext } from "../core/context";
import type { Subscriber } from "../core/events";
import type { JobDefinition } from "../core/jobs";
import type { Room } from "../core/room";
import { accountsRoom } from "../accounts/room";
import { authoritiesRoom } from "../authorities/room";
import { batchesRoom } from "../batches/room";
import { mailRoom } from "../mail/room";
import { moderationRoom } from "../moderation/room";
import { requestsRoom } from "../requests/room";
import { searchRoom } from "../search/room";
import { watchRoom } from "../watch/room";

/**
 * Every room of the platform, in the order their start-up work runs (the
 * directory first: other rooms' work may read it). To add a room, write its
 * `room.ts` and list it here; nothing else in server/ changes.
 */
export const rooms: Room[] = [
  authoritiesRoom,
  accountsRoom,
  requestsRoom,
  mailRoom,
  // Saved searches: the watch room observes each request the search room indexes.
  searchRoom({ observer: async () => (await import("../watch/search-alerts")).searchFollowObserver }),
  watchRoom,
  moderationRoom,
  batchesRoom,
];

/** The process's own commands: serving and migrating. */
const processCommands: CommandSpec[] = [
  partCommand("start", "Start the web app (one process per core), the SMTP listener and the worker as supervised processes (migrates first)"),
  partCommand("web", "Start the web app alone (one process per core; WEB_CONCURRENCY)"),
  partCommand("smtp", "Start the inbound SMTP listener alone"),
  partCommand("worker", "Start the background worker alone"),
  {
    path: ["migrate"],
    summary: "Apply every pending database migration",
    usage: "dossier migrate",
    needsContext: true,
    load: async () => {
      const { migrateToLatest } = await import("../db/migrate");
      return async (_args, context) => {
        const applied = await migrateToLatest(context!.db);
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "The database is up to date.");
      };
    },
  },
  {
    path: ["events", "failed"],
    summary: "List domain events whose subscriber gave up, with its error (newest first)",
    usage: "dossier events failed [--json]",
    needsContext: true,
    load: async () => {
      const [{ failedDeliveries }, { parseFlags }] = await Promise.all([import("../core/event-dispatch"), import("../core/cli")]);
      return async (args, context) => {
        const flags = parseFlags(args, ["json"]);
        const failed = await failedDeliveries(context!);
        if (flags.json) {
          console.log(JSON.stringify(failed));
          return;
        }
        if (failed.length === 0) console.log("No subscriber has given up on an event.");
        for (const f of failed) console.log(`${f.eventId}\t${f.type}\trequest ${f.requestId ?? "-"}\t${f.subscriber}\t${f.attempts} attempts\t${f.error ?? ""}`);
      };
    },
  },
];

function partCommand(name: "start" | "web" | "smtp" | "worker", summary: string): CommandSpec {
  return {
    path: [name],
    summary,
    usage: `dossier ${name}`,
    needsContext: false,
    load: async () => {
      const { runPart } = await import("./start");
      return () => runPart(name);
    },
  };
}

export const commands: CommandSpec[] = [...processCommands, ...rooms.flatMap((room) => room.commands ?? [])];

let jobs: Promise<JobDefinition[]> | undefined;
/** Every background job, so that each process creates the same queues. */
export function allJobs(): Promise<JobDefinition[]> {
  jobs ??= Promise.all([...rooms.map((room) => room.jobs?.() ?? []), dispatcherJobs()]).then((lists) => {
    const all = lists.flat();
    const names = all.map((job) => job.name);
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    if (twice.length) throw new Error(`Jobs declared twice: ${twice.join(", ")}`);
    return all;
  });
  return jobs;
}

/** The one dispatcher of domain events, calling every room's subscribers. */
async function dispatcherJobs(): Promise<JobDefinition[]> {
  const { dispatchJob } = await import("../core/event-dispatch");
  return [dispatchJob(allSubscribers)];
}

let subscribers: Promise<Subscriber[]> | undefined;
/** Every room's event subscribers; a name is where progress is recorded, so it is unique. */
export function allSubscribers(): Promise<Subscriber[]> {
  subscribers ??= Promise.all(rooms.map((room) => room.subscribers?.() ?? [])).then((lists) => {
    const all = lists.flat();
    const names = all.map((s) => s.name);
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    if (twice.length) throw new Error(`Subscribers declared twice: ${twice.join(", ")}`);
    return all;
  });
  return subscribers;
}

/** The rooms' start-up work, in order. */
export async function runStartup(context: AppContext): Promise<void> {
  for (const room of rooms) await room.startup?.(context);
}
