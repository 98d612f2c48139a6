import type { Migration } from "kysely";
import * as m0001 from "./0001_core";
import * as m0100 from "./0100_directory";
import * as m0150 from "./0150_request_channels";
import * as m0151 from "./0151_directory_admin";
import * as m0200 from "./0200_accounts";
import * as m0270 from "./0270_auth_throttles";
import * as m0271 from "./0271_short_reply_codes";
import * as m0290 from "./0290_batches";
import * as m0291 from "./0291_request_supporters";
import * as m0292 from "./0292_batch_post_letters";
import * as m0293 from "./0293_batch_posted_registered";
import * as m0300 from "./0300_mail";
import * as m0330 from "./0330_outbox_sending";
import * as m0340 from "./0340_mail_trust";
import * as m0350 from "./0350_attachment_ocr";
import * as m0400 from "./0400_search";
import * as m0410 from "./0410_search_triggers";
import * as m0420 from "./0420_search_segments";
import * as m0430 from "./0430_search_segments_by_year";
import * as m0440 from "./0440_search_stem_then_fold";
import * as m0441 from "./0441_search_exact_forms_and_compounds";
import * as m0442 from "./0442_search_exact_forms_of_unknown_words";
import * as m0500 from "./0500_deadlines";
import * as m0510 from "./0510_deadlines_refresh_trigger";
import * as m0520 from "./0520_appeal_original_files";
import * as m0600 from "./0600_watch";
import * as m0610 from "./0610_watch_search_alerts_provinces";
import * as m0620 from "./0620_watch_queue_by_subscriber";
import * as m0700 from "./0700_moderation";
import * as m0710 from "./0710_postal_address_and_annotation_reports";
import * as m0740 from "./0740_message_publications";
import * as m0800 from "./0800_domain_events";
import * as m0192 from "./0192_content_notify";

/**
 * Every migration, listed explicitly so that no bundler can lose one. Names
 * sort in the order they run. Ranges by room: 0001–0099 foundation,
 * 0100 directory, 0200 requests and accounts, 0300 mail, 0400 search,
 * 0500 deadlines, 0600 watchdogs, 0700 moderation, 0800 domain events
 * (kernel).
 */
export const migrations: Record<string, Migration> = {
  "0001_core": m0001,
  "0100_directory": m0100,
  "0150_request_channels": m0150,
  "0151_directory_admin": m0151,
  "0200_accounts": m0200,
  "0270_auth_throttles": m0270,
  "0271_short_reply_codes": m0271,
  "0290_batches": m0290,
  "0291_request_supporters": m0291,
  "0292_batch_post_letters": m0292,
  "0293_batch_posted_registered": m0293,
  "0300_mail": m0300,
  "0330_outbox_sending": m0330,
  "0340_mail_trust": m0340,
  "0350_attachment_ocr": m0350,
  "0400_search": m0400,
  "0410_search_triggers": m0410,
  "0420_search_segments": m0420,
  "0430_search_segments_by_year": m0430,
  "0440_search_stem_then_fold": m0440,
  "0441_search_exact_forms_and_compounds": m0441,
  "0442_search_exact_forms_of_unknown_words": m0442,
  "0500_deadlines": m0500,
  "0510_deadlines_refresh_trigger": m0510,
  "0520_appeal_original_files": m0520,
  "0600_watch": m0600,
  "0610_watch_search_alerts_provinces": m0610,
  "0620_watch_queue_by_subscriber": m0620,
  "0700_moderation": m0700,
  "0710_postal_address_and_annotation_reports": m0710,
  "0740_message_publications": m0740,
  "0800_domain_events": m0800,
  "0192_content_notify": m0192,
};
