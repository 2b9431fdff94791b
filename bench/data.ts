import fs from 'node:fs';
import path from 'node:path';

/**
 * The benchmark's CSV: 12 columns, deterministic (seeded), ~145 bytes a row.
 *
 * id (int, never empty), quantity (int), price (float), discount (float), category (8 values),
 * country (30 values), customer_key (high cardinality), order_date (ISO date), created_at (ISO
 * timestamp), is_member (boolean), note (free text: commas, "" quotes, embedded newlines),
 * comment (short text). Every cell but id is empty with probability 5%.
 */
export const GENERATOR_VERSION = 1;

export const HEADER = [
  'id',
  'quantity',
  'price',
  'discount',
  'category',
  'country',
  'customer_key',
  'order_date',
  'created_at',
  'is_member',
  'note',
  'comment',
] as const;

const CATEGORIES = ['Electronics', 'Grocery', 'Garden', 'Toys', 'Books', 'Clothing', 'Sports', 'Beauty'];
const COUNTRIES = [
  'US',
  'GB',
  'FR',
  'DE',
  'ES',
  'IT',
  'NL',
  'BE',
  'SE',
  'NO',
  'DK',
  'FI',
  'PL',
  'PT',
  'IE',
  'CH',
  'AT',
  'CZ',
  'GR',
  'HU',
  'RO',
  'CA',
  'MX',
  'BR',
  'AR',
  'JP',
  'KR',
  'IN',
  'AU',
  'NZ',
];
const WORDS = [
  'fast',
  'delivery',
  'late',
  'box',
  'damaged',
  'great',
  'value',
  'would',
  'buy',
  'again',
  'colour',
  'size',
  'small',
  'large',
  'refund',
  'asked',
  'for',
  'gift',
  'wrap',
  'the',
  'item',
  'works',
  'fine',
  'not',
  'as',
  'described',
  'thanks',
  'support',
  'team',
  'ok',
];
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2015, 0, 1);
const DAYS = 3653;

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Writes `rows` data rows (plus the header) to `file`; returns its size in bytes. */
export function generateCsv(file: string, rows: number): number {
  const rand = prng(20240601);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const maybe = (value: string): string => (rand() < 0.05 ? '' : value);
  const words = (n: number): string => {
    let s = pick(WORDS);
    for (let i = 1; i < n; i++) s += ` ${pick(WORDS)}`;
    return s;
  };
  const hex6 = (): string =>
    Math.floor(rand() * 0x1000000)
      .toString(16)
      .padStart(6, '0');
  const note = (): string => {
    const r = rand();
    let text = words(5 + Math.floor(rand() * 6));
    if (r < 0.3) {
      // Commas, sometimes quotes and line breaks: always quoted.
      text += `, ${words(2)}`;
      if (r < 0.05) text += ` ""${words(1)}""`;
      if (r < 0.02) text += `\n${words(3)}`;
      return `"${text}"`;
    }
    return text;
  };

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.tmp`;
  const fd = fs.openSync(partial, 'w');
  try {
    fs.writeSync(fd, `${HEADER.join(',')}\n`);
    let chunk = '';
    for (let i = 1; i <= rows; i++) {
      const day = FIRST_DAY + Math.floor(rand() * DAYS) * DAY_MS;
      const at = day + Math.floor((rand() * DAY_MS) / 1000) * 1000;
      const cells = [
        String(i),
        maybe(String(Math.floor(rand() * 1000))),
        maybe((rand() * 2000).toFixed(2)),
        maybe(rand().toFixed(3)),
        maybe(pick(CATEGORIES)),
        maybe(pick(COUNTRIES)),
        maybe(`C-${hex6()}${hex6()}`),
        maybe(isoDate(day)),
        maybe(`${new Date(at).toISOString().slice(0, 19)}Z`),
        maybe(rand() < 0.4 ? 'true' : 'false'),
        maybe(note()),
        maybe(words(1 + Math.floor(rand() * 4))),
      ];
      chunk += `${cells.join(',')}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  return fs.statSync(file).size;
}

/** The cached CSV for `rows` rows under `dir`, generated on first use. */
export function benchCsv(
  dir: string,
  rows: number,
): { file: string; bytes: number; generatedMs: number | null } {
  const file = path.join(dir, `bench-v${GENERATOR_VERSION}-${rows}.csv`);
  if (fs.existsSync(file)) return { file, bytes: fs.statSync(file).size, generatedMs: null };
  const started = performance.now();
  const bytes = generateCsv(file, rows);
  return { file, bytes, generatedMs: performance.now() - started };
}
