import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** ClickSend's list_email_id: 16 upper-case letters and digits ("GHPAJCCVGMTD9BLA"), the list's email-to-list address. */
export function newListEmailId(): string {
  let id = '';
  for (let i = 0; i < 16; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
