/**
 * Dates and date-times as numbers, for statistics and histograms: dates as day numbers (days since
 * 1970-01-01), date-times as seconds since 1970-01-01T00:00:00Z. Storage holds dates as
 * `YYYY-MM-DD` and date-times as `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`; a date-time without a zone
 * is read as UTC (as SQLite's date functions do).
 */

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of daysFromCivil. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export function monthLength(year: number, month: number): number {
  const next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  return next - daysFromCivil(year, month, 1);
}

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** `YYYY-MM-DD…` → day number; NaN when the text does not start with a date. */
export function parseDateDays(text: string): number {
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  if (Number.isNaN(y + m + d) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  return daysFromCivil(y, m, d);
}

/** A stored date-time → seconds since the epoch (UTC); NaN when it is not in the stored form. */
export function parseDatetimeSeconds(text: string): number {
  const days = parseDateDays(text);
  if (Number.isNaN(days)) return NaN;
  if (text.length === 10) return days * 86400;
  const h = digits(text, 11, 2);
  const min = digits(text, 14, 2);
  let i = 16;
  let s = 0;
  if (text.charCodeAt(i) === 58) {
    s = digits(text, 17, 2);
    i = 19;
    if (text.charCodeAt(i) === 46) {
      const start = ++i;
      while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      s += Number(`0.${text.slice(start, i)}`);
    }
  }
  let offset = 0;
  if (i < text.length) {
    const z = text.charCodeAt(i);
    if (z === 43 || z === 45) {
      const oh = digits(text, i + 1, 2);
      const om = text.charCodeAt(i + 3) === 58 ? digits(text, i + 4, 2) : digits(text, i + 3, 2);
      offset = (z === 45 ? -1 : 1) * (oh * 3600 + (Number.isNaN(om) ? 0 : om) * 60);
    } else if (z !== 90 && z !== 122) {
      return NaN;
    }
  }
  const total = days * 86400 + h * 3600 + min * 60 + s - offset;
  return Number.isNaN(total) ? NaN : total;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Day number → `YYYY-MM-DD`. */
export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(Math.floor(days));
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Seconds since the epoch → `YYYY-MM-DDTHH:MM:SS[.fff]Z` (milliseconds only when not zero). */
export function formatDatetime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = rest - s * 1000;
  return `${formatDate(days)}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${frac === 0 ? '' : `.${pad(frac, 3)}`}Z`;
}
