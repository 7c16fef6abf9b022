/**
 * Seeded generator of SMS bodies for the oracle test and bench/segments.ts (not used by the server):
 * mixes of GSM-7 basic and extension characters, Latin-1 letters outside GSM-7, Cyrillic and emoji,
 * at lengths around every part boundary. Same seed, same texts.
 */

/** mulberry32: tiny, fast, good enough to spread test inputs; deterministic per seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CHAR_CLASSES = {
  basic: [...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'],
  extension: [...'€[]{}~|^\\\f'],
  latin1: [...'áíóúâêîôûçëïõãÁÍÓÚÂÊ«»°`±µÿ'],
  cyrillic: [...'абвгдежзийклмнопрстуфхцчшщъыьэюяЖЩЯ'],
  // Single-code-point astral characters only: each is one grapheme of one surrogate pair.
  emoji: [...'😀🎉🚀👍💬🙂🔥📱✅'].filter((c) => c.length === 2).concat(['𝄞', '𠀀']),
} as const;

export type CharClass = keyof typeof CHAR_CLASSES;

export const MIXES: CharClass[][] = [
  ['basic'],
  ['basic', 'extension'],
  ['extension'],
  ['basic', 'latin1'],
  ['basic', 'extension', 'latin1'],
  ['basic', 'cyrillic'],
  ['cyrillic', 'emoji'],
  ['basic', 'emoji'],
  ['emoji'],
  ['basic', 'extension', 'latin1', 'cyrillic', 'emoji'],
];

const isGsm = (mix: CharClass[]) => mix.every((c) => c === 'basic' || c === 'extension');

/** Size of one character in the encoding the mix implies: septets for GSM-7 mixes, UTF-16 units otherwise. */
function cost(ch: string, gsm: boolean): number {
  return gsm ? ((CHAR_CLASSES.extension as readonly string[]).includes(ch) ? 2 : 1) : ch.length;
}

/** Part boundaries (1 to 8 parts) of each encoding. */
export const BOUNDARIES = {
  gsm: [160, 306, 459, 612, 765, 918, 1071, 1224],
  ucs: [70, 134, 201, 268, 335, 402, 469, 536],
};

/**
 * A text of the given mix whose size (septets or UTF-16 units) is exactly `target`: a drawn pair that
 * would overshoot is replaced by a one-unit filler. A UCS-2 mix always has a character outside GSM-7.
 */
export function textOf(rand: () => number, mix: CharClass[], target: number): string {
  const gsm = isGsm(mix);
  const pick = (): string => {
    const chars = CHAR_CLASSES[mix[Math.floor(rand() * mix.length)]!];
    return chars[Math.floor(rand() * chars.length)]!;
  };
  const filler = gsm ? 'a' : mix.includes('cyrillic') ? 'ж' : mix.includes('latin1') ? 'é' : 'a';
  let out = '';
  let size = 0;
  let nonGsm = false;
  while (size < target) {
    let ch = pick();
    if (size + cost(ch, gsm) > target) ch = filler;
    out += ch;
    size += cost(ch, gsm);
    if (!CHAR_CLASSES.basic.includes(ch as never) && !CHAR_CLASSES.extension.includes(ch as never)) nonGsm = true;
  }
  // Force a non-GSM character into a UCS-2 mix that happened to draw none; it replaces a one-unit char.
  if (!gsm && !nonGsm && out.length > 0) out = (mix.includes('cyrillic') ? 'ж' : 'á') + out.slice(1);
  return out;
}

/** Texts at every boundary ±3 for every mix, plus a special character placed to straddle each boundary. */
export function* boundaryTexts(seed: number, rounds: number): Generator<string> {
  const rand = prng(seed);
  for (let round = 0; round < rounds; round++) {
    for (const mix of MIXES) {
      const bounds = isGsm(mix) ? BOUNDARIES.gsm : BOUNDARIES.ucs;
      for (const b of bounds) {
        for (let d = -3; d <= 3; d++) yield textOf(rand, mix, b + d);
        // The special pair lands on units b-1/b (straddling), or just before or after.
        const special = isGsm(mix) ? CHAR_CLASSES.extension : mix.includes('emoji') ? CHAR_CLASSES.emoji : null;
        if (!special) continue;
        const singles = mix.filter((c) => c !== 'emoji' && c !== 'extension');
        for (const at of [b - 2, b - 1, b]) {
          const head = textOf(rand, singles.length > 0 ? singles : ['basic'], at);
          const ch = special[Math.floor(rand() * special.length)]!;
          yield head + ch + textOf(rand, mix, Math.floor(rand() * 160));
        }
      }
      // Short texts too.
      yield textOf(rand, mix, 1 + Math.floor(rand() * 40));
    }
  }
}
