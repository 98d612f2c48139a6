import { sendMailJob } from "../mail/outbound";
import { mailJobs } from "../mail/jobs";
import { deadlinesDailyJob, deadlinesRefreshJob } from "../requests/deadlines/job";
import type { JobDefinition } from "./queue";

/**
 * Every background job of the platform, one list so that each process
 * creates the same queues. Rooms export their definitions; add them here.
 */
export const jobDefinitions: JobDefinition[] = [sendMailJob, ...mailJobs, deadlinesDailyJob, deadlinesRefreshJob];
