import type { Selectable } from 'kysely';
import type { PostItemColumns } from '../post/index.js';

/** One letter per recipient; a dispatch queue table (see migrations/0007_post.ts). */
export interface LettersTable extends PostItemColumns {
  colour: number;
  duplex: number;
  priority_post: number;
  /** 1: the address goes into the window area of page 1; 0: a cover page carrying it is added. */
  template_used: number;
  /** Printed pages, the cover page included. */
  post_pages: number;
}

export type LetterRow = Selectable<LettersTable>;

declare module '../../core/db/types.js' {
  interface Database {
    letters: LettersTable;
  }
}
