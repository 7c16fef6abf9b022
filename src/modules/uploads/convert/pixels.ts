import { ApiError } from '../../../core/errors/index.js';
import type { ImageInfo, ImageKind } from '../detect.js';

// Its own file, without the canvas and pdf-lib that image.ts loads: the upload route checks the header on the main
// thread (image-converter.ts), and only the conversion threads need the rest.

/**
 * Decoded images above this many pixels are refused: a 10 MB PNG can hold a multi-gigabyte bitmap, and each
 * decoding worker holds the whole bitmap (4 bytes a pixel) plus its scanlines. 25 million is nearly three times
 * an A4 page at 300 dpi.
 */
export const MAX_PIXELS = 25_000_000;

/** Refuses images whose decoded bitmap would exceed MAX_PIXELS (checked from the header, before any decoding). */
export function checkPixels(kind: ImageKind, info: ImageInfo): void {
  if (info.width < 1 || info.height < 1) throw ApiError.badRequest(`The ${kind.toUpperCase()} image has no pixels (${info.width} × ${info.height}).`);
  if (kind !== 'jpg' && info.width * info.height > MAX_PIXELS) {
    throw ApiError.badRequest(
      `The ${kind.toUpperCase()} image is ${info.width} × ${info.height} pixels; images of at most ${MAX_PIXELS / 1_000_000} million pixels are accepted ` +
        '(an A4 page at 300 dpi needs under 9 million). Scale it down and upload again.',
    );
  }
}
