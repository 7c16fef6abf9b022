import type fontkit from '@pdf-lib/fontkit';

/**
 * @pdf-lib/fontkit 1.1.1 subsets TrueType fonts wrongly when the subset's glyph data is under 64 KB: it writes a
 * short `loca` table (offsets / 2) without padding each glyph to an even length, so after the first odd-length
 * glyph every offset is off by one byte and viewers draw nothing (or garbage) for most glyphs. Noto Sans and
 * Noto Sans SC/JP/KR (long `loca`, odd-length glyphs) hit this: pdftoppm printed "Se" for "Sendbox". This pads
 * each glyph to an even length as it is added, which is what the format requires anyway.
 */
interface TtfSubset {
  glyf: Uint8Array[];
  offset: number;
  _addGlyph(gid: number): number;
}

const patched = new WeakSet<object>();

export function fixGlyfSubsetting(font: fontkit.Font) {
  if (!(font as unknown as Record<string, unknown>).glyf && !('glyf' in ((font as unknown as { directory: { tables: object } }).directory?.tables ?? {}))) return;
  const proto = Object.getPrototypeOf(font.createSubset()) as TtfSubset;
  if (patched.has(proto) || typeof proto._addGlyph !== 'function') return;
  const addGlyph = proto._addGlyph;
  proto._addGlyph = function (this: TtfSubset, gid: number) {
    const index = addGlyph.call(this, gid);
    const data = this.glyf[index]!;
    if (data.length % 2 === 1) {
      // Fontkit's encoder takes only its own (bundled) Buffer class: make the padded copy with it.
      const OwnBuffer = data.constructor as unknown as { alloc(n: number): Uint8Array };
      const padded = OwnBuffer.alloc(data.length + 1);
      padded.set(data);
      this.glyf[index] = padded;
      this.offset += 1;
    }
    return index;
  };
  patched.add(proto);
}
