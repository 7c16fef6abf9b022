// html-to-text (MIT, installed with mailparser) ships no types; this is the one function used here.
declare module 'html-to-text' {
  export function convert(html: string, options?: Record<string, unknown>): string;
}
