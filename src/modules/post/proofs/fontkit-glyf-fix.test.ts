import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fontkit from '@pdf-lib/fontkit';
import { faceFile } from './font-faces.js';
import { fixGlyfSubsetting } from './fontkit-glyf-fix.js';

interface Subset {
  includeGlyph(gid: number): number;
  encodeStream(): NodeJS.ReadableStream;
}

/** Subsets the face to the glyphs of `text` as pdf-lib does, and reads the result back: each glyph's outline size. */
async function subsetOutlines(file: string, text: string): Promise<number[]> {
  const font = fontkit.create(fs.readFileSync(file));
  fixGlyfSubsetting(font);
  const subset = font.createSubset() as unknown as Subset;
  for (const ch of text) subset.includeGlyph(font.glyphForCodePoint(ch.codePointAt(0)!).id);
  const parts: Buffer[] = [];
  const stream = subset.encodeStream();
  await new Promise((resolve) => {
    stream.on('data', (d: Buffer) => parts.push(Buffer.from(d)));
    stream.on('end', resolve);
  });
  const back = fontkit.create(Buffer.concat(parts));
  return Array.from(text, (_, i) => (back.getGlyph(i + 1) as unknown as { path: { commands: unknown[] } }).path.commands.length);
}

describe('TrueType subsets', () => {
  it('keep every glyph outline readable (glyphs padded to an even length under a short loca)', async () => {
    // Noto Sans and Noto Sans SC have odd-length glyphs: unpadded, every glyph after the first odd one read as garbage
    // (fontkit threw; poppler drew nothing for them: "Se" for "Sendbox").
    for (const [file, text] of [
      [faceFile('latin'), 'Sendbox'],
      [faceFile('sc'), '上海市浦东新区世纪大道'],
    ] as const) {
      const outlines = await subsetOutlines(file, text);
      assert.ok(
        outlines.every((n) => n > 0),
        `${file}: ${outlines}`,
      );
    }
  });
});
