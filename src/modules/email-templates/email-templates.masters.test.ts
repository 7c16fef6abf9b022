import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MasterCatalogue } from './email-templates.masters.js';
import { UNSUBSCRIBE_PLACEHOLDER } from './index.js';

describe('the master template catalogue (data files)', () => {
  const catalogue = new MasterCatalogue();

  it('has at least six templates in at least two categories, with unique ids and known categories', () => {
    assert.ok(catalogue.templates.length >= 6);
    assert.equal(new Set(catalogue.templates.map((t) => t.templateIdMaster)).size, catalogue.templates.length);
    assert.equal(new Set(catalogue.categories.map((c) => c.categoryId)).size, catalogue.categories.length);
    for (const t of catalogue.templates) assert.ok(catalogue.category(t.categoryId), `${t.templateName}: category ${t.categoryId}`);
    assert.ok(new Set(catalogue.templates.map((t) => t.categoryId)).size >= 2);
  });

  it('every template is a responsive, inline-styled table layout with a content slot and the unsubscribe placeholder', () => {
    for (const t of catalogue.templates) {
      assert.match(t.body, /^<!DOCTYPE html>/, t.templateName);
      assert.match(t.body, /<meta name="viewport" content="width=device-width, initial-scale=1">/, t.templateName);
      assert.match(t.body, /@media only screen and \(max-width: \d+px\)/, t.templateName);
      assert.match(t.body, /<table role="presentation"[^>]*class="container"[^>]*width="600"/, t.templateName);
      assert.equal(t.body.match(/<!-- CONTENT START/g)?.length, 1, `${t.templateName}: one content slot`);
      assert.ok(t.body.includes(`href="${UNSUBSCRIBE_PLACEHOLDER}"`), `${t.templateName}: unsubscribe link`);
      assert.doesNotMatch(t.body, /<script|<link /i, `${t.templateName}: no scripts or external stylesheets`);
      assert.match(t.dateAdded, /^\d{10}$/);
    }
  });
});
