import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

interface Group {
  path: string;
  id: 'inbound_rule_id' | 'receipt_rule_id';
  body: Record<string, unknown>;
  keys: string[];
  messages: [list: string, create: string, get: string, update: string, del: string];
  deleted: unknown;
}

const RECEIPT_KEYS = ['action', 'action_address', 'enabled', 'match_type', 'receipt_rule_id', 'rule_name'];
const receipt = { rule_name: 'My Rule', match_type: 0, action: 'EMAIL_FIXED', action_address: 'john@doe.com', enabled: 1 };

// Messages, keys and delete payloads as each endpoint's documented example prints them.
const GROUPS: Group[] = [
  {
    path: '/v3/automations/sms/inbound',
    id: 'inbound_rule_id',
    body: { dedicated_number: '+61298441484', rule_name: 'My Rule', message_search_type: 3, message_search_term: 'My Search Term', action: 'EMAIL_FIXED', action_address: 'john@doe.com', enabled: 1 },
    keys: ['_webhook_type', 'action', 'action_address', 'body', 'dedicated_number', 'enabled', 'inbound_rule_id', 'message_search_term', 'message_search_type', 'rule_name'],
    messages: ['Your list of inbound rules.', 'Your record has been added.', 'Your inbound rule.', 'Your record has been updated.', 'Your record has been deleted.'],
    deleted: [],
  },
  {
    path: '/v3/automations/sms/receipts',
    id: 'receipt_rule_id',
    body: receipt,
    keys: RECEIPT_KEYS,
    messages: [
      'Your list of rule incoming sms receipt.',
      'Your new SMS receipt has been added.',
      'Your rule incoming voice receipt.',
      'Your rule incoming sms receipt has been updated.',
      'Your rule incoming sms receipt has been deleted.',
    ],
    deleted: [],
  },
  {
    path: '/v3/automations/email/receipts',
    id: 'receipt_rule_id',
    body: receipt,
    keys: RECEIPT_KEYS,
    messages: [
      'Here is your result.',
      'Automation email receipt rule has been created.',
      'Here is your result.',
      'Automation email receipt rule has been updated.',
      'Automation email receipt rule has been deleted.',
    ],
    deleted: true,
  },
  {
    path: '/v3/automations/voice/receipts',
    id: 'receipt_rule_id',
    body: receipt,
    keys: RECEIPT_KEYS,
    messages: ['Your voice receipts.', 'Your new voice receipt has been added.', 'Your rule incoming voice receipt.', 'Your rule incoming voice receipt.', 'Your rule voice receipt has been deleted.'],
    deleted: [],
  },
  {
    path: '/v3/automations/fax/receipts',
    id: 'receipt_rule_id',
    body: receipt,
    keys: RECEIPT_KEYS,
    messages: [
      'Here is your result.',
      'Your new Fax receipt has been added.',
      'Your rule incoming fax receipt.',
      'Your rule incoming fax receipt has been updated.',
      'Your rule incoming fax receipt has been deleted.',
    ],
    deleted: null,
  },
  {
    path: '/v3/automations/fax/inbound',
    id: 'inbound_rule_id',
    body: { dedicated_number: '+61298441484', rule_name: 'My Rule', action: 'EMAIL_FIXED', action_address: 'email@domain.com', enabled: 1 },
    keys: ['action', 'action_address', 'dedicated_number', 'enabled', 'inbound_rule_id', 'rule_name', 'user_id'],
    messages: ['Your inbound fax.', 'New rule has been added.', 'Your inbound fax.', 'Your inbound fax.', 'Your fax inbound rule has been deleted.'],
    deleted: [],
  },
];

