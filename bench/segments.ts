/**
 * node --import tsx bench/segments.ts [count]
 *
 * µs per message of our SMS segmenter over `count` (default 100,000) generated messages that mix GSM-7,
 * extension characters, Latin-1 outside GSM-7, Cyrillic and emoji, 1–612 characters long (1–4 parts).
 * For scale, the oracle (sms-segments-calculator) is timed on the first 2,000 of the same messages.
 * Prints to the console only; not part of `npm run bench`.
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import { segmentSms } from '../src/modules/sms/segments/index.js';
import { MIXES, prng, textOf } from '../src/modules/sms/segments/sample-texts.js';

const count = Number(process.argv[2] ?? 100_000);
const rand = prng(7);
const messages: string[] = [];
for (let i = 0; i < count; i++) messages.push(textOf(rand, MIXES[i % MIXES.length]!, 1 + Math.floor(rand() * 612)));
const units = messages.reduce((n, m) => n + m.length, 0);

function time(label: string, texts: string[], fn: (t: string) => number, runs: number): number {
  const perMessage: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (const t of texts) sink += fn(t);
    perMessage.push(Number(process.hrtime.bigint() - t0) / 1000 / texts.length);
  }
  perMessage.sort((a, b) => a - b);
  const median = perMessage[Math.floor(runs / 2)]!;
  console.log(`${label.padEnd(34)} ${median.toFixed(3).padStart(8)} µs/message (median of ${runs} runs over ${texts.length.toLocaleString('en-US')} messages; checksum ${sink})`);
  return median;
}

console.log(`node ${process.version}; ${count.toLocaleString('en-US')} messages, mean ${(units / count).toFixed(0)} UTF-16 units each`);
time('warm-up', messages.slice(0, 10_000), (t) => segmentSms(t).parts, 3);
const ours = time('segmentSms', messages, (t) => segmentSms(t).parts, 7);
const theirs = time('sms-segments-calculator (oracle)', messages.slice(0, 2_000), (t) => new SegmentedMessage(t, 'auto').segmentsCount, 3);
console.log(`segmentSms is ${(theirs / ours).toFixed(0)}× faster than the oracle on these messages`);
