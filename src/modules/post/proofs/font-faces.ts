import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { fixGlyfSubsetting } from './fontkit-glyf-fix.js';

/**
 * The faces addresses are printed with: Noto Sans from npm (@expo-google-fonts/noto-sans*, OFL-1.1), TrueType
 * (glyf) outlines, so pdf-lib subsets them into files every RIP and poppler accept, and nothing needs to be
 * installed on the machine besides `npm install`. Noto Sans covers Latin, Cyrillic and Greek; the others cover
 * one script each; the three CJK faces differ in the glyph forms their readers expect.
 */
export type FaceId = 'latin' | 'arabic' | 'hebrew' | 'thai' | 'jp' | 'kr' | 'sc';

const FILES: Record<FaceId, string> = {
  latin: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  arabic: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  hebrew: '@expo-google-fonts/noto-sans-hebrew/400Regular/NotoSansHebrew_400Regular.ttf',
  thai: '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf',
  jp: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  kr: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  sc: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
};

// Resolved through node's module resolution, so the same code finds them from src (tsx) and from dist.
const requireFrom = createRequire(import.meta.url);

export function faceFile(id: FaceId): string {
  return requireFrom.resolve(FILES[id]);
}

/** One loaded face: its bytes (to embed), and coverage and advance widths (1 em = 1) cached per code point. */
export interface Face {
  id: FaceId;
  bytes: Uint8Array;
  has(codePoint: number): boolean;
  /** Advance of the code point's glyph, in em; what pdf-lib's glyph widths make it on the page. */
  advance(codePoint: number): number;
  /**
   * Width in em of a run drawn with this face. For Arabic, the laid-out advances (joined forms are narrower than
   * isolated ones; it is drawn glyph by glyph where the layout puts it, shaped-text.ts); for the others the sum of the characters' advances, which is what pdf-lib's drawText gives with ligatures off (it
   * writes glyph ids and widths; kerning never reaches the page).
   */
  runWidth(text: string): number;
}

// Faces drawn as laid out (joining, mark positioning): their runs are measured by laying them out.
const SHAPED: ReadonlySet<FaceId> = new Set(['arabic']);

function makeFace(id: FaceId, bytes: Uint8Array): Face {
  const font = fontkit.create(bytes);
  fixGlyfSubsetting(font);
  const perEm = font.unitsPerEm;
  const covered = new Map<number, boolean>();
  const advances = new Map<number, number>();
  const words = new Map<string, number>();
  const shapedWidth = (word: string) => {
    let w = words.get(word);
    if (w === undefined) {
      if (words.size >= 20_000) words.clear();
      w = font.layout(word).advanceWidth / perEm;
      words.set(word, w);
    }
    return w;
  };
  const face: Face = {
    id,
    bytes,
    has(cp) {
      let c = covered.get(cp);
      if (c === undefined) {
        c = font.hasGlyphForCodePoint(cp);
        covered.set(cp, c);
      }
      return c;
    },
    advance(cp) {
      let a = advances.get(cp);
      if (a === undefined) {
        a = font.glyphForCodePoint(cp).advanceWidth / perEm;
        advances.set(cp, a);
      }
      return a;
    },
    runWidth(text) {
      // Joining stops at a space, so a run is as wide as its words laid out one by one plus its spaces; words recur
      // (street types, towns), so their widths are kept.
      if (SHAPED.has(id)) return text.split(' ').reduce((sum, word, i) => sum + (i > 0 ? face.advance(0x20) : 0) + shapedWidth(word), 0);
      let w = 0;
      for (const ch of text) w += face.advance(ch.codePointAt(0)!);
      return w;
    },
  };
  return face;
}

// Font files never change while we run, and the CJK ones are 5-10 MB: each is read and parsed once per process
// (per thread), and only when a line needs it.
const loaded = new Map<FaceId, Promise<Face>>();

export function loadFace(id: FaceId): Promise<Face> {
  let face = loaded.get(id);
  if (!face) {
    face = fs.readFile(faceFile(id)).then((bytes) => makeFace(id, bytes));
    // A failed read is not cached: the next line tries again (and reports the same error if it persists).
    face.catch(() => loaded.delete(id));
    loaded.set(id, face);
  }
  return face;
}

// The destination decides which CJK face goes first: Han characters take the forms its readers expect.
const CJK_BY_COUNTRY: Record<string, FaceId> = { JP: 'jp', KR: 'kr', KP: 'kr', CN: 'sc', SG: 'sc' };

/** Faces in the order a line tries them: Noto Sans, the other small script faces, then the CJK faces (the destination's first). */
export function faceOrder(country: string): FaceId[] {
  const first = CJK_BY_COUNTRY[country.toUpperCase()] ?? 'jp';
  return ['latin', 'arabic', 'hebrew', 'thai', first, ...(['jp', 'kr', 'sc'] as const).filter((f) => f !== first)];
}

const CJK_FACES: ReadonlySet<FaceId> = new Set(['jp', 'kr', 'sc']);

/**
 * Whether a CJK face could be the only one to have this character: Hangul Jamo, the CJK, kana, Hangul and
 * symbol blocks of the BMP, compatibility and fullwidth forms, and the supplementary ideographs. Outside these
 * (emoji, private use, scripts no face here covers) the 5-10 MB faces are not loaded just to say no.
 */
export function cjkCandidate(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x2000 && cp <= 0xd7ff) || (cp >= 0xf900 && cp <= 0xffef) || (cp >= 0x20000 && cp <= 0x3ffff);
}

/**
 * The faces an address needs, loaded: the ordered list for its destination, cut to the ones some character of
 * `texts` uses (Noto Sans is always there). Lines are then measured and split into runs without waiting.
 */
export async function facesFor(country: string, texts: readonly string[]): Promise<Face[]> {
  const order = faceOrder(country);
  const faces = new Map<FaceId, Face>([['latin', await loadFace('latin')]]);
  const codePoints = new Set<number>();
  for (const t of texts) for (const ch of t) codePoints.add(ch.codePointAt(0)!);
  let rest = [...codePoints].filter((cp) => !faces.get('latin')!.has(cp));
  for (const id of order.slice(1)) {
    if (rest.length === 0) break;
    const wanted = CJK_FACES.has(id) ? rest.filter(cjkCandidate) : rest;
    if (wanted.length === 0) continue;
    const face = await loadFace(id);
    if (wanted.some((cp) => face.has(cp))) faces.set(id, face);
    rest = rest.filter((cp) => !face.has(cp));
  }
  return order.filter((id) => faces.has(id)).map((id) => faces.get(id)!);
}

/** Loads every face now (start-up warming, so no request pays for reading and parsing the big ones). */
export async function loadAllFaces(): Promise<void> {
  await Promise.all((Object.keys(FILES) as FaceId[]).map((id) => loadFace(id)));
}
