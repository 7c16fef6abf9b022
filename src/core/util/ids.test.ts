import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGuid, newApiKey, newGuid } from './ids.js';

const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe('GUIDs', () => {
  it("formats 16 bytes or a hex digest in ClickSend's upper-case 8-4-4-4-12 shape", () => {
    assert.equal(formatGuid(Buffer.from('c8caa97a905a4a3199cba92c7ba05a97', 'hex')), 'C8CAA97A-905A-4A31-99CB-A92C7BA05A97');
    assert.equal(formatGuid('c8caa97a905a4a3199cba92c7ba05a97ffffffff'), 'C8CAA97A-905A-4A31-99CB-A92C7BA05A97', 'a longer digest is cut to 32 digits');
  });

  it('makes random GUIDs and API keys of that shape', () => {
    for (const id of [newGuid(), newApiKey()]) assert.match(id, GUID);
    assert.notEqual(newGuid(), newGuid());
  });
});
