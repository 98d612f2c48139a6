/** Shared by the browser (hints) and the server (checks). */
export const MIN_PASSWORD_LENGTH = 10;
