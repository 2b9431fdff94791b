/** Text helpers that follow SQLite: binary (code point) order and length in characters. */

function remap(c: number): number {
  // UTF-16 puts surrogates (supplementary characters) before U+E000–U+FFFF; code point order after.
  return c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c;
}

/** Compares as SQLite's BINARY collation does on UTF-8 text: by code point. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? remap(x) - remap(y) : x - y;
  }
  return a.length - b.length;
}

const SURROGATE = /[\uDC00-\uDFFF]/;

/** Characters (code points), as SQLite's length(). */
export function textLength(value: string): number {
  let n = value.length;
  if (!SURROGATE.test(value)) return n;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}
