import type { Readable } from 'node:stream';
import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';
import { simpleParser } from 'mailparser';

/** What the listener keeps of a parsed mail. */
export interface MailContent {
  subject: string;
  /** The plain-text part, or the HTML part converted to text when there is no plain text. */
  text: string;
  messageId: string | undefined;
}

/** HTML larger than this is not converted (the size cap already bounds it; this bounds html-to-text's work further). */
const MAX_HTML_CHARS = 256 * 1024;

/**
 * Parses a mail (mailparser; the SMTP size cap bounds what it holds, so the parse is short). The plain-text part
 * is preferred; an HTML-only mail is converted with html-to-text: no line wrapping (a phone wraps), link
 * targets and images left out (they are not what the sender typed).
 */
export async function parseMail(source: Buffer | Readable): Promise<MailContent> {
  const parsed = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  let text = typeof parsed.text === 'string' ? parsed.text : '';
  if (text.trim() === '' && typeof parsed.html === 'string' && parsed.html.length <= MAX_HTML_CHARS) {
    text = htmlText(parsed.html);
  }
  return { subject: parsed.subject ?? '', text, messageId: parsed.messageId };
}

/** An HTML part as text; '' when html-to-text gives up (it recurses per element: 40,000 nested divs overflow the stack). */
function htmlText(html: string): string {
  try {
    return convert(html, {
      wordwrap: false,
      selectors: [
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
        { selector: 'h1', options: { uppercase: false } },
        { selector: 'h2', options: { uppercase: false } },
        { selector: 'h3', options: { uppercase: false } },
        { selector: 'table', format: 'dataTable' },
      ],
    });
  } catch {
    return '';
  }
}

export interface TextRules {
  /** The account's setting_email_sms_subject: 1 puts the subject on the SMS's first line. */
  includeSubject: boolean;
  /** The account's stripped strings, removed wherever they occur (exact, case-sensitive). */
  strippedStrings: readonly string[];
}

const replyParser = new EmailReplyParser();

/**
 * Characters of a mail's text given to the reply parser at most. email-reply-parser's regular expressions backtrack
 * polynomially on crafted text (without the optional re2 engine): a 16 KiB line of "a on b at c" took 12 s and 4 KiB
 * of empty lines 0.4 s, on the event loop, so one mail of the allowed size froze the API and the dispatcher for hours.
 * An SMS keeps at most 8 parts (1,224 characters) of the text anyway; whatever lies beyond this bound is cut here.
 */
export const MAX_REPLY_PARSE_CHARS = 2048;

/**
 * The SMS a mail becomes: the body with quoted replies and the signature cut (email-reply-parser: "On … wrote:"
 * headers, "> " lines, "-- " signatures, "Sent from my …"), the subject first when the account asks for it, then
 * every stripped string removed and the whitespace tidied. Empty when nothing is left.
 */
export function smsText(mail: MailContent, rules: TextRules): string {
  const body = replyParser.parseReply(boundedForParser(mail.text));
  const subject = rules.includeSubject ? mail.subject.trim() : '';
  let text = subject && body.trim() ? `${subject}\n${body}` : subject || body;
  for (const strip of rules.strippedStrings) if (strip !== '') text = text.split(strip).join('');
  return tidy(text);
}

/**
 * The text the reply parser sees: newlines normalised, lines of only whitespace made empty and runs of them kept to
 * one (tidy() keeps no more; long runs are what makes the parser's `^\s*` patterns slow), and at most
 * MAX_REPLY_PARSE_CHARS characters. Lines with text are kept as written ("-- " keeps its space). Linear.
 */
function boundedForParser(text: string): string {
  const out: string[] = [];
  let size = 0;
  let blank = false;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim() === '' ? '' : raw;
    if (line === '' && blank) continue;
    blank = line === '';
    const room = MAX_REPLY_PARSE_CHARS - size;
    if (room <= 0) break;
    const kept = line.length > room ? line.slice(0, room) : line;
    out.push(kept);
    size += kept.length + 1;
  }
  return out.join('\n');
}

/** A line without its trailing spaces, tabs and no-break spaces (a loop: /[ \t]+$/ is quadratic on a long run of them). */
function trimTrailing(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/** Trailing spaces off each line, at most one empty line in a row, nothing around the whole. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map(trimTrailing)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
