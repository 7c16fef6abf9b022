import { compile } from 'html-to-text';

/**
 * ClickSend's documented test email addresses: accepted and shown like any recipient, never charged and
 * never delivered (conventions.md §12).
 */
export const TEST_EMAIL_ADDRESSES: ReadonlySet<string> = new Set(['test1@test.com', 'test2@test.com', 'test3@test.com']);

/** Whether an (already trimmed) address is one of the documented test addresses; case-insensitive. */
export const isTestEmail = (address: string): boolean => TEST_EMAIL_ADDRESSES.has(address.toLowerCase());

/**
 * The plain-text part of an HTML body (html-to-text, maintained): links as "text [url]", images dropped,
 * no hard wrapping (the mail composer folds long lines itself). A body without markup comes back as it is.
 */
export function plainTextOf(html: string): string {
  if (!/[<&]/.test(html)) return html;
  toPlainText ??= compile({
    wordwrap: false,
    // html-to-text walks the document recursively: a few thousand nested elements (a 15 KB body of "<div>"s)
    // overflow the stack, which would turn a send into a 500. Content deeper than this is cut (an ellipsis);
    // real mail layouts nest a few dozen levels.
    limits: { maxDepth: PLAIN_TEXT_MAX_DEPTH },
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
  return toPlainText(html);
}

/** How deep the plain-text part follows nested elements (see plainTextOf). */
export const PLAIN_TEXT_MAX_DEPTH = 256;

/** Compiled once: convert() builds its options and selector tree on every call (~5× the cost of the conversion itself). */
let toPlainText: ((html: string) => string) | undefined;
