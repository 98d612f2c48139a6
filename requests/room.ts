import type { Room } from "../core/room";

/** The request lifecycle: states, letters, deadlines tracking, reminders and escalation. */
export const requestsRoom: Room = {
  name: "requests",
  jobs: async () => {
    const { deadlinesDailyJob, deadlinesRefreshJob } = await import("./deadlines/job");
    return [deadlinesDailyJob, deadlinesRefreshJob];
  },
  // Deadlines follow every event on a request, and the administrators' rule changes.
  subscribers: async () => {
    const [{ deadlineSubscribers, rulesChangedSubscribers }, { deliverySubscribers }] = await Promise.all([import("./deadlines/subscribers"), import("./delivery")]);
    return [...deadlineSubscribers, ...rulesChangedSubscribers, ...deliverySubscribers];
  },
  commands: [
    {
      path: ["requests", "create"],
      summary: "File a request (creates the user if needed): queue its e-mail or print its letter; prints JSON with id, reply_address, channel (and letter_pdf by post)",
      usage:
        "dossier requests create --authority SLUG --email ADDRESS --title T --body B [--name NAME] [--language fr|nl|de] [--address POSTAL_ADDRESS] [--channel email|post] [--accept-unverified-email ADDRESS] [--authority-address 'STREET\\nPOSTCODE TOWN']",
      needsContext: true,
      load: async () => (await import("./commands")).requestsCreate,
    },
    {
      path: ["authorities", "reach"],
      summary: "Count the authorities per region and channel: verified e-mail, unverified e-mail (post by default), post only; from the database, --bundled or a directory --file",
      usage: "dossier authorities reach [--bundled | --file PATH] [--json]",
      needsContext: true,
      load: async () => (await import("./commands")).authoritiesReach,
    },
    {
      path: ["deadlines", "recompute"],
      summary: "Recompute every request's stored deadlines and overdue mark; report how many changed",
      usage: "dossier deadlines recompute [--today YYYY-MM-DD] [--json]",
      needsContext: true,
      load: async () => (await import("./commands")).deadlinesRecompute,
    },
  ],
};
