export type { FileStore, StoredFile } from './types.js';
export { FILE_NAME_PATTERN, assertFileName } from './types.js';
export { LocalFileStore } from './local.js';
export { newFileName, fileUrl, contentTypeOf } from './names.js';
export { writeCsv } from './csv-export.js';
