import type { Migration } from 'kysely';
import * as m0001 from './0001_accounts.js';
import * as m0002 from './0002_system_emails.js';
import * as m0003 from './0003_return_addresses.js';
import * as m0004 from './0004_sms.js';
import * as m0005 from './0005_sms_templates.js';
import * as m0006 from './0006_uploads.js';
import * as m0007 from './0007_post.js';
import * as m0008 from './0008_account_token_limits.js';
import * as m0009 from './0009_generated_files.js';
import * as m0010 from './0010_ledger_product.js';
import * as m0011 from './0011_post_warnings.js';
import * as m0012 from './0012_post_tracking.js';
import * as m0013 from './0013_idempotency_keys.js';
import * as m0014 from './0014_contacts.js';
import * as m0015 from './0015_contacts_search.js';
import * as m0016 from './0016_contact_imports.js';
import * as m0017 from './0017_sms_list_sends.js';
import * as m0018 from './0018_sms_campaigns.js';
import * as m0019 from './0019_links.js';
import * as m0020 from './0020_automation_rules.js';
import * as m0021 from './0021_webhooks.js';
import * as m0022 from './0022_automation_actions.js';
import * as m0023 from './0023_email_sms.js';
import * as m0024 from './0024_email_assets.js';
import * as m0025 from './0025_email_messages.js';
import * as m0026 from './0026_email_campaigns.js';

/** Every migration, in order. Fixed-width numbers; forward only; one set for SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001_accounts': m0001,
  '0002_system_emails': m0002,
  '0003_return_addresses': m0003,
  '0004_sms': m0004,
  '0005_sms_templates': m0005,
  '0006_uploads': m0006,
  '0007_post': m0007,
  '0008_account_token_limits': m0008,
  '0009_generated_files': m0009,
  '0010_ledger_product': m0010,
  '0011_post_warnings': m0011,
  '0012_post_tracking': m0012,
  '0013_idempotency_keys': m0013,
  '0014_contacts': m0014,
  '0015_contacts_search': m0015,
  '0016_contact_imports': m0016,
  '0017_sms_list_sends': m0017,
  '0018_sms_campaigns': m0018,
  '0019_links': m0019,
  '0020_automation_rules': m0020,
  '0021_webhooks': m0021,
  '0022_automation_actions': m0022,
  '0023_email_sms': m0023,
  '0024_email_assets': m0024,
  '0025_email_messages': m0025,
  '0026_email_campaigns': m0026,
};
