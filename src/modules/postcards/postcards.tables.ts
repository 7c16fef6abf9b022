import type { Selectable } from 'kysely';
import type { PostItemColumns } from '../post/index.js';

/** One postcard per recipient; a dispatch queue table (see migrations/0007_post.ts). */
export type PostcardsTable = PostItemColumns;

export type PostcardRow = Selectable<PostcardsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    postcards: PostcardsTable;
  }
}
