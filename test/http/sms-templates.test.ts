import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

describe('SMS templates over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const create = (name: string, body = 'Hello there') => s.request('POST', '/v3/sms/templates', { body: { template_name: name, body } });

  describe('validation', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['a missing template_name', { body: 'x' }, /template_name is required/],
      ['a missing body', { template_name: 'x' }, /body is required/],
      ['an empty body', { template_name: 'x', body: '' }, /body must not be empty/],
      ['an empty template_name', { template_name: '', body: 'x' }, /template_name must not be empty/],
      ['a template_name of spaces only', { template_name: '   ', body: 'x' }, /template_name must not be blank/],
      ['a template_name over 100 characters', { template_name: 'n'.repeat(101), body: 'x' }, /template_name must be at most 100 characters/],
      ['a body over 5000 characters', { template_name: 'x', body: 'b'.repeat(5001) }, /body must be at most 5000 characters/],
      ['an object as template_name', { template_name: { a: 1 }, body: 'x' }, /template_name must be string/],
    ];
    for (const [what, body, message] of cases) {
      it(`POST refuses ${what} with 400 naming the field`, async () => {
        const r = await s.request('POST', '/v3/sms/templates', { body });
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.http_code, 400);
        assert.equal(r.body.response_code, 'BAD_REQUEST');
        assert.match(r.body.response_msg, message);
      });
    }

    it('PUT validates the body the same way', async () => {
      const id = (await create('to-validate')).body.data.template_id;
      const r = await s.request('PUT', `/v3/sms/templates/${id}`, { body: { template_name: 'x' } });
      assert.equal(r.status, 400);
      assert.match(r.body.response_msg, /body is required/);
    });

    for (const bad of ['abc', '0', '-1', '1.5']) {
      it(`refuses template_id "${bad}" with 400 naming template_id`, async () => {
        for (const method of ['PUT', 'DELETE']) {
          const r = await s.request(method, `/v3/sms/templates/${bad}`, method === 'PUT' ? { body: { template_name: 'x', body: 'y' } } : {});
          assert.equal(r.status, 400, `${method} ${bad}: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.response_code, 'BAD_REQUEST');
          assert.match(r.body.response_msg, /template_id/);
        }
      });
    }

    it('refuses a malformed page with 400 and clamps a large limit to 100', async () => {
      const bad = await s.request('GET', '/v3/sms/templates?page=x');
      assert.equal(bad.status, 400);
      assert.match(bad.body.response_msg, /page/);
      const big = await s.request('GET', '/v3/sms/templates?limit=500');
      assert.equal(big.status, 200);
      assert.equal(big.body.data.per_page, 100);
    });
  });

  it('pages through templates in creation order with absolute page links', async () => {
    const other = await s.createAccount('paging-templates');
    for (let i = 1; i <= 20; i++) {
      const r = await s.request('POST', '/v3/sms/templates', { as: other, body: { template_name: `T${i}`, body: `Body ${i}` } });
      assert.equal(r.status, 200);
    }
    const p2 = await s.request('GET', '/v3/sms/templates?page=2&limit=15', { as: other });
    assert.equal(p2.status, 200);
    assert.equal(p2.body.data.total, 20);
    assert.equal(p2.body.data.last_page, 2);
    assert.equal(p2.body.data.from, 16);
    assert.equal(p2.body.data.to, 20);
    assert.equal(p2.body.data.next_page_url, null);
    assert.equal(p2.body.data.prev_page_url, `${s.origin}/v3/sms/templates?limit=15&page=1`);
    assert.deepEqual(
      p2.body.data.data.map((t: any) => t.template_name),
      ['T16', 'T17', 'T18', 'T19', 'T20'],
    );
  });

  it("keeps templates per account: a second account gets 404 on the first's ids and lists none of them", async () => {
    const mine = (await create('victim template', 'secret body')).body.data;
    const intruder = await s.createAccount('template-intruder');
    const attempts: Array<[string, string, unknown?]> = [
      ['PUT', `/v3/sms/templates/${mine.template_id}`, { template_name: 'pwned', body: 'pwned' }],
      ['DELETE', `/v3/sms/templates/${mine.template_id}`],
    ];
    for (const [method, path, body] of attempts) {
      const r = await s.request(method, path, { as: intruder, ...(body ? { body } : {}) });
      assert.equal(r.status, 404, `${method} ${path} → ${r.status}`);
      assert.equal(r.body.http_code, 404);
      assert.equal(r.body.response_code, 'NOT_FOUND');
    }
    const list = await s.request('GET', '/v3/sms/templates?limit=100', { as: intruder });
    assert.equal(list.status, 200);
    assert.equal(list.body.data.total, 0);
    assert.deepEqual(list.body.data.data, []);

    // The intruder's own template gets an id the owner cannot touch either.
    const theirs = (await s.request('POST', '/v3/sms/templates', { as: intruder, body: { template_name: 'theirs', body: 'x' } })).body.data;
    assert.equal((await s.request('DELETE', `/v3/sms/templates/${theirs.template_id}`)).status, 404);

    const still = await s.request('GET', '/v3/sms/templates?limit=100');
    assert.deepEqual(
      still.body.data.data.find((t: any) => t.template_id === mine.template_id),
      mine,
      "the victim's template is unchanged",
    );
    assert.ok(!still.body.data.data.some((t: any) => t.template_id === theirs.template_id));
  });

  it('needs access_sms: a subaccount without it gets 403 on every route, one with it shares the account templates', async () => {
    const t = (await create('shared')).body.data;
    const mk = async (api_username: string, access_sms: number) => {
      const r = await s.request('POST', '/v3/subaccounts', {
        body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_sms },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { username: api_username, apiKey: r.body.data.api_key as string };
    };
    const without = await mk('no-sms-templates', 0);
    const withSms = await mk('sms-templates-user', 1);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v3/sms/templates'],
      ['POST', '/v3/sms/templates', { template_name: 'x', body: 'y' }],
      ['PUT', `/v3/sms/templates/${t.template_id}`, { template_name: 'x', body: 'y' }],
      ['DELETE', `/v3/sms/templates/${t.template_id}`],
    ];
    for (const [method, path, body] of routes) {
      const r = await s.request(method, path, { as: without, ...(body ? { body } : {}) });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.body.response_code, 'FORBIDDEN');
      assert.match(r.body.response_msg, /access_sms/);
    }
    const list = await s.request('GET', '/v3/sms/templates?limit=100', { as: withSms });
    assert.equal(list.status, 200);
    assert.ok(
      list.body.data.data.some((x: any) => x.template_id === t.template_id),
      "a subaccount sees its account's templates",
    );
    const put = await s.request('PUT', `/v3/sms/templates/${t.template_id}`, { as: withSms, body: { template_name: 'renamed by sub', body: 'y' } });
    assert.equal(put.status, 200);
    assert.equal(put.body.data.template_name, 'renamed by sub');
  });

  it('requires credentials', async () => {
    const r = await s.request('GET', '/v3/sms/templates', { as: null });
    assert.equal(r.status, 401);
    assert.equal(r.body.response_code, 'UNAUTHORIZED');
  });
});
