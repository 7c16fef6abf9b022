/**
 * The real Sendbox app for the transactional email bench: an owner with credit for a long run and one verified
 * allowed address (marked verified in the database: the bench measures sending, not the verification mail).
 * The dispatcher is off unless BENCH_EMAIL_DISPATCH_WHILE_LOADED=1: what is measured is intake (check, price,
 * charge, store).
 */
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

try {
  const { dbh, services, listen } = await benchApp('sendbox-email-bench-', { DISPATCH: process.env.BENCH_EMAIL_DISPATCH_WHILE_LOADED ?? '0' });
  const owner = await createOwnerAccount(services, { username: 'benchowner', email: 'bench@example.com', country: 'AU' });
  await services.ledger.credit({ accountId: owner.accountId, amountMicros: 1_000_000 * 1_000_000, description: 'bench credit' });
  const now = Math.floor(Date.now() / 1000);
  const row = await dbh.db
    .insertInto('email_addresses')
    .values({
      account_id: owner.accountId,
      subaccount_id: null,
      email_address: 'sender@example.com',
      email_key: 'sender@example.com',
      verified: 1,
      date_added: now,
      token_hash: null,
      token_expires_at: null,
      token_attempts: 0,
      mint_window_start: 0,
      mint_count: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await listen((origin) => ({ origin, username: owner.username, apiKey: owner.apiKey, fromId: Number(row.id), dialect: dbh.dialect }));
} catch (err) {
  reportFailure(err);
}
