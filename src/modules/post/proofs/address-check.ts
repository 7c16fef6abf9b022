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

/** Reads and parses every address face now, so the first Chinese, Japanese or Korean address pays nothing. */
export async function warmAddressFonts(): Promise<void> {
  const { loadAllFaces } = await import('./font-faces.js');
  await loadAllFaces();
}
