import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxCharsForParts, segmentSms, truncateToParts, type SmsSegmentation } from './index.js';

const a = (n: number) => 'a'.repeat(n);
const zhe = (n: number) => 'ж'.repeat(n);

const cases: Array<[name: string, text: string, expected: SmsSegmentation]> = [
  ['empty string: nothing to send', '', { encoding: 'GSM-7', parts: 0, characters: 0 }],
  ['1 GSM char', 'a', { encoding: 'GSM-7', parts: 1, characters: 1 }],
  ['160 GSM chars fill one part', a(160), { encoding: 'GSM-7', parts: 1, characters: 160 }],
  ['161 GSM chars split in two', a(161), { encoding: 'GSM-7', parts: 2, characters: 161 }],
  ['306 GSM chars fill two parts of 153', a(306), { encoding: 'GSM-7', parts: 2, characters: 306 }],
  ['307 GSM chars need a third part', a(307), { encoding: 'GSM-7', parts: 3, characters: 307 }],
  ['459 GSM chars fill three parts', a(459), { encoding: 'GSM-7', parts: 3, characters: 459 }],
  ['460 GSM chars need a fourth part', a(460), { encoding: 'GSM-7', parts: 4, characters: 460 }],
  ['80 € are 160 septets, one part', '€'.repeat(80), { encoding: 'GSM-7', parts: 1, characters: 160 }],
  ['81 € are 162 septets, two parts', '€'.repeat(81), { encoding: 'GSM-7', parts: 2, characters: 162 }],
  ['159 a + € is 161 septets, two parts', a(159) + '€', { encoding: 'GSM-7', parts: 2, characters: 161 }],
  ['158 a + € is 160 septets, one part', a(158) + '€', { encoding: 'GSM-7', parts: 1, characters: 160 }],
  // 306 septets would fit two parts by count, but the escape pair would straddle septets 153/154.
  ['152 a + € + 152 a: the escape pair moves to part 2, so 3 parts', a(152) + '€' + a(152), { encoding: 'GSM-7', parts: 3, characters: 306 }],
  ['153 a + € + 151 a: the pair starts part 2, 2 parts', a(153) + '€' + a(151), { encoding: 'GSM-7', parts: 2, characters: 306 }],
  ['CR LF count one septet each', 'a\r\nb', { encoding: 'GSM-7', parts: 1, characters: 4 }],
  ['Greek capitals of the GSM table stay GSM-7', 'ΔΦΓΛΩΠΨΣΘΞ', { encoding: 'GSM-7', parts: 1, characters: 10 }],
  ['Latin-1 letters of the GSM table stay GSM-7', 'Ç£¥èéùìòØøÅåÆæßÉ¡ÄÖÑÜ§¿äöñüà¤@$_', { encoding: 'GSM-7', parts: 1, characters: 32 }],
  ['70 ж fill one UCS-2 part', zhe(70), { encoding: 'UCS-2', parts: 1, characters: 70 }],
  ['71 ж split in two', zhe(71), { encoding: 'UCS-2', parts: 2, characters: 71 }],
  ['134 ж fill two parts of 67', zhe(134), { encoding: 'UCS-2', parts: 2, characters: 134 }],
  ['135 ж need a third part', zhe(135), { encoding: 'UCS-2', parts: 3, characters: 135 }],
  // 134 units would fit two parts by count, but the surrogate pair would straddle units 67/68.
  ['66 ж + 😀 + 66 ж: the surrogate pair moves to part 2, so 3 parts', zhe(66) + '😀' + zhe(66), { encoding: 'UCS-2', parts: 3, characters: 134 }],
  ['67 ж + 😀 + 65 ж: the pair starts part 2, 2 parts', zhe(67) + '😀' + zhe(65), { encoding: 'UCS-2', parts: 2, characters: 134 }],
  ['35 emoji are 70 units, one part', '😀'.repeat(35), { encoding: 'UCS-2', parts: 1, characters: 70 }],
  ['36 emoji are 72 units, two parts', '😀'.repeat(36), { encoding: 'UCS-2', parts: 2, characters: 72 }],
  ['one non-GSM letter switches 69 a to UCS-2', a(69) + 'á', { encoding: 'UCS-2', parts: 1, characters: 70 }],
  ['one non-GSM letter makes 70 a two UCS-2 parts', a(70) + 'á', { encoding: 'UCS-2', parts: 2, characters: 71 }],
  ['a non-GSM letter first, then 134 a', 'á' + a(133), { encoding: 'UCS-2', parts: 2, characters: 134 }],
  ['GSM extension characters cost one unit in UCS-2', '€'.repeat(34) + 'ж', { encoding: 'UCS-2', parts: 1, characters: 35 }],
  ['the backtick is not in GSM-7', '`', { encoding: 'UCS-2', parts: 1, characters: 1 }],
  ['lowercase ç is not in GSM-7 (only Ç is)', 'ç', { encoding: 'UCS-2', parts: 1, characters: 1 }],
  ['Greek lowercase is not in GSM-7', 'α', { encoding: 'UCS-2', parts: 1, characters: 1 }],
  ['a lone surrogate is one unit of UCS-2', '\ud83d' + a(3), { encoding: 'UCS-2', parts: 1, characters: 4 }],
];

