/** Public-name constants shared by the server and the browser bundle (no server imports here). */
export const ACCOUNT_DELETED = "[account deleted]";
