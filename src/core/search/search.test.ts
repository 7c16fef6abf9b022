import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors/index.js';
import { compileSearch, contains, iequal, integer, named, parseOperator, parseOrder, phone, splitQuery, upper, type SearchSpec } from './index.js';

const refused = (fn: () => unknown, message: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ApiError && e.responseCode === 'BAD_REQUEST' && message.test(e.message));

describe('q= parsing', () => {
  it('splits field:value pairs on commas, lower-cases field names and trims both sides', () => {
    assert.deepEqual(splitQuery('Status:Sent, status_code : 201'), [
      ['status', 'Sent'],
      ['status_code', '201'],
    ]);
  });

  it('keeps every colon after the first one in the value', () => {
    assert.deepEqual(splitQuery('custom_string:a:b:c'), [['custom_string', 'a:b:c']]);
    assert.deepEqual(splitQuery('body:'), [['body', '']]);
  });

  it('reads an absent or blank q as no condition', () => {
    assert.deepEqual(splitQuery(undefined), []);
    assert.deepEqual(splitQuery('  '), []);
  });

  it('refuses a part without a field, naming it', () => {
    refused(() => splitQuery('status:Sent,nocolon'), /q must be field:value pairs separated by commas, got "nocolon"/);
    refused(() => splitQuery(':Sent'), /got ":Sent"/);
    refused(() => splitQuery('status:Sent,'), /got ""/);
  });
});

describe('operator= and order_by= parsing', () => {
  it('takes AND or OR in any case, AND when absent', () => {
    assert.equal(parseOperator(undefined), 'AND');
    assert.equal(parseOperator('or'), 'OR');
    assert.equal(parseOperator(' And '), 'AND');
    refused(() => parseOperator('XOR'), /operator must be AND or OR, got "XOR"/);
  });

  it('reads field, field:asc and field:desc, several comma separated', () => {
    assert.equal(parseOrder(undefined, ['date']), undefined);
    assert.deepEqual(parseOrder('date', ['date']), [{ field: 'date', direction: 'asc' }]);
    assert.deepEqual(parseOrder('Date:DESC,to:asc', ['date', 'to']), [
      { field: 'date', direction: 'desc' },
      { field: 'to', direction: 'asc' },
    ]);
  });

  it('refuses an unknown field, a bad direction, extra parts or too many keys, listing the fields', () => {
    for (const bad of ['colour:asc', 'date:sideways', 'date:asc:more', 'date,date,date,date', 'date,to', ',']) {
      refused(() => parseOrder(bad, ['date', 'to'], bad === 'date,to' ? 1 : undefined), /order_by must be field:asc or field:desc with field one of date, to/);
    }
  });
});

type Col = 'id' | 'status' | 'name' | 'code' | 'phone' | 'price' | 'created';
const spec: SearchSpec<Col> = {
  fields: { status: named('status', ['Sent', 'Cancelled']), name: contains('name'), code: upper('code'), label: iequal('name'), id: integer('id'), phone: phone('phone') },
  sort: { date: 'created', price: 'price', name: 'name' },
  defaultOrder: [{ column: 'created', direction: 'desc' }],
  tieBreaker: 'id',
};

describe('a list search spec', () => {
  it('maps each field to its column and match, binding values as given', () => {
    const s = compileSearch(spec, { q: 'status:cancelled,name:50%_off,code:ab1,label:X,id:7,phone:61 400 000 001' });
    assert.deepEqual(s.conditions, [
      { kind: 'in', column: 'status', values: ['Cancelled'] },
      { kind: 'contains', column: 'name', value: '50%_off' },
      { kind: 'eq', column: 'code', value: 'AB1' },
      { kind: 'ieq', column: 'name', value: 'X' },
      { kind: 'eq', column: 'id', value: 7 },
      { kind: 'in', column: 'phone', values: ['61 400 000 001', '+61400000001'] },
    ]);
    assert.equal(s.operator, 'AND');
  });

  it('matches nothing for a status it does not know or an id that is not a number', () => {
    assert.deepEqual(compileSearch(spec, { q: 'status:WaitApproval,id:abc' }).conditions, [{ kind: 'none' }, { kind: 'none' }]);
  });

  it('refuses an unknown field, naming it and every allowed one', () => {
    refused(() => compileSearch(spec, { q: 'colour:red' }), /^q: unknown field "colour"; use one of status, name, code, label, id, phone\.$/);
    // Object prototype names are not fields.
    refused(() => compileSearch(spec, { q: 'constructor:x' }), /unknown field "constructor"/);
  });

  it('orders by the default plus the tie-breaker, or by order_by (then order) in the caller’s direction', () => {
    assert.deepEqual(compileSearch(spec, {}).order, [
      { column: 'created', direction: 'desc' },
      { column: 'id', direction: 'desc' },
    ]);
    assert.deepEqual(compileSearch(spec, { order_by: 'price:asc' }).order, [
      { column: 'price', direction: 'asc' },
      { column: 'id', direction: 'asc' },
    ]);
    assert.deepEqual(compileSearch(spec, { order: 'name:desc' }).order, [
      { column: 'name', direction: 'desc' },
      { column: 'id', direction: 'desc' },
    ]);
    assert.equal(compileSearch(spec, { order_by: 'date:asc', order: 'price:desc' }).order[0]!.column, 'created', 'order_by wins over order');
  });

  it('passes the context to fields that need it', () => {
    const withAccount: SearchSpec<'id', number> = {
      fields: { user_id: (v, accountId) => (v === String(accountId) ? { kind: 'all' } : { kind: 'none' }) },
      sort: {},
      defaultOrder: [{ column: 'id', direction: 'asc' }],
    };
    assert.deepEqual(compileSearch(withAccount, { q: 'user_id:12' }, 12).conditions, [{ kind: 'all' }]);
    assert.deepEqual(compileSearch(withAccount, { q: 'user_id:13' }, 12).conditions, [{ kind: 'none' }]);
  });
});
