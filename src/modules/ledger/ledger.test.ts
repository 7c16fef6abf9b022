import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../../../test/helpers/server.js';

describe('ledger', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { SIGNUP_CREDIT: '1.00' } });
  });
  after(() => s.close());

  it('never overdraws under 200 concurrent debits, and the balance equals the sum of its transactions', async () => {
    const acct = await s.createAccount('ledger-race');
    const id = acct.accountId;
    // The owner account starts with 1.00: 0.07 × 14 = 0.98 fits, the 15th does not.
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => s.services.ledger.debit({ accountId: id, amountMicros: 70_000, product: 'sms', reference: `m${i}`, description: 'race' })),
    );
    const won = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(won, 14);
    assert.equal(refused.length, 186);
    for (const r of refused) assert.equal((r as PromiseRejectedResult).reason.responseCode, 'INSUFFICIENT_CREDIT');
    const balance = await s.services.ledger.balance(id);
    assert.equal(balance, 1_000_000 - 14 * 70_000);
    assert.equal(await s.services.ledger.sumOfTransactions(id), balance);
  });

  it('refunds and credits move the balance through rows too', async () => {
    const acct = await s.createAccount('ledger-refund');
    await s.services.ledger.debit({ accountId: acct.accountId, amountMicros: 250_000, description: 'postcard' });
    await s.services.ledger.credit({ accountId: acct.accountId, amountMicros: 250_000, description: 'cancelled postcard' }, 'refund');
    await s.services.ledger.credit({ accountId: acct.accountId, amountMicros: 10_000_000, description: 'top-up' });
    assert.equal(await s.services.ledger.balance(acct.accountId), 11_000_000);
    assert.equal(await s.services.ledger.sumOfTransactions(acct.accountId), 11_000_000);
    const r = await s.request('GET', '/v3/account', { as: acct });
    assert.equal(r.body.data.balance, '11.000000');
  });

  it("lockBalance reads the balance in the caller's transaction without moving it or writing a row, and refuses an unknown account", async () => {
    const acct = await s.createAccount('ledger-lock');
    await s.services.ledger.debit({ accountId: acct.accountId, amountMicros: 120_000, description: 'sms' });
    const rowsBefore = await s.dbh.db.selectFrom('ledger_transactions').select('id').where('account_id', '=', acct.accountId).execute();
    const locked = await s.dbh.db.transaction().execute((trx) => s.services.ledger.lockBalance(trx, acct.accountId));
    assert.equal(locked, 1_000_000 - 120_000);
    assert.equal(await s.services.ledger.balance(acct.accountId), locked);
    const rowsAfter = await s.dbh.db.selectFrom('ledger_transactions').select('id').where('account_id', '=', acct.accountId).execute();
    assert.equal(rowsAfter.length, rowsBefore.length);
    await assert.rejects(s.dbh.db.transaction().execute((trx) => s.services.ledger.lockBalance(trx, 987_654_321)));
  });
});
