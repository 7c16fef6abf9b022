// html-to-text (MIT, installed with mailparser) ships no types; these are the functions used here (and by core/messaging's plainTextOf).
declare module 'html-to-text' {
  export function convert(html: string, options?: Record<string, unknown>): string;
  export function compile(options?: Record<string, unknown>): (html: string) => string;
}
