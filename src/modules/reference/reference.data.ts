import { pageRequest } from '../../core/pagination/index.js';
import { countries, timezones } from '../../core/validation/index.js';

let countryList: { code: string; value: string }[] | undefined;

/** ISO 3166-1 alpha-2 codes with English names, ordered by name as in ClickSend's example ("Afghanistan" first). */
export function listCountries() {
  if (!countryList) {
    const byName = new Intl.Collator('en');
    countryList = Object.entries(countries.getNames('en', { select: 'official' }))
      .map(([code, value]) => ({ code, value }))
      .sort((a, b) => byName.compare(a.value, b.value));
  }
  return countryList;
}

let zoneList: string[] | undefined;

/**
 * IANA zone names in alphabetical order. ClickSend documents page/limit but its example returns a
 * plain array, so the array is sliced only when the caller asks for a page or a limit.
 */
export function listTimezones(q: { page?: number | undefined; limit?: number | undefined }): string[] {
  zoneList ??= timezones().sort();
  if (q.page === undefined && q.limit === undefined) return zoneList;
  const { offset, limit } = pageRequest(q);
  return zoneList.slice(offset, offset + limit);
}
