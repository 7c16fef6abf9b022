import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMail, smsText } from './mail-text.js';

const mail = (text: string, subject = 'Subject') => ({ subject, text, messageId: undefined });
const rules = (over: Partial<{ includeSubject: boolean; strippedStrings: string[] }> = {}) => ({ includeSubject: false, strippedStrings: [], ...over });

describe('smsText', () => {
  it('cuts a quoted reply and a "-- " signature, keeping the text above them', () => {
    const text = 'Running late.\nBe there at 5.\n\n-- \nAlice Smith\nACME\n\nOn Mon, 1 Jan 2024 at 10:00, Bob <bob@example.com> wrote:\n> Where are you?\n';
    assert.equal(smsText(mail(text), rules()), 'Running late.\nBe there at 5.');
  });

  it('puts the subject on the first line only when asked, and never alone with an empty body', () => {
    assert.equal(smsText(mail('Body'), rules({ includeSubject: true })), 'Subject\nBody');
    assert.equal(smsText(mail('Body'), rules()), 'Body');
    assert.equal(smsText(mail('', 'Only the subject'), rules({ includeSubject: true })), 'Only the subject');
    assert.equal(smsText(mail('', 'Only the subject'), rules()), '');
  });

  it('removes every occurrence of each stripped string, case-sensitively, then tidies whitespace', () => {
    const text = 'REF-1 Your parcel REF-1 is here.   \n\n\n\nref-1 stays';
    assert.equal(smsText(mail(text), rules({ strippedStrings: ['REF-1 '] })), 'Your parcel is here.\n\nref-1 stays');
  });

  it('gives an empty text when only a quote or stripped strings were there', () => {
    assert.equal(smsText(mail('On Mon, 1 Jan 2024 at 10:00, Bob <bob@example.com> wrote:\n> old\n'), rules()), '');
    assert.equal(smsText(mail('Thanks!'), rules({ strippedStrings: ['Thanks!'] })), '');
  });
});

describe('parseMail', () => {
  it('prefers the plain-text part of a multipart mail and keeps the Message-ID', async () => {
    const raw = [
      'From: a@example.com',
      'Subject: =?UTF-8?Q?Caf=C3=A9?=',
      'Message-ID: <m1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Plain words',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML words</p>',
      '--b--',
      '',
    ].join('\r\n');
    const parsed = await parseMail(Buffer.from(raw));
    assert.equal(parsed.text.trim(), 'Plain words');
    assert.equal(parsed.subject, 'Café');
    assert.equal(parsed.messageId, '<m1@example.com>');
  });

  it('converts an HTML-only mail without wrapping lines, link targets or images', async () => {
    const long = 'word '.repeat(40).trim();
    const raw = ['From: a@example.com', 'Content-Type: text/html; charset=utf-8', '', `<h1>Hi</h1><p>${long}</p><p><a href="https://x.example/">Open</a> <img src="cid:x" alt="logo"></p>`, ''].join(
      '\r\n',
    );
    const parsed = await parseMail(Buffer.from(raw));
    assert.equal(parsed.text, `Hi\n\n${long}\n\nOpen`);
  });
});

describe('smsText on crafted text of the largest mail (review of issue 11)', () => {
  const SIZE = 256 * 1024;
  const crafted: Record<string, string> = {
    // Each of these kept the event loop busy for seconds to hours before the parser's input was bounded.
    'one long line of "a on b at c"': 'a on b at c '.repeat(SIZE / 12),
    'one long line of "On x x …"': `On ${'x '.repeat(SIZE / 2)}`,
    'empty lines': '\n'.repeat(SIZE),
    'lines of spaces': ' \n'.repeat(SIZE / 2),
    'a long run of spaces before a letter': `${' '.repeat(SIZE)}x`,
  };
  for (const [name, text] of Object.entries(crafted)) {
    it(`handles ${name} in well under a second`, () => {
      const started = performance.now();
      smsText(mail(`${text}\nend`), rules({ strippedStrings: ['zz'] }));
      const ms = performance.now() - started;
      assert.ok(ms < 1000, `${name}: ${Math.round(ms)} ms`);
    });
  }

  it('still cuts quotes and signatures below a long first paragraph, and keeps the "-- " signature marker working', () => {
    const para = `${'word '.repeat(300).trim()}\n`;
    const text = `${para}\n\n\n\n   \n-- \nAlice\n\nOn Mon, 1 Jan 2024 at 10:00, Bob <bob@example.com> wrote:\n> old\n`;
    assert.equal(smsText(mail(text), rules()), para.trim());
  });

  it('reads an HTML part nested too deeply for html-to-text as empty instead of failing the mail', async () => {
    const raw = `From: a@example.com\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n${'<div>'.repeat(40_000)}x\r\n`;
    assert.equal((await parseMail(Buffer.from(raw))).text, '');
  });
});
