import { outboxSweepJob, sendMailJob } from "../mail/outbound";
import { mailJobs } from "../mail/jobs";
import { watchJobs } from "../watch/jobs";
import { moderationJobs } from "../moderation/jobs";
import { deadlinesDailyJob, deadlinesRefreshJob } from "../requests/deadlines/job";
import type { JobDefinition } from "./queue";
import { searchJobs } from "../search/indexing";
import { searchFollowObserver } from "../watch/search-alerts";

/**
 * Every background job of the platform, one list so that each process
 * creates the same queues. Rooms export their definitions; add them here.
 */
export const jobDefinitions: JobDefinition[] = [sendMailJob, outboxSweepJob, ...mailJobs, ...searchJobs(searchFollowObserver), ...watchJobs, ...moderationJobs, deadlinesDailyJob, deadlinesRefreshJob];
