import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

/** A valid create body per group: each case below changes one field of it. */
const VALID = {
  sms_inbound: { dedicated_number: '*', rule_name: 'Inbound', message_search_type: 0, message_search_term: '', action: 'URL', action_address: 'https://example.com/in', enabled: 1 },
  receipt: { rule_name: 'Receipts', match_type: 0, action: 'URL', action_address: 'https://example.com/dlr', enabled: 1 },
  fax_inbound: { dedicated_number: '*', rule_name: 'Fax in', action: 'EMAIL_FIXED', action_address: 'fax@example.com', enabled: 1 },
};
const GROUPS = [
  { path: '/v3/automations/sms/inbound', shape: 'sms_inbound', id: 'inbound_rule_id' },
  { path: '/v3/automations/sms/receipts', shape: 'receipt', id: 'receipt_rule_id' },
  { path: '/v3/automations/email/receipts', shape: 'receipt', id: 'receipt_rule_id' },
  { path: '/v3/automations/voice/receipts', shape: 'receipt', id: 'receipt_rule_id' },
  { path: '/v3/automations/fax/receipts', shape: 'receipt', id: 'receipt_rule_id' },
  { path: '/v3/automations/fax/inbound', shape: 'fax_inbound', id: 'inbound_rule_id' },
] as const;

