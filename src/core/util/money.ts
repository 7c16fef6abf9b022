/**
 * Money is held as integer micro-units (1 unit = 1,000,000 micros), never as binary floats.
 * ClickSend prints balances with 6 decimals ("1117.461060") and prices with 2–6.
 */
export const MICROS = 1_000_000;

/** 1117461060 → "1117.461060" (places 6) or "1117.46" (places 2); rounds half away from zero. */
export function microsToDecimal(micros: number, places = 6): string {
  const sign = micros < 0 ? '-' : '';
  const step = 10 ** (6 - Math.min(6, Math.max(0, places)));
  const scaled = Math.round(Math.abs(Math.trunc(micros)) / step); // in units of 10^-places
  const unit = 10 ** places;
  const whole = Math.floor(scaled / unit);
  const frac = places > 0 ? `.${String(scaled % unit).padStart(places, '0')}` : '';
  return `${scaled === 0 ? '' : sign}${whole}${frac}`;
}

/** "20.00" or 20 → micros; undefined for anything that is not a plain decimal with at most 6 places. */
export function decimalToMicros(value: string | number): number | undefined {
  const s = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[2]) * MICROS + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -v : v;
}

/** For numeric JSON fields such as total_price: the same value as a JSON number. */
export function microsToNumber(micros: number): number {
  return Number(microsToDecimal(micros));
}
