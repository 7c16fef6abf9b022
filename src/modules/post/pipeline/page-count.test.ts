import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countPageObjects } from './page-count.js';

const pages = (text: string) => countPageObjects(Buffer.from(text, 'latin1'));

describe('countPageObjects', () => {
  it('counts page dictionaries however they are spaced, and not the page tree or longer names', () => {
    assert.equal(pages('<</Type /Page>> <</Type/Page/Parent 1 0 R>> <</Type\n/Page\r>>'), 3);
    assert.equal(pages('<</Type /Pages /Kids []>> <</Type/Page1>> <</Type/PageLabel>>'), 0);
  });

  // A page written "/Type/P#61ge" is a page to pdf-lib; unseen by the pre-count, 120,000 of them were fully parsed.
  it('counts page names written with #xx escapes, and not escaped longer names', () => {
    assert.equal(pages('<</Type/P#61ge>> <</T#79pe /P#61#67#65>> <</Type /#50age>>'), 3);
    assert.equal(pages('<</Type/Page#73>> <</Type/P#61ges>>'), 0);
  });
});
