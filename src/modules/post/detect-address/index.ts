import type { Config } from '../../../config/index.js';
import type { SafeFetcher } from '../../../core/fetch/index.js';
import type { FileStore } from '../../../core/files/index.js';
import type { Module } from '../../../core/modules/index.js';
import type { ProofKit } from '../pipeline/index.js';
import { detectAddressRoutes } from './detect-address.routes.js';

export { DetectAddressService, type Detection } from './detect-address.service.js';
export { parseAddressLines, countryOf, type DetectedAddress, type ParsedAddress } from './parse-address.js';
export { readWindowLines, type WindowLine } from './window-text.js';

export function detectAddressModule(d: { config: Pick<Config, 'publicUrl'>; fetcher: SafeFetcher; files: FileStore; postProofs: ProofKit }): Module {
  return { name: 'detect-address', routes: (app) => detectAddressRoutes(app, { fetcher: d.fetcher, files: d.files, publicUrl: d.config.publicUrl, postProofs: d.postProofs }) };
}
