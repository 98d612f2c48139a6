/** Job names of the mail room, importable without loading the job code (e.g. from web routes). */
export const MAIL_PROCESS = "mail.process";
export const MAIL_EXTRACT = "mail.extract";
export const MAIL_SWEEP = "mail.sweep";
