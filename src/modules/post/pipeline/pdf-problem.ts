/**
 * Why a file cannot be read as a PDF; the message completes "file 2 (<url>) …". Its own file, without pdf-lib, so the
 * preflight and the proof kit can name it without loading pdf-lib at start-up (the parsing runs in the post workers).
 */
export class PdfProblem extends Error {
  override name = 'PdfProblem';
}
