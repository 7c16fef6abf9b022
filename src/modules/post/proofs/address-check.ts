import type { Address } from './address.js';
import type { PanelKind, PrintProblem } from './address-layout.js';

/** Whether an address prints as written in a panel of the given kind, and how (shrunk, wrapped) if it does. */
export interface AddressPrintCheck {
  /** Characters no face has, text that does not fit even at the minimum size: the recipient cannot be sent. */
  problems: PrintProblem[];
  /** Printed, but not at the normal size or on one line: the item's `_warnings`. */
  warnings: string[];
}

/**
 * The send-time check, on the request's thread and without building a PDF: the same fitting the composer does
 * (address-layout.ts), measuring with fontkit's cmap and advance tables. The module (and fontkit with it) is
 * loaded on first use, so start-up does not pay for it; the faces are loaded once per process, the CJK ones only
 * when an address needs them (or at start-up, see warmAddressFonts).
 */
// Imported once: a dynamic import() of a loaded module still costs a resolve per call (through loader hooks, ms each).
let layout: Promise<typeof import('./address-layout.js')> | undefined;

export async function checkAddressPrint(kind: PanelKind, recipient: Address, returnAddress: Address): Promise<AddressPrintCheck> {
  layout ??= import('./address-layout.js');
  const { fitAddressPanel } = await layout;
  const { problems, warnings } = await fitAddressPanel(kind, recipient, returnAddress);
  return { problems, warnings };
}

/**
 * Loads the check (fontkit) and Noto Sans, which every address uses, so the first send does not pay for them (about
 * 0.8 s of CPU from src, less from dist); `all` also reads and parses the script and CJK faces (+0.2 s of CPU,
 * +45 MB resident), which otherwise load the first time an address needs them (up to ~0.2 s of CPU each, once).
 */
export async function warmAddressFonts(which: 'latin' | 'all' = 'latin'): Promise<void> {
  layout ??= import('./address-layout.js');
  await layout;
  const { loadAllFaces, loadFace } = await import('./font-faces.js');
  await (which === 'all' ? loadAllFaces() : loadFace('latin'));
}
