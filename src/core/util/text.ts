/**
 * A header value on one line: control characters (CR, LF, tab…) flattened to a space, ends trimmed. nodemailer keeps
 * them out of the header syntax, but as encoded words (=?UTF-8?Q?Eve=0D=0ABcc...?=) that a reader decodes back into
 * a line break; names, subjects and Content-IDs pass through this before they are stored or sent.
 */
export function oneLine(s: string | null | undefined): string {
  return (s ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
