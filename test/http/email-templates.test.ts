import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('master email templates over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('lists at least six masters in a plain array (ClickSend quirk) with served PNG thumbnails', async () => {
    const r = await s.request('GET', '/v3/email/master-templates?limit=100');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'List of Email Master Templates');
    assert.ok(Array.isArray(r.body.data), 'a plain array, not a paginated block');
    assert.ok(r.body.data.length >= 6);
    for (const t of r.body.data) {
      assert.deepEqual(Object.keys(t).sort(), ['date_added', 'template_id_master', 'template_name', 'thumbnail']);
      assert.match(t.date_added, /^\d+$/);
      for (const size of ['small', 'large']) {
        const url: string = t.thumbnail[size];
        assert.ok(url.startsWith(`${s.origin}/files/`), url);
        const res = await fetch(url);
        assert.equal(res.status, 200, url);
        assert.equal(res.headers.get('content-type'), 'image/png');
        assert.deepEqual(Buffer.from(await res.arrayBuffer()).subarray(0, 8), PNG_MAGIC);
      }
    }
    // page/limit are accepted and applied.
    const one = await s.request('GET', '/v3/email/master-templates?limit=15&page=2');
    assert.deepEqual(one.body.data, r.body.data.slice(15, 30));
  });

  it('gets one master (the documented shape) and answers 404 for an unknown id', async () => {
    const list = (await s.request('GET', '/v3/email/master-templates')).body.data;
    const g = await s.request('GET', `/v3/email/master-templates/${list[1].template_id_master}`);
    assert.deepEqual([g.status, g.body.response_msg, g.body.data], [200, 'Here is your email template', list[1]]);
    const missing = await s.request('GET', '/v3/email/master-templates/9999');
    assert.deepEqual([missing.status, missing.body.response_code], [404, 'NOT_FOUND']);
    assert.equal((await s.request('GET', '/v3/email/master-templates/abc')).status, 400);
  });

  it('has categories (two or more with templates); a category lists its masters with their responsive HTML bodies', async () => {
    const cats = await s.request('GET', '/v3/email/master-templates-categories');
    assert.equal(cats.body.response_msg, 'List of Email Categories');
    assert.ok(Array.isArray(cats.body.data) && cats.body.data.length >= 2);
    let withTemplates = 0;
    const seen = new Set<number>();
    for (const c of cats.body.data) {
      assert.deepEqual(Object.keys(c).sort(), ['category_id', 'name']);
      const one = await s.request('GET', `/v3/email/master-templates-categories/${c.category_id}`);
      assert.deepEqual(one.body.data, c);
      const inCat = await s.request('GET', `/v3/email/master-templates-categories/${c.category_id}/master-templates`);
      assert.equal(inCat.body.response_msg, 'List of Email Templates By Category');
      if (inCat.body.data.length > 0) withTemplates++;
      for (const t of inCat.body.data) {
        seen.add(t.template_id_master);
        assert.equal(t.category_id, c.category_id);
        assert.match(t.body, /^<!DOCTYPE html>/);
        assert.match(t.body, /<table role="presentation"/, 'table layout');
        assert.match(t.body, /@media only screen and \(max-width: 620px\)/, 'a mobile media query');
        assert.match(t.body, /<meta name="viewport"/);
        assert.match(t.body, /<!-- CONTENT START/, 'a marked content slot');
        assert.match(t.body, /href="\{unsubscribe_url\}"/, 'an unsubscribe placeholder');
        assert.match(t.body, /style="/, 'inline styles');
      }
    }
    assert.ok(withTemplates >= 2);
    assert.equal(seen.size, (await s.request('GET', '/v3/email/master-templates?limit=100')).body.data.length, 'every master is in a category');
    assert.equal((await s.request('GET', '/v3/email/master-templates-categories/999')).status, 404);
    assert.equal((await s.request('GET', '/v3/email/master-templates-categories/999/master-templates')).status, 404);
  });
});