describe('Automation rules over HTTP: fields and actions', () => {
  let s: TestServer;
  let listId: number;
  let othersListId: number;
  before(async () => {
    s = await startServer();
    listId = (await s.request('POST', '/v3/lists', { body: { list_name: 'Repliers' } })).body.data.list_id;
    const other = await s.createAccount('rules-list-owner');
    othersListId = (await s.request('POST', '/v3/lists', { as: other, body: { list_name: 'Not yours' } })).body.data.list_id;
    assert.ok(listId > 0 && othersListId > 0);
  });
  after(() => s.close());

  const post = (path: string, body: unknown) => s.request('POST', path, { body });
  async function refused(path: string, body: unknown, message: RegExp) {
    const r = await post(path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    assert.equal(r.body.http_code, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, message);
  }

  describe('validation common to every group, naming the field', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a missing rule_name', { rule_name: undefined }, /rule_name is required/],
      ['an empty rule_name', { rule_name: '' }, /rule_name must not be empty/],
      ['a rule_name of spaces', { rule_name: '   ' }, /rule_name must not be blank/],
      ['a rule_name over 200 characters', { rule_name: 'n'.repeat(201) }, /rule_name must be at most 200 characters/],
      ['a missing enabled', { enabled: undefined }, /enabled is required/],
      ['enabled 2', { enabled: 2 }, /enabled must be <= 1/],
      ['enabled "yes"', { enabled: 'yes' }, /enabled must be integer/],
      ['a missing action', { action: undefined }, /action is required/],
      ['an unknown action', { action: 'FAX_BACK' }, /action must be one of AUTO_REPLY, .*NOTHING; got "FAX_BACK"/],
      ['action SMPP', { action: 'smpp' }, /action SMPP is not served by Sendbox/],
      ['action URL with a relative address', { action: 'URL', action_address: '/hook' }, /action_address must be an absolute http:\/\/ or https:\/\/ URL/],
      ['action URL with an ftp address', { action: 'URL', action_address: 'ftp://example.com/x' }, /action_address must be an http:\/\/ or https:\/\/ URL.*"ftp:"/],
      ['action URL with credentials', { action: 'URL', action_address: 'https://me:secret@example.com/x' }, /action_address must not carry a user name or password/],
      ['action URL at a loopback IP', { action: 'URL', action_address: 'http://127.0.0.1:8080/x' }, /action_address points at 127\.0\.0\.1, a loopback address; set ALLOW_PRIVATE_URLS=1/],
      ['action URL at a private IP', { action: 'URL', action_address: 'http://10.1.2.3/x' }, /action_address points at 10\.1\.2\.3, a private address/],
      ['action URL at the metadata address', { action: 'URL', action_address: 'http://169.254.169.254/latest' }, /action_address points at 169\.254\.169\.254/],
      ['action URL with a line break (review)', { action: 'URL', action_address: 'https://example.com/x\r\nX: 1' }, /must not contain spaces, line breaks/],
      ['action URL with a space (review)', { action: 'URL', action_address: 'https://example.com/a b' }, /action_address must not contain spaces/],
      ['action URL without an address', { action: 'URL', action_address: undefined }, /action_address must be an absolute http/],
      ['a URL over 500 characters', { action: 'URL', action_address: `https://example.com/${'a'.repeat(490)}` }, /action_address must be at most 500 characters/],
      ['action EMAIL_FIXED with no e-mail address', { action: 'EMAIL_FIXED', action_address: 'john at doe' }, /action_address must be an e-mail address for action EMAIL_FIXED/],
    ];
    for (const g of GROUPS) {
      for (const [what, change, message] of cases) {
        it(`${g.path} refuses ${what}`, async () => {
          await refused(g.path, { ...VALID[g.shape], ...change }, message);
        });
      }
    }
  });

  describe('receipt groups', () => {
    const receiptPaths = GROUPS.filter((g) => g.shape === 'receipt').map((g) => g.path);
    for (const path of receiptPaths) {
      it(`${path} checks match_type and refuses the actions that act on an inbound SMS's sender`, async () => {
        await refused(path, { ...VALID.receipt, match_type: undefined }, /match_type is required/);
        await refused(path, { ...VALID.receipt, match_type: 4 }, /match_type must be <= 3/);
        await refused(path, { ...VALID.receipt, match_type: -1 }, /match_type must be >= 0/);
        for (const action of ['AUTO_REPLY', 'SMS', 'MOVE_CONTACT', 'GROUP_SMS', 'CREATE_CONTACT']) {
          await refused(
            path,
            { ...VALID.receipt, action, action_address: String(listId) },
            new RegExp(`action ${action} is not available on delivery receipt rules.*use one of URL, EMAIL_USER, EMAIL_FIXED, POLL, NONE, NOTHING`),
          );
        }
        // 3 appears in ClickSend's examples (undocumented): stored as given.
        const three = await post(path, { ...VALID.receipt, match_type: 3 });
        assert.equal(three.status, 200, JSON.stringify(three.body));
        assert.equal(three.body.data.match_type, 3);
      });
    }

    it('ignores webhook_type and body on a receipt rule (ClickSend has no such fields there)', async () => {
      const r = await post('/v3/automations/sms/receipts', { ...VALID.receipt, webhook_type: 'json', body: 'x' });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body.data).sort(), ['action', 'action_address', 'enabled', 'match_type', 'receipt_rule_id', 'rule_name']);
    });

    it('takes EMAIL_USER, POLL, NONE and NOTHING with any action_address, or none, stored as given', async () => {
      for (const [action, address] of [
        ['email_user', undefined],
        ['Poll', 'whatever'],
        ['NONE', ''],
        ['nothing', undefined],
      ] as const) {
        const r = await post('/v3/automations/fax/receipts', { ...VALID.receipt, action, action_address: address });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.data.action, action.toUpperCase(), 'the action is stored in upper case');
        assert.equal(r.body.data.action_address, address ?? '');
      }
    });
  });

  describe('inbound SMS rules', () => {
    const path = '/v3/automations/sms/inbound';
    it('checks dedicated_number and the search fields, naming them', async () => {
      await refused(path, { ...VALID.sms_inbound, dedicated_number: undefined }, /dedicated_number is required/);
      await refused(path, { ...VALID.sms_inbound, dedicated_number: 'my number' }, /dedicated_number must be '\*' \(any number\) or a phone number; got "my number"/);
      await refused(path, { ...VALID.sms_inbound, dedicated_number: '123' }, /dedicated_number must be '\*'/);
      await refused(path, { ...VALID.sms_inbound, message_search_type: undefined }, /message_search_type is required/);
      await refused(path, { ...VALID.sms_inbound, message_search_type: 4 }, /message_search_type must be <= 3/);
      await refused(path, { ...VALID.sms_inbound, message_search_type: 1, message_search_term: '' }, /message_search_term is required when message_search_type is 1 \(starts with\)/);
      await refused(path, { ...VALID.sms_inbound, message_search_type: 3, message_search_term: undefined }, /message_search_term is required when message_search_type is 3 \(does not contain\)/);
      await refused(path, { ...VALID.sms_inbound, webhook_type: 'xml' }, /webhook_type must be post, get or json; got "xml"/);
    });

    it('stores dedicated_number in E.164, read in the account country, and keeps *', async () => {
      const local = await post(path, { ...VALID.sms_inbound, dedicated_number: '0411 111 111' });
      assert.equal(local.status, 200, JSON.stringify(local.body));
      assert.equal(local.body.data.dedicated_number, '+61411111111');
      const intl = await post(path, { ...VALID.sms_inbound, dedicated_number: '+447777777777' });
      assert.equal(intl.body.data.dedicated_number, '+447777777777');
      const test = await post(path, { ...VALID.sms_inbound, dedicated_number: '+14055555555' });
      assert.equal(test.status, 200, 'a documented test number is a number');
      assert.equal((await post(path, VALID.sms_inbound)).body.data.dedicated_number, '*');
    });

    it('gives URL rules webhook_type post by default, takes get/json in any case, and none for other actions', async () => {
      const def = await post(path, VALID.sms_inbound);
      assert.equal(def.body.data._webhook_type, 'post');
      const json = await post(path, { ...VALID.sms_inbound, webhook_type: 'JSON' });
      assert.equal(json.body.data._webhook_type, 'json');
      const email = await post(path, { ...VALID.sms_inbound, action: 'EMAIL_USER', action_address: '', webhook_type: 'get' });
      assert.equal(email.status, 200);
      assert.equal(email.body.data._webhook_type, null);
    });

    it('SMS forwards to a phone number, stored in E.164', async () => {
      await refused(path, { ...VALID.sms_inbound, action: 'SMS', action_address: 'john@doe.com' }, /action_address must be a phone number for action SMS/);
      const r = await post(path, { ...VALID.sms_inbound, action: 'sms', action_address: '0422 222 222' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.data.action_address, '+61422222222');
    });

    for (const action of ['MOVE_CONTACT', 'CREATE_CONTACT', 'CREATE_CONTACT_PLUS_EMAIL', 'CREATE_CONTACT_PLUS_NAME_EMAIL', 'CREATE_CONTACT_PLUS_NAME', 'GROUP_SMS']) {
      it(`${action} needs one of the account's own contact lists; another account's list is refused like a missing one`, async () => {
        await refused(path, { ...VALID.sms_inbound, action, action_address: 'Repliers' }, new RegExp(`action_address must be the list_id of one of your contact lists for action ${action}`));
        await refused(path, { ...VALID.sms_inbound, action, action_address: '99999999' }, /action_address must be the list_id of one of your contact lists/);
        const foreign = await post(path, { ...VALID.sms_inbound, action, action_address: String(othersListId) });
        assert.equal(foreign.status, 400);
        assert.equal(foreign.body.response_msg, `action_address must be the list_id of one of your contact lists for action ${action}; got "${othersListId}", which is not one.`);
        const ok = await post(path, { ...VALID.sms_inbound, action, action_address: String(listId), body: 'test@test.com' });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal(ok.body.data.action_address, String(listId));
        assert.equal(ok.body.data.body, 'test@test.com');
      });
    }

    it('AUTO_REPLY takes its text from body, else from action_address, and needs one of them', async () => {
      await refused(path, { ...VALID.sms_inbound, action: 'AUTO_REPLY', action_address: '' }, /action AUTO_REPLY needs the reply text: give body, or the text in action_address/);
      await refused(path, { ...VALID.sms_inbound, action: 'AUTO_REPLY', action_address: ' ', body: '' }, /AUTO_REPLY needs the reply text/);
      const viaAddress = await post(path, { ...VALID.sms_inbound, action: 'auto_reply', action_address: 'Thanks, we got it' });
      assert.equal(viaAddress.status, 200);
      assert.deepEqual([viaAddress.body.data.action, viaAddress.body.data.action_address, viaAddress.body.data.body], ['AUTO_REPLY', 'Thanks, we got it', null]);
      const viaBody = await post(path, { ...VALID.sms_inbound, action: 'AUTO_REPLY', action_address: '', body: 'Back soon' });
      assert.deepEqual([viaBody.body.data.action_address, viaBody.body.data.body], ['', 'Back soon']);
    });

    it('tolerates "0"/"1" strings for the numbers, as form posts send them', async () => {
      const r = await post(path, { ...VALID.sms_inbound, enabled: '0', message_search_type: '2', message_search_term: 'stop' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.data.enabled, r.body.data.message_search_type], [0, 2]);
    });
  });

  describe('inbound fax rules', () => {
    const path = '/v3/automations/fax/inbound';
    it('checks dedicated_number and refuses inbound-SMS actions', async () => {
      await refused(path, { ...VALID.fax_inbound, dedicated_number: undefined }, /dedicated_number is required/);
      await refused(path, { ...VALID.fax_inbound, dedicated_number: 'fax' }, /dedicated_number must be '\*'/);
      await refused(path, { ...VALID.fax_inbound, action: 'AUTO_REPLY', action_address: 'hi' }, /action AUTO_REPLY is not available on inbound fax rules/);
      const r = await post(path, { ...VALID.fax_inbound, dedicated_number: '02 6111 1111', action: 'url', action_address: 'https://example.com/fax' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.data.dedicated_number, '+61261111111');
      assert.equal(r.body.data.user_id, s.owner.accountId);
      assert.deepEqual(Object.keys(r.body.data).sort(), ['action', 'action_address', 'dedicated_number', 'enabled', 'inbound_rule_id', 'rule_name', 'user_id']);
    });
  });

  for (const g of GROUPS) {
    it(`${g.path}/{id} refuses a malformed id with 400 naming ${g.id}`, async () => {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const r = await s.request(method, `${g.path}/abc`, method === 'PUT' ? { body: { enabled: 0 } } : {});
        assert.equal(r.status, 400, `${method}: ${JSON.stringify(r.body)}`);
        assert.match(r.body.response_msg, new RegExp(g.id));
      }
    });
  }
});

describe('Automation rules with ALLOW_PRIVATE_URLS=1', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { ALLOW_PRIVATE_URLS: '1' } });
  });
  after(() => s.close());

  it('accepts a loopback URL (a developer receiving on their own machine), still refusing other schemes', async () => {
    const r = await s.request('POST', '/v3/automations/sms/receipts', { body: { ...VALID.receipt, action_address: 'http://127.0.0.1:9000/dlr' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.action_address, 'http://127.0.0.1:9000/dlr');
    const ftp = await s.request('POST', '/v3/automations/sms/receipts', { body: { ...VALID.receipt, action_address: 'file:///etc/passwd' } });
    assert.equal(ftp.status, 400);
    assert.match(ftp.body.response_msg, /action_address must be an http:\/\/ or https:\/\/ URL/);
  });
});
