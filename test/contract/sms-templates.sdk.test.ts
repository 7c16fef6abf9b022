import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

function template(templateName: string, body: string) {
  return Object.assign(new clicksend.SmsTemplate(), { templateName, body });
}

describe('SMSApi templates (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('creates, lists, updates and deletes a template with the documented shapes and messages', async () => {
    const api = sdk(s, 'SMSApi');
    const created = await call(api.smsTemplatesPost(template('Reminder', 'Your appointment is tomorrow at 10:00 €5 😀')));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.http_code, 200);
    assert.equal(created.body.response_code, 'SUCCESS');
    assert.equal(created.body.response_msg, 'New template has been saved.');
    const t = created.body.data;
    assert.deepEqual(Object.keys(t).sort(), ['body', 'template_id', 'template_name']);
    assert.equal(typeof t.template_id, 'number');
    assert.equal(t.template_name, 'Reminder');
    assert.equal(t.body, 'Your appointment is tomorrow at 10:00 €5 😀');

    const list = await call(api.smsTemplatesGet(1, 15));
    assert.equal(list.status, 200);
    assert.equal(list.body.response_msg, 'Here are your data.');
    assert.equal(list.body.data.total, 1);
    assert.equal(list.body.data.per_page, 15);
    assert.equal(list.body.data.current_page, 1);
    assert.equal(list.body.data.last_page, 1);
    assert.equal(list.body.data.from, 1);
    assert.equal(list.body.data.to, 1);
    assert.deepEqual(list.body.data.data, [t]);

    const updated = await call(api.smsTemplatesByTemplateIdPut(t.template_id, template('I am updated', 'New body')));
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.response_msg, 'Your template has been updated.');
    assert.deepEqual(updated.body.data, { body: 'New body', template_id: t.template_id, template_name: 'I am updated' });
    assert.deepEqual((await call(api.smsTemplatesGet(1, 15))).body.data.data, [updated.body.data], 'the change is stored');

    const deleted = await call(api.smsTemplatesByTemplateIdDelete(t.template_id));
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.response_msg, 'Your template has been deleted.');
    assert.deepEqual(deleted.body.data, []);
    const after = await call(api.smsTemplatesGet(1, 15));
    assert.equal(after.body.data.total, 0);
    assert.deepEqual(after.body.data.data, []);
  });

  it('answers 404 in the envelope for a template that does not exist', async () => {
    const api = sdk(s, 'SMSApi');
    const put = await call(api.smsTemplatesByTemplateIdPut(999_999, template('x', 'y')));
    assert.equal(put.status, 404);
    assert.equal(put.body.http_code, 404);
    assert.equal(put.body.response_code, 'NOT_FOUND');
    const del = await call(api.smsTemplatesByTemplateIdDelete(999_999));
    assert.equal(del.status, 404);
    assert.equal(del.body.response_code, 'NOT_FOUND');
  });

  it('refuses a template without a name with 400 naming template_name', async () => {
    const r = await call(sdk(s, 'SMSApi').smsTemplatesPost(template('', 'body')));
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /template_name/);
  });
});
