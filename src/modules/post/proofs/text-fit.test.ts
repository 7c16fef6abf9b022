import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ELLIPSIS, fitLines, type LogicalLine } from './text-fit.js';

// Every character is half the font size wide: easy arithmetic, same shape as a real font.
const line = (text: string): LogicalLine => ({ text, measure: (t, size) => Array.from(t).length * size * 0.5 });
const widthOf = (t: string, size: number) => Array.from(t).length * size * 0.5;

describe('fitLines', () => {
  it('keeps the base size when every line fits', () => {
    const r = fitLines([line('Jane Citizen'), line('PERTH WA 6000')], { maxWidth: 100, maxHeight: 100, size: 10, minSize: 6 });
    assert.equal(r.size, 10);
    assert.deepEqual(
      r.lines.map((l) => l.text),
      ['Jane Citizen', 'PERTH WA 6000'],
    );
    assert.equal(r.truncated, false);
  });

  it('shrinks the whole block just enough for the widest line, down to the minimum', () => {
    // 30 characters at 10 pt = 150 wide; 100 available → 6.67 pt.
    const r = fitLines([line('a'.repeat(30)), line('short')], { maxWidth: 100, maxHeight: 100, size: 10, minSize: 6 });
    assert.ok(Math.abs(r.size - 100 / 15) < 1e-9, String(r.size));
    assert.equal(r.lines.length, 2);
    assert.ok(r.lines.every((l) => widthOf(l.text, r.size) <= 100));
  });

  it('wraps at spaces once the minimum size is reached', () => {
    const text = 'Building 7 Level 12 The Very Long Business Park Name';
    const r = fitLines([line('Jane'), line(text)], { maxWidth: 60, maxHeight: 100, size: 10, minSize: 8 });
    assert.equal(r.size, 8);
    assert.ok(r.lines.length > 2, 'the long line was wrapped');
    assert.equal(
      r.lines
        .filter((l) => l.source === 1)
        .map((l) => l.text)
        .join(' '),
      text,
      'no words lost',
    );
    assert.ok(r.lines.every((l) => widthOf(l.text, r.size) <= 60));
    assert.equal(r.truncated, false);
  });

  it('breaks between characters in text written without spaces', () => {
    const r = fitLines([line('東京都千代田区丸の内一丁目九番二号グラントウキョウサウスタワー')], { maxWidth: 40, maxHeight: 100, size: 10, minSize: 8 });
    assert.ok(r.lines.length > 1);
    assert.ok(r.lines.every((l) => widthOf(l.text, r.size) <= 40));
    assert.equal(r.lines.map((l) => l.text).join(''), '東京都千代田区丸の内一丁目九番二号グラントウキョウサウスタワー');
  });

  it('ends a line with an ellipsis when the box has no room to wrap it', () => {
    const r = fitLines([line('Name'), line('x '.repeat(80).trim()), line('PERTH WA 6000')], { maxWidth: 60, maxHeight: 3 * 8 * 1.2, size: 10, minSize: 8 });
    assert.equal(r.lines.length, 3, 'every logical line keeps its place');
    assert.ok(r.lines[1]!.text.endsWith(ELLIPSIS));
    assert.equal(r.lines[2]!.text, 'PERTH WA 6000', 'the town line is not pushed out');
    assert.ok(r.lines.every((l) => widthOf(l.text, r.size) <= 60));
    assert.equal(r.truncated, true);
  });

  it('keeps the first lines and marks the cut when there are more lines than the box holds', () => {
    const r = fitLines(['1', '2', '3', '4', '5'].map(line), { maxWidth: 100, maxHeight: 3 * 8 * 1.2, size: 10, minSize: 8 });
    assert.equal(r.lines.length, 3);
    assert.equal(r.lines[2]!.text, `3${ELLIPSIS}`);
    assert.equal(r.truncated, true);
  });

  it('drops empty lines', () => {
    const r = fitLines([line('A'), line(''), line('B')], { maxWidth: 100, maxHeight: 100, size: 10, minSize: 8 });
    assert.deepEqual(
      r.lines.map((l) => l.text),
      ['A', 'B'],
    );
  });
});
