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
    text = convert(parsed.html, {
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
  }
  return { subject: parsed.subject ?? '', text, messageId: parsed.messageId };
}

export interface TextRules {
  /** The account's setting_email_sms_subject: 1 puts the subject on the SMS's first line. */
  includeSubject: boolean;
  /** The account's stripped strings, removed wherever they occur (exact, case-sensitive). */
  strippedStrings: readonly string[];
}

const replyParser = new EmailReplyParser();

/**
 * The SMS a mail becomes: the body with quoted replies and the signature cut (email-reply-parser: "On … wrote:"
 * headers, "> " lines, "-- " signatures, "Sent from my …"), the subject first when the account asks for it, then
 * every stripped string removed and the whitespace tidied. Empty when nothing is left.
 */
export function smsText(mail: MailContent, rules: TextRules): string {
  const body = replyParser.parseReply(mail.text.replace(/\r\n?/g, '\n'));
  const subject = rules.includeSubject ? mail.subject.trim() : '';
  let text = subject && body.trim() ? `${subject}\n${body}` : subject || body;
  for (const strip of rules.strippedStrings) if (strip !== '') text = text.split(strip).join('');
  return tidy(text);
}

/** Trailing spaces off each line, at most one empty line in a row, nothing around the whole. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
