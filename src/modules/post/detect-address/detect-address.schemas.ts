import { Type, type Static } from '@sinclair/typebox';
import { addressFields } from '../../../core/validation/index.js';

// 10 MB of PDF is ~13.4 million base64 characters; the server's body limit (BODY_LIMIT_BYTES) also applies.
const MAX_BASE64 = 14_000_000;

export const DetectAddressBody = Type.Object(
  {
    content: Type.Optional(Type.String({ maxLength: MAX_BASE64, description: "The letter as a base64 PDF (what the SDK's UploadFile sends)." })),
    file_url: Type.Optional(Type.String({ maxLength: 2048, description: 'Or a URL of the PDF; fetched with the same limits as post file URLs.' })),
    address: Type.Optional(Type.String({ maxLength: 2000, description: 'Or the address as free text, one line per line (or comma-separated).' })),
  },
  { additionalProperties: true },
);
export type DetectAddressInput = Static<typeof DetectAddressBody>;

export const DetectedAddressRecord = Type.Object(addressFields(() => Type.String(), { address_country: Type.String({ description: 'ISO 3166-1 alpha-2, or "" when no country could be told.' }) }));
