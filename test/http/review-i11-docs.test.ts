import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

const read = (file: string) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const snippet = (doc: string) => /<!-- verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-snippet:end -->/.exec(doc)?.[1];

describe('README: webhooks and email-to-SMS (issue 11 asks for them there)', () => {
  it('shows the same signature check as docs/webhooks.md (which webhooks.signing.test.ts runs against real deliveries)', () => {
    const readme = snippet(read('README.md'));
    assert.ok(readme, 'README.md has the verify snippet between its markers');
    assert.equal(readme, snippet(read('docs/webhooks.md')));
  });

  it('lists the webhook and email-to-SMS settings in its configuration table', () => {
    const table = read('README.md').split('## Configuration')[1]!.split('\n## ')[0]!;
    for (const name of [
      'WEBHOOK_RETRY_BASE_MS',
      'WEBHOOK_RETRY_MAX_MS',
      'WEBHOOK_MAX_ATTEMPTS',
      'WEBHOOK_TIMEOUT_MS',
      'WEBHOOK_CONCURRENCY',
      'SMTP_LISTEN_PORT',
      'EMAIL_SMS_DOMAIN',
      'EMAIL_SMS_MAX_BYTES',
    ]) {
      assert.match(table, new RegExp(`\`${name}\``), `${name} is in the README's settings table`);
    }
  });

  it('documents the delivery log routes', () => {
    const readme = read('README.md');
    for (const route of ['/v3/sendbox/webhook-deliveries', '/v3/sendbox/webhook-secret', '/redeliver']) assert.ok(readme.includes(route), route);
  });
});
