import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PANELS, RECIPIENT_OVER_RETURN, fitAddressPanel } from './address-layout.js';
import { levels, visualOrder } from './bidi.js';
import { drawableText } from './line-runs.js';
import { RECIPIENT, RETURN_ADDRESS } from './test-fixtures.js';

describe('fitAddressPanel', () => {
  it('keeps the recipient at least 1.25 × the return address at every length, wrapping, then refusing what does not fit', async () => {
    const words = 'Extraordinarily Long Corporate Headquarters Building Level Suite Wing'.split(' ');
    let sawWrap = false;
    let sawRefusal = false;
    for (const kind of ['postcard', 'letter'] as const) {
      for (let n = 1; n <= 60; n += 3) {
        const long = Array.from({ length: n }, (_, i) => words[i % words.length]).join(' ');
        const panel = await fitAddressPanel(kind, { ...RECIPIENT, address_line_1: long, address_line_2: long }, RETURN_ADDRESS);
        const width = PANELS[kind].width - 2 * PANELS[kind].padding;
        assert.ok(panel.rcpt.size >= panel.ret.size * RECIPIENT_OVER_RETURN - 1e-9, `${kind} n=${n}: ${panel.rcpt.size} pt against ${panel.ret.size} pt`);
        for (const line of [...panel.ret.lines, ...panel.rcpt.lines]) {
          const size = panel.ret.lines.includes(line) ? panel.ret.size : panel.rcpt.size;
          assert.ok(line.shaped.width * size <= width + 1e-6, `${kind} n=${n}: "${line.text}" fits the width`);
        }
        if (panel.warnings.some((w) => /printed on \d+ lines/.test(w))) sawWrap = true;
        if (panel.problems.length > 0) {
          sawRefusal = true;
          assert.match(panel.problems[0]!.field, /address_line_[12]/);
          assert.match(panel.problems[0]!.message, /does not fit the address area even at/);
        }
      }
    }
    assert.ok(sawWrap && sawRefusal, 'the lengths went from shrinking through wrapping to refusal');
  });

  it('names characters no face has, once each, with their code points', async () => {
    const panel = await fitAddressPanel('postcard', { ...RECIPIENT, address_name: 'A \u{1F9FF}\u{1F9FF} \uE000' }, RETURN_ADDRESS);
    assert.deepEqual(
      panel.problems.map((p) => [p.who, p.field, p.message]),
      [['recipient', 'address_name', 'contains "\u{1F9FF}" (U+1F9FF), "\uE000" (U+E000), which no font the printer has can draw']],
    );
  });

  it('measures a CJK line with the destination country’s face and reports no problem', async () => {
    const panel = await fitAddressPanel('postcard', { ...RECIPIENT, address_name: '李华', address_line_1: '上海市浦东新区世纪大道100号', address_country: 'CN' }, RETURN_ADDRESS);
    assert.deepEqual(panel.problems, []);
    assert.deepEqual(
      panel.faces.map((f) => f.id),
      ['latin', 'sc'],
    );
    assert.equal(panel.rcpt.lines[1]!.shaped.runs[0]!.face, 'sc');
  });
});

describe('bidi', () => {
  const display = (text: string) => {
    const chars = Array.from(text);
    const lv = levels(chars);
    // One run per character here: their display order, each reversed as drawn when it reads right to left.
    return visualOrder(lv)
      .map((i) => drawableText({ face: 'latin', text: chars[i]!, rtl: lv[i]! % 2 === 1, width: 0 }))
      .join('');
  };

  it('keeps numbers left to right inside right-to-left text, and puts the runs in display order', () => {
    assert.equal(display('רחוב הרצל 12'), '12 לצרה בוחר');
    assert.equal(display('Jane שלום 12'), 'Jane 12 םולש');
    assert.equal(display('123 Main St'), '123 Main St');
  });
});
