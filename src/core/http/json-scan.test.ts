import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonShapeProblem } from './json-scan.js';

const limits = { maxDepth: 4, maxValues: 10 };

describe('jsonShapeProblem', () => {
  it('accepts ordinary bodies, scalars and malformed text (JSON.parse names those)', () => {
    assert.equal(jsonShapeProblem('{"a":[1,2,{"b":"c"}]}', limits), undefined);
    assert.equal(jsonShapeProblem('"text"', limits), undefined);
    assert.equal(jsonShapeProblem('{"a":', limits), undefined);
    assert.equal(jsonShapeProblem('{"unterminated', limits), undefined);
  });

  it('refuses nesting past the bound, naming it', () => {
    assert.equal(jsonShapeProblem('[[[[1]]]]', limits), undefined);
    assert.equal(jsonShapeProblem('[[[[[1]]]]]', limits), 'The JSON body nests objects and arrays deeper than 4 levels.');
    assert.match(jsonShapeProblem('{"a":{"a":{"a":{"a":{"a":1}}}}}', limits)!, /deeper than 4 levels/);
  });

  it('refuses more values than the bound, counting members and items', () => {
    assert.equal(jsonShapeProblem('[1,2,3,4,5,6,7,8,9]', limits), undefined);
    assert.match(jsonShapeProblem('[1,2,3,4,5,6,7,8,9,10,11]', limits)!, /more than 10 values/);
    assert.match(jsonShapeProblem(`{${Array.from({ length: 11 }, (_, i) => `"k${i}":0`).join(',')}}`, limits)!, /more than 10 values/);
  });

  it('does not count brackets, braces or commas inside strings, escaped quotes included', () => {
    assert.equal(jsonShapeProblem(JSON.stringify({ a: '[[[[[[[[,,,,,,,,,,,,,,]]]' }), limits), undefined);
    assert.equal(jsonShapeProblem(JSON.stringify({ a: 'say \\"[[[[[[[[[[\\" ok', b: 'x\\' }), limits), undefined);
    assert.equal(jsonShapeProblem(JSON.stringify(['a"[[[[[[', '\\', '"']), limits), undefined);
    // The string ends at the unescaped quote: what follows is structure again.
    assert.match(jsonShapeProblem(`["\\\\",[[[[[1]]]]]]`, limits)!, /deeper/);
  });

  it('uses 64 levels and 50 000 values by default', () => {
    assert.equal(jsonShapeProblem('['.repeat(64) + ']'.repeat(64)), undefined);
    assert.match(jsonShapeProblem('['.repeat(65) + ']'.repeat(65))!, /deeper than 64 levels/);
    assert.match(jsonShapeProblem(`[${'0,'.repeat(50_000)}0]`)!, /more than 50000 values/);
  });
});
