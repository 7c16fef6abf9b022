export type { FileStore, StoredFile, PutOptions, GeneratedKind } from './types.js';
export { ExpiringFileStore, type ExpiryRegistry } from './expiring.js';
export { FILE_NAME_PATTERN, assertFileName } from './types.js';
export { LocalFileStore } from './local.js';
export { newFileName, fileUrl, contentTypeOf } from './names.js';
export { writeCsv, writeCsvBatches } from './csv-export.js';
export { neutraliseCsvCell, csvLines, csvRow, SAFE_CSV_OPTIONS } from './csv-safe.js';
export { sweepExpiredFiles, type ExpiringFileRows } from './sweep.js';