describe('segmentSms', () => {
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(segmentSms(text), expected));
  }

  it('counts every GSM extension character (€ [ ] { } ~ | ^ \\ form feed) as two septets', () => {
    for (const ch of ['€', '[', ']', '{', '}', '~', '|', '^', '\\', '\f']) {
      assert.deepEqual(segmentSms(ch), { encoding: 'GSM-7', parts: 1, characters: 2 }, JSON.stringify(ch));
    }
  });

  it('never splits an escape pair at any part boundary of a long GSM-7 message', () => {
    // 152 a, then € at every multiple of 153 septets minus one: each € must open a new part.
    const text = (a(152) + '€').repeat(4);
    assert.deepEqual(segmentSms(text), { encoding: 'GSM-7', parts: 5, characters: 616 });
  });
});

describe('maxCharsForParts', () => {
  it('gives the single-part capacity for one part and 153 or 67 per part beyond', () => {
    assert.equal(maxCharsForParts('GSM-7', 1), 160);
    assert.equal(maxCharsForParts('GSM-7', 2), 306);
    assert.equal(maxCharsForParts('GSM-7', 8), 1224);
    assert.equal(maxCharsForParts('UCS-2', 1), 70);
    assert.equal(maxCharsForParts('UCS-2', 2), 134);
    assert.equal(maxCharsForParts('UCS-2', 8), 536);
    assert.equal(maxCharsForParts('GSM-7', 0), 0);
  });
});

describe('truncateToParts', () => {
  it('returns a text that already fits unchanged', () => {
    assert.equal(truncateToParts(a(306), 2), a(306));
  });

  it('cuts a GSM-7 text at the capacity of the allowed parts', () => {
    assert.equal(truncateToParts(a(400), 1), a(160));
    assert.equal(truncateToParts(a(400), 2), a(306));
  });

  it('cuts before an escape pair that would straddle the last allowed part', () => {
    assert.equal(truncateToParts(a(152) + '€' + a(200), 1), a(152) + '€' + a(6));
    assert.equal(truncateToParts(a(152) + '€' + a(200), 2), a(152) + '€' + a(151));
    assert.equal(truncateToParts(a(305) + '€', 2), a(305));
  });

  it('cuts before a surrogate pair rather than inside it', () => {
    assert.equal(truncateToParts(zhe(69) + '😀😀', 1), zhe(69));
    assert.equal(truncateToParts(zhe(133) + '😀', 2), zhe(133));
  });

  it('always leaves a text of at most the allowed parts', () => {
    const texts = [a(1000), '€'.repeat(500), zhe(600), '😀'.repeat(300), (a(10) + 'ж😀€').repeat(60)];
    for (const t of texts) {
      for (let k = 1; k <= 8; k++) {
        const cut = truncateToParts(t, k);
        assert.ok(t.startsWith(cut));
        assert.ok(segmentSms(cut).parts <= k, `${k} parts`);
        if (cut === t) continue;
        const next = cut + [...t.slice(cut.length)][0]!;
        assert.ok(segmentSms(next).parts > k, 'maximal: one more character would not fit');
      }
    }
  });
});
