import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('MasterEmailTemplatesApi and UserEmailTemplatesApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('reads master templates and categories with the documented shapes and messages', async () => {
    const api = sdk(s, 'MasterEmailTemplatesApi');
    const all = await call(api.masterEmailTemplatesGet(1, 100));
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.response_msg, 'List of Email Master Templates');
    assert.ok(Array.isArray(all.body.data) && all.body.data.length >= 6);
    const first = all.body.data[0];
    assert.deepEqual(Object.keys(first.thumbnail).sort(), ['large', 'small']);

    const one = await call(api.masterEmailTemplateGet(first.template_id_master));
    assert.deepEqual([one.body.response_msg, one.body.data], ['Here is your email template', first]);

    const cats = await call(api.masterEmailTemplateCategoriesGet(1, 100));
    assert.equal(cats.body.response_msg, 'List of Email Categories');
    assert.ok(cats.body.data.length >= 2);
    const cat = await call(api.masterEmailTemplateCategoryGet(cats.body.data[0].category_id));
    assert.deepEqual([cat.body.response_msg, cat.body.data], ['List of Email Categories', cats.body.data[0]]);

    const inCat = await call(api.masterEmailTemplatesInCategoryGet(cats.body.data[0].category_id, 1, 100));
    assert.equal(inCat.body.response_msg, 'List of Email Templates By Category');
    assert.ok(inCat.body.data.length >= 1);
    assert.deepEqual(Object.keys(inCat.body.data[0]).sort(), ['body', 'category_id', 'date_added', 'template_id_master', 'template_name', 'thumbnail']);

    const missing = await call(api.masterEmailTemplateGet(999_999));
    assert.deepEqual([missing.status, missing.body.response_code], [404, 'NOT_FOUND']);
    assert.equal((await call(api.masterEmailTemplateCategoryGet(999_999))).status, 404);
  });

  it('creates a template from a master, lists, gets, updates and deletes it', async () => {
    const api = sdk(s, 'UserEmailTemplatesApi');
    const created = await call(api.emailTemplatePost(Object.assign(new clicksend.EmailTemplateNew(), { templateName: 'SDK template', templateIdMaster: 3 })));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_msg, 'New email template has been saved.');
    const t = created.body.data;
    assert.deepEqual(Object.keys(t).sort(), ['body', 'template_id', 'template_id_master', 'template_name']);
    assert.equal(t.template_id_master, 3);
    assert.match(t.body, /<!DOCTYPE html>/);

    const list = await call(api.emailTemplatesGet(1, 15));
    assert.equal(list.body.response_msg, 'Here are your email templates.');
    assert.deepEqual(list.body.data.data, [{ template_id: t.template_id, template_name: 'SDK template' }]);
    assert.equal(list.body.data.total, 1);

    const got = await call(api.emailTemplateGet(t.template_id));
    assert.deepEqual([got.body.response_msg, got.body.data], ['Here is your email template.', t]);

    const put = await call(api.emailTemplatePut(t.template_id, Object.assign(new clicksend.EmailTemplateUpdate(), { templateName: 'NewTemplate', body: 'This is the new body of your template' })));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.response_msg, 'Your email template has been updated.');
    assert.deepEqual(put.body.data, { body: 'This is the new body of your template', template_id: t.template_id, template_id_master: 3, template_name: 'NewTemplate' });

    const deleted = await call(api.emailTemplateDelete(t.template_id));
    assert.deepEqual([deleted.status, deleted.body.response_msg, deleted.body.data], [200, 'Your email template has been deleted.', []]);
    const gone = await call(api.emailTemplateGet(t.template_id));
    assert.deepEqual([gone.status, gone.body.response_code], [404, 'NOT_FOUND']);

    const badMaster = await call(api.emailTemplatePost(Object.assign(new clicksend.EmailTemplateNew(), { templateName: 'x', templateIdMaster: 999 })));
    assert.equal(badMaster.status, 400);
    assert.match(badMaster.body.response_msg, /template_id_master/);
  });
});
