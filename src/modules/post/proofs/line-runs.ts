import { hasRtl, isRtlParagraph, levels, visualOrder } from './bidi.js';
import type { Face, FaceId } from './font-faces.js';

/** A piece of one line drawn with one face in one direction, its characters in logical order. */
export interface Run {
  face: FaceId;
  text: string;
  /** Reads right to left (odd bidi level). */
  rtl: boolean;
  /** Advance at 1 pt. */
  width: number;
}

export interface ShapedLine {
  /** Runs in display order, left to right. */
  runs: Run[];
  /** Advance at 1 pt: the sum of the runs. */
  width: number;
  /** The line reads right to left (it is right-aligned). */
  rtl: boolean;
  /** Characters no face has, each once, in order of appearance. */
  missing: string[];
}

// Characters that belong to no script of their own: they stay in the face of what precedes them when it has them.
const STICKY = /[\p{M}\p{N}\p{P}\p{S}\p{Z}]/u;

/**
 * Splits a line into runs for display: one face for the whole line when one covers it (in `faces` order), else
 * per character the first face that has it; then by bidi level, runs put in display order. Both the request-time
 * fit check and the composer measure and draw lines through this, so they agree on every width.
 */
export function shapeLine(text: string, faces: readonly Face[]): ShapedLine {
  const chars = Array.from(text);
  const cps = chars.map((c) => c.codePointAt(0)!);
  const whole = faces.find((f) => cps.every((cp) => f.has(cp)));
  // The usual line: one face has it all and nothing reads right to left, so it is one run.
  if (whole && !hasRtl(text)) {
    const width = whole.runWidth(text);
    return { runs: text ? [{ face: whole.id, text, rtl: false, width }] : [], width, rtl: false, missing: [] };
  }
  const missing: string[] = [];
  const faceOf: Array<Face | undefined> = [];
  cps.forEach((cp, i) => {
    if (whole) return faceOf.push(whole);
    const prev = faceOf[i - 1];
    if (prev && STICKY.test(chars[i]!) && prev.has(cp)) return faceOf.push(prev);
    const face = faces.find((f) => f.has(cp));
    if (!face && !missing.includes(chars[i]!)) missing.push(chars[i]!);
    faceOf.push(face);
  });
  const lv = levels(chars);
  const runs: Array<Run & { level: number }> = [];
  chars.forEach((ch, i) => {
    const face = faceOf[i];
    if (!face) return; // not drawable: the caller refuses or reports the line
    const last = runs.at(-1);
    if (last && last.face === face.id && last.level === lv[i]) last.text += ch;
    else runs.push({ face: face.id, text: ch, rtl: lv[i]! % 2 === 1, width: 0, level: lv[i]! });
  });
  const byId = new Map(faces.map((f) => [f.id, f]));
  const ordered = visualOrder(runs.map((r) => r.level)).map((i) => {
    const { level: _level, ...run } = runs[i]!;
    return { ...run, width: byId.get(run.face)!.runWidth(run.text) };
  });
  return { runs: ordered, width: ordered.reduce((s, r) => s + r.width, 0), rtl: isRtlParagraph(chars), missing };
}

const COMMON = /[\p{Script=Common}\p{Script=Inherited}]/u;
const RTL_SCRIPT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** Whether fontkit lays the text out right to left: it takes the script of the first character that has one. */
function fontkitReverses(text: string): boolean {
  for (const ch of text) if (!COMMON.test(ch)) return RTL_SCRIPT.test(ch);
  return false;
}

/**
 * The string to hand pdf-lib for a run, so its glyphs come out in display order: fontkit reverses Hebrew and
 * Arabic itself while shaping; a run that reads right to left without such a script (a neutral between two RTL
 * words drawn with another face) is reversed here, and one fontkit would reverse but must not be (Arabic-Indic
 * digits, which read left to right) is reversed here first so the two cancel out.
 */
export function drawableText(run: Run): string {
  return run.rtl !== fontkitReverses(run.text) ? Array.from(run.text).reverse().join('') : run.text;
}
