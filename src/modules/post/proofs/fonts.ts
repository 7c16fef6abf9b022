import fs from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { StandardFonts, type PDFDocument, type PDFFont } from 'pdf-lib';
import { fixCffSubsetting } from './fontkit-cff-fix.js';
import { extractFace, isCollection } from './ttc.js';

/**
 * Unicode fonts tried, in order, for text Helvetica's WinAnsi encoding cannot carry (Ж, Ł, 東京). Files that are
 * absent are skipped: Debian's fonts-liberation2, fonts-dejavu-core and fonts-noto-cjk put them here.
 */
export const SYSTEM_FONT_FILES: readonly string[] = [
  '/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];

interface LoadedFont {
  bytes: Uint8Array;
  has(codePoint: number): boolean;
}

// Font files are immutable and some are large (the CJK collection is 19 MB): read and parse each face once per process.
const loaded = new Map<string, Promise<LoadedFont | undefined>>();

// Noto CJK's collection holds one face per locale; the destination picks the glyph forms its readers expect.
const CJK_FACE_BY_COUNTRY: Record<string, string> = { JP: 'JP', KR: 'KR', KP: 'KR', CN: 'SC', SG: 'SC', TW: 'TC', HK: 'HK', MO: 'HK' };

function loadFont(path: string, country: string): Promise<LoadedFont | undefined> {
  // Only collections have per-locale faces; a single font is one entry whatever the destination.
  const locale = path.endsWith('.ttc') ? (CJK_FACE_BY_COUNTRY[country] ?? 'JP') : 'JP';
  const key = `${path}#${locale}`;
  let found = loaded.get(key);
  if (!found) {
    found = readFace(path, locale).catch(() => undefined);
    loaded.set(key, found);
  }
  return found;
}

async function readFace(path: string, locale: string): Promise<LoadedFont> {
  let bytes: Uint8Array = await fs.readFile(path);
  if (isCollection(bytes)) {
    const names: string[] = ((fontkit.create(bytes) as unknown as { fonts: fontkit.Font[] }).fonts ?? []).map((f) => f.postscriptName ?? '');
    const index = names.findIndex((n) => n.includes(`CJK${locale.toLowerCase()}-`) && !n.includes('Mono'));
    bytes = extractFace(bytes, Math.max(0, index));
  }
  const font = fontkit.create(bytes);
  fixCffSubsetting(font);
  return { bytes, has: (cp) => font.hasGlyphForCodePoint(cp) };
}

/** Characters many addresses carry that WinAnsi lacks and NFKD does not decompose. */
const TRANSLITERATIONS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', Ø: 'O', ø: 'o', Þ: 'Th', þ: 'th' };

export interface PickedFont {
  font: PDFFont;
  /** The text to draw: as given, or with characters no font can draw transliterated or replaced by "?". */
  text: string;
  replaced: string[];
}

/** Chooses, per line, a font that can draw it, embedding system fonts into the document only when needed. */
export class AddressFonts {
  private readonly embedded = new Map<string, Promise<PDFFont>>();

  private constructor(
    private readonly doc: PDFDocument,
    private readonly helvetica: PDFFont,
    private readonly winAnsi: Set<number>,
    private readonly files: readonly string[],
    private readonly country: string,
  ) {}

  static async create(doc: PDFDocument, opts: { files?: readonly string[] | undefined; country?: string | undefined } = {}) {
    const helvetica = await doc.embedFont(StandardFonts.Helvetica);
    doc.registerFontkit(fontkit);
    return new AddressFonts(doc, helvetica, new Set(helvetica.getCharacterSet()), opts.files ?? SYSTEM_FONT_FILES, (opts.country ?? '').toUpperCase());
  }

  async pick(text: string): Promise<PickedFont> {
    const needed = [...new Set(Array.from(text, (c) => c.codePointAt(0)!))];
    if (needed.every((cp) => this.winAnsi.has(cp))) return { font: this.helvetica, text, replaced: [] };

    let best: { path?: string; has: (cp: number) => boolean; missing: number } = { has: (cp) => this.winAnsi.has(cp), missing: Infinity };
    best.missing = needed.filter((cp) => !best.has(cp)).length;
    for (const path of this.files) {
      const face = await loadFont(path, this.country);
      if (!face) continue;
      const missing = needed.filter((cp) => !face.has(cp)).length;
      if (missing < best.missing) best = { path, has: face.has, missing };
      if (missing === 0) break;
    }
    const font = best.path ? await this.embed(best.path) : this.helvetica;
    if (best.missing === 0) return { font, text, replaced: [] };

    const replaced: string[] = [];
    const drawable = Array.from(text, (ch) => {
      if (best.has(ch.codePointAt(0)!)) return ch;
      replaced.push(ch);
      const plain = (TRANSLITERATIONS[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '')) || '?';
      return Array.from(plain).every((c) => best.has(c.codePointAt(0)!)) ? plain : '?';
    }).join('');
    return { font, text: drawable, replaced };
  }

  private embed(path: string): Promise<PDFFont> {
    let font = this.embedded.get(path);
    if (!font) {
      font = loadFont(path, this.country).then((face) => this.doc.embedFont(face!.bytes, { subset: true }));
      this.embedded.set(path, font);
    }
    return font;
  }
}
