import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries/index.js';

// The package's entry registers all 78 of its languages (a file each); every lookup here is in English, so only
// English is registered, once, for everything that names or reads a country.
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

export { countries };
