/**
 * Dates in words → a period (first and last day), for conditions like "after March 2023", "in
 * 2023", "before last month". chrono-node reads the words; the period's size follows what the
 * words fixed: a day, a month or a year.
 */
import * as chrono from 'chrono-node';

export interface Period {
  start: string;
  end: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function periodOf(text: string, today: Date): Period | undefined {
  const t = text.trim().replace(/^(?:the )?(?:year |month of |day of )?/i, '');
  const year = /^(\d{4})$/.exec(t);
  if (year) return { start: `${year[1]}-01-01`, end: `${year[1]}-12-31` };
  const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (isoDay) return { start: t, end: t };
  const isoMonth = /^(\d{4})-(\d{2})$/.exec(t);
  if (isoMonth) {
    const y = Number(isoMonth[1]);
    const m = Number(isoMonth[2]);
    return { start: iso(y, m, 1), end: iso(y, m, lastDay(y, m)) };
  }
  if (!/[a-z]/i.test(t) && !/\d{1,4}[/.-]\d{1,2}/.test(t)) return undefined;
  const parsed = chrono.parse(t, today)[0];
  // The words must be a date, not a sentence that happens to hold one.
  if (!parsed || parsed.text.length < t.length - 1) return undefined;
  const s = parsed.start;
  const y = s.get('year') ?? today.getFullYear();
  const m = s.get('month') ?? 1;
  const d = s.get('day') ?? 1;
  if (s.isCertain('day') || /\b(?:today|yesterday|tomorrow|ago)\b/i.test(t)) {
    return { start: iso(y, m, d), end: iso(y, m, d) };
  }
  if (s.isCertain('month') || /\bmonth\b/i.test(t))
    return { start: iso(y, m, 1), end: iso(y, m, lastDay(y, m)) };
  return { start: `${y}-01-01`, end: `${y}-12-31` };
}
