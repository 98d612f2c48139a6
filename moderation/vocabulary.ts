/** Moderation's fixed vocabularies, shared by the server and the browser bundle (no server imports here). */
export const hideTargets = ["request", "message", "attachment", "annotation"] as const;
export type HideTarget = (typeof hideTargets)[number];
export const hideAudiences = ["everyone", "all_but_requester"] as const;
export type HideAudience = (typeof hideAudiences)[number];
export const hideReasons = ["personal_data", "defamatory", "off_topic", "legal", "spam", "other"] as const;
export type HideReason = (typeof hideReasons)[number];
export const requestLabels = ["vexatious", "not_foi"] as const;
export type RequestLabel = (typeof requestLabels)[number];
export const reportReasons = ["personal_data", "defamatory", "not_foi", "spam", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];
export const reportTargets = ["request", "message", "annotation"] as const;
export type ReportTarget = (typeof reportTargets)[number];