describe('user email templates over HTTP', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { EMAIL_TEMPLATE_MAX_BYTES: '2048' } });
  });
  after(() => s.close());

  const create = (template_name: string, template_id_master = 2, as?: { username: string; apiKey: string }) =>
    s.request('POST', '/v3/email/templates', { body: { template_name, template_id_master }, ...(as ? { as } : {}) });

  it('creates a template from a master (body copied), then gets, lists (names only), updates and deletes it', async () => {
    const masterBody = (await s.request('GET', '/v3/email/master-templates-categories/1/master-templates')).body.data.find((t: any) => t.template_id_master === 2).body;
    const c = await create('  My digest ');
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.response_msg, 'New email template has been saved.');
    const t = c.body.data;
    assert.deepEqual(Object.keys(t).sort(), ['body', 'template_id', 'template_id_master', 'template_name']);
    assert.deepEqual([t.template_name, t.template_id_master, t.body], ['My digest', 2, masterBody]);

    const g = await s.request('GET', `/v3/email/templates/${t.template_id}`);
    assert.deepEqual([g.body.response_msg, g.body.data], ['Here is your email template.', t]);
    assert.equal(await s.services.emailTemplates.body(s.owner.accountId, t.template_id), masterBody);

    const l = await s.request('GET', '/v3/email/templates');
    assert.equal(l.body.response_msg, 'Here are your email templates.');
    assert.equal(l.body.data.current_page, 1);
    assert.equal(l.body.data.per_page, 15);
    assert.deepEqual(
      l.body.data.data.find((x: any) => x.template_id === t.template_id),
      { template_id: t.template_id, template_name: 'My digest' },
    );

    // New docs: body alone is enough, and the name stays.
    const u = await s.request('PUT', `/v3/email/templates/${t.template_id}`, { body: { body: '<p>New body</p>' } });
    assert.equal(u.status, 200, JSON.stringify(u.body));
    assert.equal(u.body.response_msg, 'Your email template has been updated.');
    assert.deepEqual(u.body.data, { ...t, body: '<p>New body</p>' });
    const renamed = await s.request('PUT', `/v3/email/templates/${t.template_id}`, { body: { body: '<p>2</p>', template_name: 'Renamed' } });
    assert.equal(renamed.body.data.template_name, 'Renamed');

    const d = await s.request('DELETE', `/v3/email/templates/${t.template_id}`);
    assert.deepEqual([d.status, d.body.response_msg, d.body.data], [200, 'Your email template has been deleted.', []]);
    assert.equal((await s.request('GET', `/v3/email/templates/${t.template_id}`)).status, 404);
    assert.equal(await s.services.emailTemplates.body(s.owner.accountId, t.template_id), null);
  });

  it('paginates the list ClickSend-style', async () => {
    for (let i = 0; i < 16; i++) await create(`page ${i}`, 1);
    const p2 = await s.request('GET', '/v3/email/templates?page=2&limit=15');
    assert.equal(p2.body.data.current_page, 2);
    assert.ok(p2.body.data.total >= 16);
    assert.ok(p2.body.data.data.length >= 1);
    assert.ok(p2.body.data.prev_page_url.includes('page=1'));
  });

  for (const [what, body, status, message] of [
    ['an unknown template_id_master', { template_name: 'x', template_id_master: 999 }, 400, /template_id_master 999 is not a master template/],
    ['a missing template_id_master', { template_name: 'x' }, 400, /template_id_master is required/],
    ['a missing template_name', { template_id_master: 1 }, 400, /template_name is required/],
    ['a blank template_name', { template_name: '   ', template_id_master: 1 }, 400, /template_name must not be blank/],
    ['a template_name over 200 characters', { template_name: 'n'.repeat(201), template_id_master: 1 }, 400, /template_name/],
  ] as Array<[string, unknown, number, RegExp]>) {
    it(`POST refuses ${what} naming the field`, async () => {
      const r = await s.request('POST', '/v3/email/templates', { body });
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.match(r.body.response_msg, message);
    });
  }

  it('PUT needs body, refuses a body over EMAIL_TEMPLATE_MAX_BYTES with 413, and leaves the template as it was', async () => {
    const t = (await create('guarded')).body.data;
    const missing = await s.request('PUT', `/v3/email/templates/${t.template_id}`, { body: { template_name: 'x' } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.response_msg, /body is required/);
    const big = await s.request('PUT', `/v3/email/templates/${t.template_id}`, { body: { body: 'é'.repeat(1500) } });
    assert.deepEqual([big.status, big.body.response_code], [413, 'PAYLOAD_TOO_LARGE']);
    assert.match(big.body.response_msg, /body is 3000 bytes/);
    const huge = await s.request('PUT', `/v3/email/templates/${t.template_id}`, { body: { body: 'x'.repeat(200_000) } });
    assert.equal(huge.status, 413);
    assert.deepEqual((await s.request('GET', `/v3/email/templates/${t.template_id}`)).body.data, t);
  });

  it("another account gets 404 on every route naming the first account's template, and changes nothing", async () => {
    const t = (await create('victim')).body.data;
    const intruder = await s.createAccount('email-tpl-intruder');
    for (const [method, p, body] of [
      ['GET', `/v3/email/templates/${t.template_id}`],
      ['PUT', `/v3/email/templates/${t.template_id}`, { body: 'hacked', template_name: 'hacked' }],
      ['DELETE', `/v3/email/templates/${t.template_id}`],
      ['POST', `/v3/email/templates-images/${t.template_id}`, { image: Buffer.from('x').toString('base64') }],
    ] as Array<[string, string, unknown?]>) {
      const r = await s.request(method, p, { as: intruder, ...(body ? { body } : {}) });
      assert.deepEqual([r.status, r.body.response_code], [404, 'NOT_FOUND'], `${method} ${p}`);
    }
    const theirs = await s.request('GET', '/v3/email/templates', { as: intruder });
    assert.equal(theirs.body.data.total, 0);
    assert.equal(await s.services.emailTemplates.body(intruder.accountId, t.template_id), null);
    assert.deepEqual((await s.request('GET', `/v3/email/templates/${t.template_id}`)).body.data, t);
    assert.equal((await s.dbh.db.selectFrom('email_template_images').selectAll().where('template_id', '=', t.template_id).execute()).length, 0);
  });

  it('needs access_email: 403 on every template route without it; a subaccount with it shares the account templates', async () => {
    const t = (await create('shared')).body.data;
    const mk = async (api_username: string, access_email: number) => {
      const r = await s.request('POST', '/v3/subaccounts', {
        body: { api_username, password: 'password-123', email: `${api_username}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_email },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { username: api_username, apiKey: r.body.data.api_key as string };
    };
    const without = await mk('no-email-templates', 0);
    const withEmail = await mk('email-templates-user', 1);
    for (const [method, p, body] of [
      ['GET', '/v3/email/master-templates'],
      ['GET', '/v3/email/master-templates/1'],
      ['GET', '/v3/email/master-templates-categories'],
      ['GET', '/v3/email/master-templates-categories/1'],
      ['GET', '/v3/email/master-templates-categories/1/master-templates'],
      ['GET', '/v3/email/templates'],
      ['POST', '/v3/email/templates', { template_name: 'x', template_id_master: 1 }],
      ['GET', `/v3/email/templates/${t.template_id}`],
      ['PUT', `/v3/email/templates/${t.template_id}`, { body: 'x' }],
      ['DELETE', `/v3/email/templates/${t.template_id}`],
      ['POST', `/v3/email/templates-images/${t.template_id}`, { url: 'https://example.com/a.png' }],
    ] as Array<[string, string, unknown?]>) {
      const r = await s.request(method, p, { as: without, ...(body ? { body } : {}) });
      assert.deepEqual([r.status, r.body.response_code], [403, 'FORBIDDEN'], `${method} ${p}`);
      assert.match(r.body.response_msg, /access_email/);
    }
    assert.deepEqual((await s.request('GET', `/v3/email/templates/${t.template_id}`, { as: withEmail })).body.data, t);
  });
});