describe('Automation rules over HTTP: CRUD, search, access', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  for (const g of GROUPS) {
    it(`${g.path}: create, get, list, update and delete with the documented shapes and messages`, async () => {
      const acct = await s.createAccount(`crud-${g.path.split('/').slice(3).join('-')}`);
      const created = await s.request('POST', g.path, { as: acct, body: g.body });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual([created.body.http_code, created.body.response_code, created.body.response_msg], [200, 'SUCCESS', g.messages[1]]);
      const rule = created.body.data;
      assert.deepEqual(Object.keys(rule).sort(), g.keys);
      assert.equal(typeof rule[g.id], 'number');
      for (const [k, v] of Object.entries(g.body)) assert.equal(rule[k], v, k);

      const got = await s.request('GET', `${g.path}/${rule[g.id]}`, { as: acct });
      assert.deepEqual([got.status, got.body.response_msg, got.body.data], [200, g.messages[2], rule]);

      const list = await s.request('GET', g.path, { as: acct });
      assert.equal(list.body.response_msg, g.messages[0]);
      assert.deepEqual(list.body.data.data, [rule]);
      assert.deepEqual([list.body.data.total, list.body.data.per_page, list.body.data.current_page, list.body.data.from, list.body.data.to], [1, 15, 1, 1, 1]);

      const updated = await s.request('PUT', `${g.path}/${rule[g.id]}`, { as: acct, body: { ...g.body, rule_name: 'Renamed', enabled: 0 } });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.response_msg, g.messages[3]);
      assert.deepEqual(updated.body.data, { ...rule, rule_name: 'Renamed', enabled: 0 });
      assert.deepEqual((await s.request('GET', `${g.path}/${rule[g.id]}`, { as: acct })).body.data, updated.body.data, 'the change is stored');

      const deleted = await s.request('DELETE', `${g.path}/${rule[g.id]}`, { as: acct });
      assert.deepEqual([deleted.status, deleted.body.response_msg, deleted.body.data], [200, g.messages[4], g.deleted]);
      const gone = await s.request('GET', `${g.path}/${rule[g.id]}`, { as: acct });
      assert.deepEqual([gone.status, gone.body.response_code], [404, 'NOT_FOUND']);
      assert.equal((await s.request('GET', g.path, { as: acct })).body.data.total, 0);
    });
  }

  it('serves the singular /automations/email/receipt path the docs print', async () => {
    const r = await s.request('POST', '/v3/automations/email/receipt', { body: receipt });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const got = await s.request('GET', `/v3/automations/email/receipts/${r.body.data.receipt_rule_id}`);
    assert.deepEqual(got.body.data, r.body.data);
  });

  describe('partial PUT', () => {
    const path = '/v3/automations/sms/inbound';
    let id: number;
    before(async () => {
      const r = await s.request('POST', path, { body: { ...GROUPS[0]!.body, action: 'URL', action_address: 'https://example.com/a', webhook_type: 'json' } });
      id = r.body.data.inbound_rule_id;
    });

    it('changes only the fields given and keeps the rest', async () => {
      const before = (await s.request('GET', `${path}/${id}`)).body.data;
      const r = await s.request('PUT', `${path}/${id}`, { body: { enabled: '0' } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.data, { ...before, enabled: 0 });
      assert.equal(r.body.data._webhook_type, 'json', 'webhook_type kept');
    });

    it('checks the combination: a new action must suit the stored address, naming action_address', async () => {
      const r = await s.request('PUT', `${path}/${id}`, { body: { action: 'EMAIL_FIXED' } });
      assert.equal(r.status, 400);
      assert.match(r.body.response_msg, /action_address must be an e-mail address for action EMAIL_FIXED; got "https:\/\/example.com\/a"/);
      const searching = await s.request('PUT', `${path}/${id}`, { body: { message_search_type: 1, message_search_term: '' } });
      assert.equal(searching.status, 400);
      assert.match(searching.body.response_msg, /message_search_term is required when message_search_type is 1/);
      assert.equal((await s.request('GET', `${path}/${id}`)).body.data.action, 'URL', 'a refused PUT changes nothing');
    });

    it('moves to another action with its address, dropping webhook_type; back to URL defaults to post', async () => {
      const email = await s.request('PUT', `${path}/${id}`, { body: { action: 'email_fixed', action_address: 'ops@example.com' } });
      assert.equal(email.status, 200, JSON.stringify(email.body));
      assert.deepEqual([email.body.data.action, email.body.data.action_address, email.body.data._webhook_type], ['EMAIL_FIXED', 'ops@example.com', null]);
      const url = await s.request('PUT', `${path}/${id}`, { body: { action: 'URL', action_address: 'https://example.com/b' } });
      assert.deepEqual([url.body.data.action, url.body.data._webhook_type], ['URL', 'post']);
    });

    it('refuses bad values of the fields it is given, naming them', async () => {
      const r = await s.request('PUT', `${path}/${id}`, { body: { enabled: 5 } });
      assert.equal(r.status, 400);
      assert.match(r.body.response_msg, /enabled must be <= 1/);
      const blank = await s.request('PUT', `${path}/${id}`, { body: { rule_name: '  ' } });
      assert.match(blank.body.response_msg, /rule_name must not be blank/);
    });
  });

  describe('search and pages', () => {
    let acct: { username: string; apiKey: string };
    const path = '/v3/automations/sms/receipts';
    before(async () => {
      acct = await s.createAccount('rules-search');
      for (let i = 1; i <= 20; i++) {
        const body =
          i % 5 === 0 ? { ...receipt, rule_name: `Failures ${i}`, match_type: 1, action: 'URL', action_address: `https://hooks.example.com/dlr/${i}` } : { ...receipt, rule_name: `Rule ${i}` };
        assert.equal((await s.request('POST', path, { as: acct, body })).status, 200);
      }
    });

    it('pages in creation order with absolute page links', async () => {
      const p2 = await s.request('GET', `${path}?page=2&limit=15`, { as: acct });
      assert.equal(p2.status, 200);
      assert.deepEqual([p2.body.data.total, p2.body.data.last_page, p2.body.data.from, p2.body.data.to, p2.body.data.next_page_url], [20, 2, 16, 20, null]);
      assert.equal(p2.body.data.prev_page_url, `${s.origin}${path}?limit=15&page=1`);
      assert.deepEqual(
        p2.body.data.data.map((r: any) => r.rule_name),
        ['Rule 16', 'Rule 17', 'Rule 18', 'Rule 19', 'Failures 20'],
      );
    });

    it('searches rule_name, action, action_address and match_type with q=', async () => {
      const names = async (q: string, extra = '') => {
        const r = await s.request('GET', `${path}?q=${encodeURIComponent(q)}${extra}&limit=100`, { as: acct });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.data.data.map((x: any) => x.rule_name);
      };
      assert.deepEqual(await names('rule_name:failures'), ['Failures 5', 'Failures 10', 'Failures 15', 'Failures 20']);
      assert.deepEqual(await names('action:url'), ['Failures 5', 'Failures 10', 'Failures 15', 'Failures 20']);
      assert.deepEqual(await names('action_address:/dlr/1'), ['Failures 10', 'Failures 15']);
      assert.deepEqual(await names('action_address:https://hooks.example.com/dlr/5'), ['Failures 5'], 'a value with colons of its own');
      assert.deepEqual(await names('action_address:JOHN@doe', '&order_by=receipt_rule_id:desc'), [
        'Rule 19',
        'Rule 18',
        'Rule 17',
        'Rule 16',
        'Rule 14',
        'Rule 13',
        'Rule 12',
        'Rule 11',
        'Rule 9',
        'Rule 8',
        'Rule 7',
        'Rule 6',
        'Rule 4',
        'Rule 3',
        'Rule 2',
        'Rule 1',
      ]);
      assert.deepEqual(await names('match_type:1,rule_name:2'), ['Failures 20']);
      const bad = await s.request('GET', `${path}?q=dedicated_number:*`, { as: acct });
      assert.equal(bad.status, 400);
      assert.match(bad.body.response_msg, /q: unknown field "dedicated_number"/);
    });

    it('searches an inbound rule by its dedicated number and search term', async () => {
      const inbound = '/v3/automations/sms/inbound';
      await s.request('POST', inbound, { as: acct, body: { ...GROUPS[0]!.body, rule_name: 'On 0411', dedicated_number: '0411111111' } });
      await s.request('POST', inbound, { as: acct, body: { ...GROUPS[0]!.body, rule_name: 'Any', dedicated_number: '*', message_search_type: 2, message_search_term: 'STOP now' } });
      const byNumber = await s.request('GET', `${inbound}?q=dedicated_number:%2B61411111111`, { as: acct });
      assert.deepEqual(
        byNumber.body.data.data.map((x: any) => x.rule_name),
        ['On 0411'],
      );
      const byTerm = await s.request('GET', `${inbound}?q=message_search_term:stop`, { as: acct });
      assert.deepEqual(
        byTerm.body.data.data.map((x: any) => x.rule_name),
        ['Any'],
      );
    });
  });

  it("keeps rules per account and per group: another account and another group's routes get 404 and list none", async () => {
    const made: Array<[Group, number]> = [];
    for (const g of GROUPS) made.push([g, (await s.request('POST', g.path, { body: g.body })).body.data[g.id]]);
    const intruder = await s.createAccount('rules-intruder');
    for (const [g, id] of made) {
      for (const [method, body] of [['GET'], ['PUT', { enabled: 0 }], ['DELETE']] as const) {
        const r = await s.request(method, `${g.path}/${id}`, { as: intruder, ...(body ? { body } : {}) });
        assert.deepEqual([r.status, r.body.http_code, r.body.response_code], [404, 404, 'NOT_FOUND'], `${method} ${g.path}/${id}`);
      }
      const list = await s.request('GET', `${g.path}?limit=100`, { as: intruder });
      assert.deepEqual([list.status, list.body.data.total], [200, 0]);
    }
    // A rule of one group is not reachable through another group's routes, even by its owner.
    const [smsInbound, smsInboundId] = made[0]!;
    const [, faxInboundId] = made[5]!;
    assert.equal((await s.request('GET', `/v3/automations/fax/inbound/${smsInboundId}`)).status, 404);
    assert.equal((await s.request('DELETE', `/v3/automations/sms/receipts/${made[2]![1]}`)).status, 404, 'an email receipt rule is not an SMS receipt rule');
    assert.equal((await s.request('PUT', `${smsInbound.path}/${faxInboundId}`, { body: { enabled: 0 } })).status, 404);
    const faxList = (await s.request('GET', '/v3/automations/fax/inbound?limit=100')).body.data.data;
    assert.ok(!faxList.some((r: any) => r.inbound_rule_id === smsInboundId));
    // The owner's rules are unchanged.
    for (const [g, id] of made) assert.equal((await s.request('GET', `${g.path}/${id}`)).body.data.enabled, 1, g.path);
  });

  it('needs access_settings: a subaccount without it gets 403 on every route; one with it shares the account rules', async () => {
    const rule = (await s.request('POST', GROUPS[1]!.path, { body: receipt })).body.data;
    const mk = async (api_username: string, access_settings: number) => {
      const r = await s.request('POST', '/v3/subaccounts', {
        body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_settings, access_sms: 1 },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { username: api_username, apiKey: r.body.data.api_key as string };
    };
    const without = await mk('no-settings-rules', 0);
    const withSettings = await mk('settings-rules', 1);
    for (const g of GROUPS) {
      for (const [method, path, body] of [
        ['GET', g.path],
        ['POST', g.path, g.body],
        ['GET', `${g.path}/1`],
        ['PUT', `${g.path}/1`, g.body],
        ['DELETE', `${g.path}/1`],
      ] as const) {
        const r = await s.request(method, path, { as: without, ...(body ? { body } : {}) });
        assert.deepEqual([r.status, r.body.response_code], [403, 'FORBIDDEN'], `${method} ${path}`);
        assert.match(r.body.response_msg, /access_settings/);
      }
    }
    const got = await s.request('GET', `${GROUPS[1]!.path}/${rule.receipt_rule_id}`, { as: withSettings });
    assert.deepEqual([got.status, got.body.data], [200, rule]);
    const put = await s.request('PUT', `${GROUPS[1]!.path}/${rule.receipt_rule_id}`, { as: withSettings, body: { rule_name: 'by sub' } });
    assert.equal(put.body.data.rule_name, 'by sub');
  });

  it('requires credentials', async () => {
    const r = await s.request('GET', '/v3/automations/sms/inbound', { as: null });
    assert.deepEqual([r.status, r.body.response_code], [401, 'UNAUTHORIZED']);
  });
});
