/**
 * The real Sendbox app with its email-to-SMS SMTP listener on a free port, and an owner with credit for a long run
 * (the scenario allows its address over HTTP). SMS_THROTTLE_WINDOW_S=0 and the dispatcher off (DISPATCH=0 by default): what is measured
 * is SMTP intake (parse, body rules, price, charge, store), not the simulated network.
 */
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

try {
  const { dbh, services, listen } = await benchApp('sendbox-email-sms-bench-', { SMS_THROTTLE_WINDOW_S: '0', SMTP_LISTEN_PORT: '0' });
  const owner = await createOwnerAccount(services, { username: 'benchowner', email: 'bench@example.com', country: 'AU' });
  await services.ledger.credit({ accountId: owner.accountId, amountMicros: 1_000_000 * 1_000_000, description: 'bench credit' });
  const smtpPort = await services.emailSmsListener.start({ port: 0, host: '127.0.0.1' });
  await listen((origin) => ({ origin, smtpPort, username: owner.username, apiKey: owner.apiKey, dialect: dbh.dialect }));
} catch (err) {
  reportFailure(err);
}
