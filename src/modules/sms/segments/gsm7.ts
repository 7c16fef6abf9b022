/**
 * GSM 03.38 default alphabet as one lookup table over UTF-16 code units: 1 = basic table (one septet),
 * 2 = extension table (escape + septet), 0 = not representable, so the message must go as UCS-2.
 */
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

/** Indexed by charCodeAt; covers the whole BMP so the hot loop needs no range check. */
export const GSM7_SEPTETS = new Uint8Array(0x10000);
for (const ch of BASIC) GSM7_SEPTETS[ch.charCodeAt(0)] = 1;
for (const ch of EXTENSION) GSM7_SEPTETS[ch.charCodeAt(0)] = 2;
