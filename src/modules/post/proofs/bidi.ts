/**
 * Just enough of the Unicode bidirectional algorithm (UAX #9) for one address line without explicit embeddings:
 * the paragraph direction from the first strong character, numbers kept left-to-right inside right-to-left text,
 * neutrals (spaces, punctuation) taking the direction of the text around them, then runs reordered for display.
 * Characters stay in logical order inside each run: fontkit reverses right-to-left scripts while shaping them
 * (Arabic letters need their neighbours in logical order to take their joined forms); runs of other characters
 * that read right to left (a neutral between two Hebrew words drawn with another face) are reversed by the caller.
 */

type BidiClass = 'L' | 'R' | 'EN' | 'AN' | 'N';

const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const ARABIC_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/u;
const DIGIT = /\p{Nd}/u;
const LETTER = /[\p{L}\p{M}]/u;

// Any character that could read right to left (Hebrew to N'Ko, Arabic presentation forms): one test per line.
const MAYBE_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

function classOf(ch: string): BidiClass {
  if (ARABIC_DIGIT.test(ch)) return 'AN';
  if (DIGIT.test(ch)) return 'EN';
  if (RTL_LETTER.test(ch)) return 'R';
  if (LETTER.test(ch)) return 'L';
  return 'N';
}

/** Whether anything in the text reads right to left (or is an Arabic-Indic digit). */
export function hasRtl(text: string): boolean {
  return MAYBE_RTL.test(text) && Array.from(text).some((ch) => classOf(ch) === 'R' || classOf(ch) === 'AN');
}

/** Whether the line reads right to left: its first strong character is Hebrew, Arabic, … */
export function isRtlParagraph(chars: readonly string[]): boolean {
  for (const ch of chars) {
    const c = classOf(ch);
    if (c === 'L') return false;
    if (c === 'R') return true;
  }
  return false;
}

/** The embedding level of each character (0 or 2: left to right; 1: right to left). */
export function levels(chars: readonly string[]): number[] {
  // Most lines hold nothing that reads right to left: all at level 0, without classifying or scanning.
  if (!MAYBE_RTL.test(chars.join(''))) return chars.map(() => 0);
  const classes = chars.map(classOf);
  if (!classes.some((c) => c === 'R' || c === 'AN')) return classes.map(() => 0);
  const base = isRtlParagraph(chars) ? 1 : 0;
  // Numbers after right-to-left text (W2) act as right to left for the neutrals around them.
  const strongOf = (i: number): 'L' | 'R' | undefined => {
    const c = classes[i]!;
    if (c === 'L') return 'L';
    if (c === 'R' || c === 'AN') return 'R';
    if (c === 'EN') {
      for (let j = i - 1; j >= 0; j--) {
        if (classes[j] === 'L') return 'L';
        if (classes[j] === 'R' || classes[j] === 'AN') return 'R';
      }
      return base === 1 ? 'R' : 'L';
    }
    return undefined;
  };
  return classes.map((c, i) => {
    if (c === 'L') return base === 1 ? 2 : 0;
    if (c === 'R') return 1;
    if (c === 'EN' || c === 'AN') return base === 1 || strongOf(i) === 'R' ? 2 : 0;
    // N1/N2: a neutral between text of one direction takes it, else the paragraph's.
    let before: 'L' | 'R' | undefined;
    for (let j = i - 1; j >= 0 && !before; j--) before = strongOf(j);
    let after: 'L' | 'R' | undefined;
    for (let j = i + 1; j < classes.length && !after; j++) after = strongOf(j);
    const dir = before && before === after ? before : base === 1 ? 'R' : 'L';
    return dir === 'R' ? 1 : base === 1 ? 2 : 0;
  });
}

/** L2: the display order of runs of given levels (each run has one level): reverse every sequence at level ≥ k, for k from the highest down to 1. */
export function visualOrder(runLevels: readonly number[]): number[] {
  const order = runLevels.map((_, i) => i);
  const max = Math.max(0, ...runLevels);
  for (let k = max; k >= 1; k--) {
    let i = 0;
    while (i < order.length) {
      if (runLevels[order[i]!]! < k) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && runLevels[order[j]!]! >= k) j++;
      order.splice(i, j - i, ...order.slice(i, j).reverse());
      i = j;
    }
  }
  return order;
}
