import type fontkit from '@pdf-lib/fontkit';

/**
 * @pdf-lib/fontkit 1.1.1 subsets CID-keyed CFF fonts (Noto Sans CJK) wrongly: each glyph is assigned to the
 * font dictionary added *last* rather than its own, and its local subroutines are kept for that wrong
 * dictionary. A line mixing scripts ("Жанна 東京 Citizen") then prints Latin letters as garbage or nothing.
 * This replaces the method with one that keeps each glyph with its own dictionary (as upstream fontkit 2 does).
 */
interface CffSubset {
  glyphs: number[];
  cff: { fdForGlyph(gid: number): number | null; topDict: { FDArray: Array<Record<string, unknown>> } };
  font: { getGlyph(gid: number): { path: unknown; _usedSubrs: Record<string, boolean> } };
  subsetSubrs(subrs: unknown[], used: Record<string, boolean>): unknown[];
  subsetFontdict(topDict: Record<string, unknown>): void;
}

function subsetFontdict(this: CffSubset, topDict: Record<string, unknown>) {
  const fdArray: Array<Record<string, unknown>> = [];
  const fds: number[] = [];
  const newIndex = new Map<number, number>();
  const usedSubrs: Array<Record<string, boolean>> = [];
  for (const gid of this.glyphs) {
    const fd = this.cff.fdForGlyph(gid);
    if (fd == null) continue;
    let index = newIndex.get(fd);
    if (index === undefined) {
      index = fdArray.length;
      newIndex.set(fd, index);
      fdArray.push({ ...this.cff.topDict.FDArray[fd] });
      usedSubrs.push({});
    }
    fds.push(index);
    const glyph = this.font.getGlyph(gid);
    void glyph.path; // parsing the path records the subroutines it calls
    for (const subr in glyph._usedSubrs) usedSubrs[index]![subr] = true;
  }
  fdArray.forEach((dict, i) => {
    delete dict.FontName;
    const priv = dict.Private as { Subrs?: unknown[] } | undefined;
    if (priv?.Subrs) dict.Private = { ...priv, Subrs: this.subsetSubrs(priv.Subrs, usedSubrs[i]!) };
  });
  topDict.FDArray = fdArray;
  topDict.FDSelect = { version: 0, fds };
}

const patched = new WeakSet<object>();

/** Installs the fix on the subset class of this (CFF) font; a no-op for TrueType fonts and when already done. */
export function fixCffSubsetting(font: fontkit.Font) {
  if (!(font as unknown as Record<string, unknown>)['CFF ']) return;
  const proto = Object.getPrototypeOf(font.createSubset()) as CffSubset;
  if (patched.has(proto) || typeof proto.subsetFontdict !== 'function') return;
  proto.subsetFontdict = subsetFontdict;
  patched.add(proto);
}
