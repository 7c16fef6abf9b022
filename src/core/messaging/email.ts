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

/** How deep the plain-text part follows nested elements (see plainTextOf); also the deepest body accepted. */
export const PLAIN_TEXT_MAX_DEPTH = 256;

/** Elements with no content (never on the open-element stack). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'basefont', 'frame', 'command', 'isindex']);
const P = new Set(['p']);
/** Opening tags that close an open <p>. */
const P_CLOSERS = 'p h1 h2 h3 h4 h5 h6 div table ul ol dl pre blockquote section header footer nav main form address article aside figure';
/** The open element an opening tag closes when it is the current one (htmlparser2's openImpliesClose, its common part). */
const IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...P_CLOSERS.split(' ').map((t) => [t, P] as const),
]);

/**
 * The deepest nesting of elements in `html` (stopping once past `limit`), from one pass over its tags with a small
 * model of the open-element stack: comments skipped, void elements never opened, the implied closes of htmlparser2
 * applied (a <p> or <li> left open is no false alarm), an end tag closing up to its element. Why it matters:
 * htmlparser2 (under html-to-text) keeps its open elements in an array it unshifts on every tag, so its time grows
 * with depth × tags (a 1 MiB body of nested tables: ~10 s of one thread), and a campaign's text part is derived
 * on the API's thread when the body is small enough to convert inline. Bodies deeper than PLAIN_TEXT_MAX_DEPTH are refused before any parser sees them.
 */
export function htmlNestingDepth(html: string, limit = Number.POSITIVE_INFINITY): number {
  const stack: string[] = [];
  let max = 0;
  for (const m of html.replace(/<!--[\s\S]*?(?:-->|$)/g, '').matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)/g)) {
    const name = m[2]!.toLowerCase();
    if (VOID.has(name)) continue;
    if (m[1] === '/') {
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
      continue;
    }
    const closes = IMPLIES_CLOSE.get(name);
    while (closes && stack.length > 0 && closes.has(stack[stack.length - 1]!)) stack.pop();
    stack.push(name);
    if (stack.length > max) {
      max = stack.length;
      if (max > limit) return max;
    }
  }
  return max;
}

/** The 400 for a body nested deeper than PLAIN_TEXT_MAX_DEPTH, or undefined when it is not. */
export function tooDeepHtml(field: string, html: string): string | undefined {
  const depth = htmlNestingDepth(html, PLAIN_TEXT_MAX_DEPTH);
  if (depth <= PLAIN_TEXT_MAX_DEPTH) return undefined;
  return `${field} nests HTML elements more than ${PLAIN_TEXT_MAX_DEPTH} levels deep (an unclosed tag counts as open); at most ${PLAIN_TEXT_MAX_DEPTH} are accepted.`;
}

/** Compiled once: convert() builds its options and selector tree on every call (~5× the cost of the conversion itself). */
let toPlainText: ((html: string) => string) | undefined;
