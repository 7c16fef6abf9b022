/**
 * Bounds on the shape of a JSON body, checked by one linear scan of the text before JSON.parse builds
 * anything: a body nested thousands deep or holding a million values is refused while it is still a
 * string, so neither the parser nor the validators and guards that walk the parsed value meet it.
 */
export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays; no legitimate request body goes past 4 levels. */
  readonly maxDepth: number;
  /** Most values (object members and array items) in the whole body. */
  readonly maxValues: number;
}

/** 64 levels, as the input guard walks; 50 000 values is over four times the largest send (1000 messages × ~11 fields). */
export const JSON_SHAPE_LIMITS: JsonShapeLimits = Object.freeze({ maxDepth: 64, maxValues: 50_000 });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/**
 * The first limit the text breaks, as a sentence for the caller, or undefined. Malformed JSON is left
 * to JSON.parse (which names the problem); the scan only counts. Strings are skipped with indexOf, so
 * a 13 MB base64 upload costs a few native searches, not a loop over each character.
 */
export function jsonShapeProblem(text: string, limits: JsonShapeLimits = JSON_SHAPE_LIMITS): string | undefined {
  let depth = 0;
  // A value is counted at each container opened and each comma; scalars alone at the top count as none.
  let values = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      if (i < 0) return undefined; // unterminated: JSON.parse reports it
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limits.maxDepth) return `The JSON body nests objects and arrays deeper than ${limits.maxDepth} levels.`;
      if (++values > limits.maxValues) return tooMany(limits);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === COMMA) {
      if (++values > limits.maxValues) return tooMany(limits);
    }
  }
  return undefined;
}

function tooMany(limits: JsonShapeLimits): string {
  return `The JSON body holds more than ${limits.maxValues} values; send fewer items per request.`;
}

/** Index of the quote that closes the string opened at `open`, or -1. */
function endOfString(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) return -1;
    // The quote is escaped when an odd number of backslashes stands before it.
    let slashes = 0;
    for (let j = close - 1; j > open && text.charCodeAt(j) === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return close;
    from = close + 1;
  }
}
