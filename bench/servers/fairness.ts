/**
 * Sendbox as `sendbox serve` builds it (dispatcher on), for bench/fairness.ts: two accounts, the heavy one and their credentials handed to the parent.
 */
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

try {
  const { services, listen } = await benchApp('sendbox-bench-fairness-', {
    SIGNUP_CREDIT: '100000',
    ALLOW_PRIVATE_URLS: '1',
    POST_HANDOFF_DELAY_MS: '0',
  });
  const heavy = await createOwnerAccount(services, { username: 'benchheavy', email: 'heavy@example.com', country: 'AU' });
  const other = await createOwnerAccount(services, { username: 'benchother', email: 'other@example.com', country: 'AU' });
  await listen((origin) => ({ origin, heavy: { username: heavy.username, apiKey: heavy.apiKey }, other: { username: other.username, apiKey: other.apiKey } }));
} catch (err) {
  reportFailure(err);
}
