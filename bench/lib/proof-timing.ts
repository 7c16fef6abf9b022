/**
 * The proof job of one card, timed off the request path: what a post worker thread does for each accepted postcard
 * after the response (compose the print-ready PDF with its address, then render its thumbnails). Issue 9's target is
 * ≤ 300 ms per card. Runs the post module's own worker pool (one thread, so the figure is per card, not per core)
 * in this process, over addresses in several scripts, since a CJK or Arabic line embeds a bigger font subset.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import { ModuleProofKit, THUMBNAIL_LONG_SIDE_PX, THUMBNAIL_SMALL_LONG_SIDE_PX, type PostAddress } from '../../src/modules/post/index.js';

const A5_BLEED_PT: [number, number] = [(216 / 25.4) * 72, (154 / 25.4) * 72];

async function face(colour: [number, number, number]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage(A5_BLEED_PT);
  page.drawRectangle({ x: 0, y: 0, width: A5_BLEED_PT[0], height: A5_BLEED_PT[1], color: rgb(...colour) });
  page.drawRectangle({ x: 60, y: 250, width: 200, height: 120, color: rgb(0.9, 0.3, 0.2) });
  return Buffer.from(await doc.save());
}

const base = { address_line_2: '', address_state: '', address_postal_code: '2000' };
const CARDS: Array<{ script: string; recipient: PostAddress }> = [
  { script: 'Latin', recipient: { ...base, address_name: 'Zoë Müller', address_line_1: '12 Rue de la Paix', address_city: 'PARIS', address_country: 'FR' } },
  { script: 'Cyrillic', recipient: { ...base, address_name: 'Иван Петров', address_line_1: 'ул. Тверская, 7', address_city: 'МОСКВА', address_country: 'RU' } },
  { script: 'Arabic', recipient: { ...base, address_name: 'محمد أحمد', address_line_1: 'شارع التحرير 15', address_city: 'القاهرة', address_country: 'EG' } },
  { script: 'Chinese', recipient: { ...base, address_name: '李华', address_line_1: '上海市浦东新区世纪大道100号', address_city: '上海', address_country: 'CN' } },
];
const RETURN = {
  user_id: 1,
  return_address_id: 1,
  address_name: 'Sendbox Bench',
  address_line_1: '1 Main St',
  address_line_2: '',
  address_city: 'SYDNEY',
  address_state: 'NSW',
  address_postal_code: '2000',
  address_country: 'AU',
};

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** p50 and p95 per script of compose + thumbnails for one card, after one warm-up card per script. */
export async function timeProofJobs(rounds = 5): Promise<Record<string, string>> {
  const kit = new ModuleProofKit({ workers: 1 });
  try {
    const merged = await kit.mergeFaces([await face([0.2, 0.45, 0.8]), await face([0.95, 0.9, 0.6])]);
    const one = async (recipient: PostAddress) => {
      const t = performance.now();
      const pdf = await kit.composePostcardProof(merged, recipient, RETURN);
      await kit.renderThumbnails(pdf, { pages: [1, 2], longSide: THUMBNAIL_LONG_SIDE_PX, smallLongSide: THUMBNAIL_SMALL_LONG_SIDE_PX });
      return performance.now() - t;
    };
    for (const c of CARDS) await one(c.recipient);
    const facts: Record<string, string> = {};
    for (const c of CARDS) {
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) times.push(await one(c.recipient));
      facts[`proof job of one card, ${c.script} address (compose + thumbnails, 1 thread)`] = `p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms (target ≤ 300 ms)`;
    }
    return facts;
  } finally {
    await kit.close();
  }
}
