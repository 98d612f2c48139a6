import type { Room } from "../core/room";

/** Users, sessions, tokens, confirmation, password reset, bans and deletion. */
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
};
