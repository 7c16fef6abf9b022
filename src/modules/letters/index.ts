import type { SendboxModule } from '../types.js';
import { lettersRoutes } from './letters.routes.js';

export { LettersService } from './letters.service.js';
export { lettersChannel, makeLetterProofs, letterProof } from './letters.channel.js';
export { letterPriceMicros, printedPages, sheets, type LetterSpec } from './letters.price.js';
export { LETTER_EXPORT_COLUMNS } from './letters.presenter.js';
export type { LetterRow } from './letters.tables.js';

export const lettersModule: SendboxModule = { name: 'letters', register: lettersRoutes };
