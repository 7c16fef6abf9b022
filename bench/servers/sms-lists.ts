/**
 * Sendbox as `sendbox serve` builds it, for the sms-lists scenario: one account with a list of 1000 contacts (AU
 * mobiles, first names, a custom field), its dispatcher off (an API process), THROTTLED off (autocannon repeats
 * one body), credit enough for the run.
 */
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

try {
  const { dbh, services, listen } = await benchApp('sendbox-bench-sms-lists-', { DISPATCH: '0', SMS_THROTTLE_WINDOW_S: '0', SIGNUP_CREDIT: '999999999' });
  const sender = await createOwnerAccount(services, { username: 'benchsmslists', email: 'lists@example.com', country: 'AU' });
  const now = Math.floor(Date.now() / 1000);
  const list = await dbh.db
    .insertInto('contact_lists')
    .values({ account_id: sender.accountId, subaccount_id: null, list_name: 'Customers', list_email_id: 'BENCHSMSLISTS000', is_opt_out: 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    account_id: sender.accountId,
    list_id: list.id,
    phone_number: `+6141${String(3_000_000 + i).padStart(7, '0')}`,
    first_name: ['Ann', 'Bartholomew', 'Cy', 'Dominique'][i % 4]!,
    custom_1: String(10_000 + i),
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await dbh.db
      .insertInto('contacts')
      .values(rows.slice(i, i + 200))
      .execute();
  await listen((origin) => ({ origin, sender: { username: sender.username, apiKey: sender.apiKey }, listId: Number(list.id), dialect: dbh.dialect }));
} catch (err) {
  reportFailure(err);
}
