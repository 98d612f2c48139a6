import type { Room } from "../core/room";

/**
 * Users, sessions, tokens, confirmation, password reset, bans and deletion.
 * The room has no jobs and no start-up work: its e-mails go through the
 * mail room's outbox, expired sessions and links are refused on read, and
 * rate-limit windows are swept by the limiter itself (rate-limit.ts).
 */
export const accountsRoom: Room = {
  name: "accounts",
  commands: [
    {
      path: ["users", "create"],
      summary: "Create a confirmed user (the first admin with --admin); asks for the password when not given",
      usage: "dossier users create --email ADDRESS --name NAME [--password P] [--admin] [--locale fr|nl|de|en]",
      needsContext: true,
      load: async () => (await import("./commands")).usersCreate,
    },
  ],
  // The proposer of a directory correction hears the administrator's decision.
  subscribers: async () => (await import("./proposal-notice")).proposalNoticeSubscribers,
};
