/**
 * What a text value looks like, as a bit set computed once per distinct value (or once per value
 * for very high-cardinality columns). Cheap first-character checks keep regular expressions off
 * most values.
 *
 * - email: `local@domain.tld` (no spaces, one `@`, a dot in the domain, a TLD of 2+ characters).
 * - url: `http(s)://` or `ftp://` followed by a host, or `www.host.tld`.
 * - phone: 7–15 digits written with `+`, spaces, dots, dashes or parentheses, starting with `+` or
 *   using at least one separator (a bare run of digits is a number, not a phone), and not a
 *   number or a date.
 * - digits / leading zero: only ASCII digits; a leading zero when there are 2+ digits and the
 *   first is `0` (zip codes, account numbers: text on purpose).
 * - whitespace: the value changes under JavaScript's trim() (what text_clean's trim removes).
 * - integer / float / date / datetime / boolean: the value converts with cast_type's rules
 *   (src/main/services/datasets/operations/values.ts), so "numbers stored as text" means exactly
 *   "cast_type would convert them".
 * - uuid: 8-4-4-4-12 hex digits; token: letters, digits, `_` and `-` only, with at least one digit
 *   and at most 64 characters (order numbers, customer keys).
 * Patterns other than whitespace are tested on the trimmed value.
 */
import {
  BOOLEAN_WORDS,
  DATETIME_PATTERN,
  FLOAT_PATTERN,
  INTEGER_PATTERN,
} from '../../datasets/operations/values';
import { monthLength } from './temporal';

export const P_EMAIL = 1;
export const P_URL = 2;
export const P_PHONE = 4;
export const P_DIGITS = 8;
export const P_LEADING_ZERO = 16;
export const P_WHITESPACE = 32;
export const P_INTEGER = 64;
export const P_FLOAT = 128;
export const P_DATE = 256;
export const P_DATETIME = 512;
export const P_BOOLEAN = 1024;
export const P_UUID = 2048;
export const P_TOKEN = 4096;
/** Number of flag bits above. */
export const PATTERN_BITS = 13;

const EMAIL_RE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)*\.[^\s@.]{2,}$/;
const URL_RE = /^(?:(?:https?|ftp):\/\/[^\s/?#]+|www\.[^\s/?#]+\.[^\s/?#]+)\S*$/i;
const PHONE_RE = /^\+?[0-9 ().-]{7,24}$/;
const DIGITS_RE = /^[0-9]+$/;
const INTEGER_RE = new RegExp(INTEGER_PATTERN);
const FLOAT_RE = new RegExp(FLOAT_PATTERN);
const DATETIME_RE = new RegExp(DATETIME_PATTERN, 'i');
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_RE = /^[A-Za-z0-9_-]+$/;
const HAS_DIGIT_RE = /[0-9]/;

function validDay(date: string): boolean {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= monthLength(y, m);
}

function countDigits(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * The pattern flags of one text value. `keyShapes` false skips the uuid/token tests (a column
 * only has a key's shape when every value has it, so the caller stops asking after a miss).
 */
export function classifyText(raw: string, keyShapes = true): number {
  if (raw.length === 0) return 0;
  let flags = 0;
  let v = raw;
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  if (first <= 32 || first >= 160 || last <= 32 || last >= 160) {
    v = raw.trim();
    if (v.length !== raw.length) flags |= P_WHITESPACE;
    if (v.length === 0) return flags;
  }
  const c = v.charCodeAt(0);
  const digitStart = c >= 48 && c <= 57;
  if (digitStart || c === 43 || c === 45 || c === 46 || c === 40) {
    if (DIGITS_RE.test(v)) {
      flags |= P_DIGITS | P_INTEGER | P_FLOAT;
      if (c === 48 && v.length > 1) flags |= P_LEADING_ZERO;
    } else {
      if (INTEGER_RE.test(v)) flags |= P_INTEGER | P_FLOAT;
      else if (FLOAT_RE.test(v)) flags |= P_FLOAT;
      if (digitStart && v.length >= 10 && v.charCodeAt(4) === 45) {
        const match = DATETIME_RE.exec(v);
        if (match && validDay(match[1] as string)) flags |= match[2] === undefined ? P_DATE : P_DATETIME;
      }
      if ((flags & (P_FLOAT | P_DATE | P_DATETIME)) === 0 && PHONE_RE.test(v)) {
        const digits = countDigits(v);
        if (digits >= 7 && digits <= 15 && (c === 43 || /[ ().-]/.test(v))) flags |= P_PHONE;
      }
    }
  }
  if (v.length <= 5) {
    const word = v.toLowerCase();
    if (Object.hasOwn(BOOLEAN_WORDS, word)) flags |= P_BOOLEAN;
  }
  if (v.includes('@')) {
    if (EMAIL_RE.test(v)) flags |= P_EMAIL;
  } else if ((c === 104 || c === 72 || c === 102 || c === 70 || c === 119 || c === 87) && URL_RE.test(v)) {
    flags |= P_URL;
  }
  if (!keyShapes) return flags;
  if (v.length <= 64 && TOKEN_RE.test(v)) {
    if (HAS_DIGIT_RE.test(v)) flags |= P_TOKEN;
    if (v.length === 36 && UUID_RE.test(v)) flags |= P_UUID;
  } else if (v.length === 36 && UUID_RE.test(v)) {
    flags |= P_UUID;
  }
  return flags;
}

const KEY_NAME_END = /(?:^|[_\s.-])(?:id|key|uuid|guid|sku|pk)$/i;
const KEY_NAME_START = /^(?:id|key|uuid|guid)(?:[_\s.-]|$)/i;
const KEY_NAME_CAMEL = /[a-z0-9](?:Id|ID|Key|Uuid|UUID|Guid|GUID)$/;

/** Whether a column name says it is a key: `id`, `user_id`, `customerKey`, `order uuid`, `sku`… */
export function isKeyLikeName(name: string): boolean {
  const n = name.trim();
  return KEY_NAME_END.test(n) || KEY_NAME_START.test(n) || KEY_NAME_CAMEL.test(n);
}

/** Per-flag totals, weighted by how often each value occurs. */
export class PatternCounts {
  readonly counts = new Float64Array(PATTERN_BITS);

  add(flags: number, weight: number): void {
    let rest = flags;
    while (rest !== 0) {
      const low = rest & -rest;
      this.counts[31 - Math.clz32(low)]! += weight;
      rest ^= low;
    }
  }

  of(flag: number): number {
    return this.counts[31 - Math.clz32(flag)] as number;
  }
}
