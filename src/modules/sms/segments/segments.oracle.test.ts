// test-tier: slow (checks thousands of messages against the slow reference calculator)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SegmentedMessage } from 'sms-segments-calculator';
import { segmentSms } from './index.js';
import { boundaryTexts } from './sample-texts.js';

/**
 * Twilio's sms-segments-calculator as the oracle, in plain 'auto' mode (no smart encoding, which would
 * rewrite “” ’ … into GSM-7 before counting).
 */
function oracle(text: string) {
  const m = new SegmentedMessage(text, 'auto');
  return { encoding: m.encodingName, parts: m.segmentsCount, septets: m.numberOfCharacters };
}

describe('segmentSms against sms-segments-calculator', () => {
  it('agrees on encoding, parts and GSM-7 septets for generated texts around every part boundary', () => {
    const disagreements: string[] = [];
    let checked = 0;
    for (const text of boundaryTexts(20240611, 4)) {
      checked++;
      const ours = segmentSms(text);
      const theirs = oracle(text);
      const same =
        ours.encoding === theirs.encoding &&
        ours.parts === theirs.parts &&
        // The oracle counts graphemes for UCS-2, so only septets are comparable; UCS-2 length is UTF-16 units.
        (ours.encoding === 'GSM-7' ? ours.characters === theirs.septets : ours.characters === text.length);
      if (!same) disagreements.push(`${JSON.stringify(text)}: ours ${JSON.stringify(ours)}, oracle ${JSON.stringify(theirs)}`);
    }
    assert.ok(checked > 2500, `only ${checked} texts generated`);
    assert.deepEqual(disagreements.slice(0, 5), [], `${disagreements.length} of ${checked} texts disagree`);
  });

  it('agrees on the hand-picked straddling cases', () => {
    for (const text of ['a'.repeat(152) + '€' + 'a'.repeat(152), 'ж'.repeat(66) + '😀' + 'ж'.repeat(66), 'a'.repeat(305) + '|' + 'a'.repeat(10)]) {
      const theirs = oracle(text);
      const ours = segmentSms(text);
      assert.deepEqual([ours.encoding, ours.parts], [theirs.encoding, theirs.parts]);
    }
  });

  // Known disagreements, decided here; each assertion pins both sides so a change on either is noticed.
  it('splits a multi-code-point emoji between parts where the oracle keeps the grapheme whole (we follow the SMS spec)', () => {
    // 65 ж + 👨‍👩‍👧 (8 units: three surrogate pairs joined by ZWJ) + 60 ж = 133 units.
    const text = 'ж'.repeat(65) + '👨‍👩‍👧' + 'ж'.repeat(60);
    // Ours: parts are cut between code points, never inside a surrogate pair: 67 + 66 units → 2 parts.
    // The oracle moves whole grapheme clusters, which no SMSC does: the handset joins the parts before
    // rendering, so a cluster split at a code-point boundary displays intact and is billed as 2 parts.
    assert.equal(segmentSms(text).parts, 2);
    assert.equal(oracle(text).parts, 3);
  });

  it('gives an empty text 0 parts where the oracle says 1 (nothing is sent or billed for it)', () => {
    assert.equal(segmentSms('').parts, 0);
    assert.equal(oracle('').parts, 1);
  });
});
