import chardet from 'chardet';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { CairnError } from '../../../../shared/result';
import { DELIMITERS, type Delimiter } from '../../../jobs/import';
import { quoteText } from './text';

export type { Delimiter };
/** `\n` also reads CRLF files: the importer strips the `\r` left at the end of a row. */
export type Newline = '\n' | '\r';

/** How much of the file is looked at to detect binary data, the encoding and the dialect. */
export const SAMPLE_BYTES = 64 * 1024;

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'a ZIP archive' },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an Excel .xls workbook or other Office file',
  },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program' },
  { bytes: [...Buffer.from('SQLite format 3\0', 'latin1')], what: 'a SQLite database' },
];

const BOMS: { bytes: number[]; encoding: string }[] = [
  // UTF-32 first: its little-endian BOM starts with UTF-16LE's.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function startsWith(sample: Uint8Array, bytes: number[]): boolean {
  return sample.length >= bytes.length && bytes.every((b, i) => sample[i] === b);
}

export function bomEncoding(sample: Uint8Array): string | null {
  return BOMS.find((bom) => startsWith(sample, bom.bytes))?.encoding ?? null;
}

/** `utf-16le`, `UTF16-LE`… → `utf16le`: for comparing encoding names. */
function compact(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isUtf8(name: string): boolean {
  return compact(name) === 'utf8';
}

/** Encodings whose text has NUL bytes in it (so the binary check does not apply). */
function isWide(name: string): boolean {
  return /^(utf16|utf32|ucs2|ucs4)/.test(compact(name));
}

/**
 * Refuses files that are not text: known binary signatures (images, PDFs, archives, Office files,
 * databases), NUL bytes, or many control characters. `encoding` is the one chosen or found by a
 * byte-order mark; UTF-16/32 text legitimately contains NUL bytes.
 */
export function assertText(sample: Uint8Array, fileName: string, encoding: string | null): void {
  if (encoding && isWide(encoding)) return;
  const refuse = (what: string): never => {
    throw new CairnError(
      'VALIDATION',
      `${quoteText(fileName)} is not a CSV file: it ${what}. Choose a CSV or other delimited text file.`,
    );
  };
  const signature = SIGNATURES.find((s) => startsWith(sample, s.bytes));
  if (signature) refuse(`looks like ${signature.what}`);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i] as number;
    if (b === 0) {
      if (encoding === null && utf16WithoutBom(sample)) return;
      refuse('contains binary data');
    }
    // Tab, LF, VT, FF, CR and SUB (a DOS end-of-file mark) occur in text files.
    if (b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1a) controls++;
  }
  if (controls > 8 && controls > sample.length / 100) refuse('contains binary data');
}

/** UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every other byte. */
export function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.02) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.02) return 'utf-16be';
  return null;
}

/** True when `sample` is valid UTF-8, ignoring a sequence cut off at its end. */
function validUtf8(sample: Uint8Array, truncated: boolean): boolean {
  let end = sample.length;
  if (truncated) {
    // Step back over a possibly incomplete last character (at most 3 bytes).
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && ((sample[end - back - 1] as number) & 0xc0) === 0x80) back++;
    const lead = end - back - 1 >= 0 ? (sample[end - back - 1] as number) : 0;
    if (lead >= 0xc0) end = end - back - 1;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export interface EncodingChoice {
  /** Lower case, as iconv-lite and TextDecoder accept it. */
  encoding: string;
  note: string | null;
}

/** Latin single-byte code pages chardet often confuses on short samples. */
const WESTERN = new Set(['windows-1252', 'iso-8859-1']);

/**
 * The encoding to decode with: the one asked for, else a byte-order mark's, else UTF-8 when the
 * sample is valid UTF-8 (ASCII included), else UTF-16 by its NUL pattern, else chardet's best
 * guess among encodings iconv-lite can decode (ISO-8859-1 read as its superset windows-1252, and
 * windows-1252 preferred when chardet is unsure between Latin code pages).
 */
export function chooseEncoding(
  sample: Uint8Array,
  truncated: boolean,
  asked: string | undefined,
): EncodingChoice {
  if (asked !== undefined) {
    if (!iconv.encodingExists(asked)) {
      throw new CairnError(
        'VALIDATION',
        `Unknown encoding ${quoteText(asked)}. Use a name such as utf-8, windows-1252, iso-8859-1, utf-16le or shift_jis.`,
      );
    }
    return { encoding: isUtf8(asked) ? 'utf-8' : asked.toLowerCase(), note: null };
  }
  const bom = bomEncoding(sample);
  if (bom) return { encoding: bom, note: null };
  if (validUtf8(sample, truncated)) return { encoding: 'utf-8', note: null };
  const wide = utf16WithoutBom(sample);
  if (wide) {
    return {
      encoding: wide,
      note: `The file has no byte-order mark; it was read as ${wide.toUpperCase()} because of its byte pattern.`,
    };
  }
  const matches = chardet
    .analyse(sample)
    .map((m) => ({ name: m.name.toLowerCase(), confidence: m.confidence }))
    .filter((m) => m.name !== 'ascii' && m.name !== 'utf-8' && iconv.encodingExists(m.name));
  const top = matches[0];
  if (!top) {
    return {
      encoding: 'windows-1252',
      note: 'The file is not UTF-8 and its encoding could not be detected; it was read as windows-1252. If characters look wrong, import it again choosing its encoding.',
    };
  }
  let encoding = top.name === 'iso-8859-1' ? 'windows-1252' : top.name;
  if (
    top.confidence < 50 &&
    matches.some((m) => WESTERN.has(m.name) && m.confidence >= top.confidence - 10)
  ) {
    encoding = 'windows-1252';
  }
  return {
    encoding,
    note: `The file is not UTF-8; it was read as ${encoding} (detected with ${Math.min(top.confidence, 100)}% confidence). If characters look wrong, import it again choosing its encoding.`,
  };
}

/** Raised when bytes cannot be decoded; `textBefore` is this chunk's text up to that point. */
export class UndecodableBytesError extends Error {
  constructor(readonly textBefore: string) {
    super('Undecodable bytes');
  }
}

export interface ChunkDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

/** Code pages where U+FFFD cannot appear in real text, so its appearance means a byte was undecodable. */
function replacementMeansInvalid(encoding: string): boolean {
  return !/^(utf|ucs|gb18030|cesu)/.test(compact(encoding));
}

/**
 * A streaming decoder. UTF-8 is decoded strictly (invalid bytes raise UndecodableBytesError);
 * legacy code pages raise it when a byte has no character. A leading byte-order mark is dropped.
 */
export function createDecoder(encoding: string): ChunkDecoder {
  if (isUtf8(encoding)) {
    const strict = new TextDecoder('utf-8', { fatal: true });
    return {
      write: (chunk) => {
        try {
          return strict.decode(chunk, { stream: true });
        } catch {
          const text = new TextDecoder('utf-8').decode(chunk);
          throw new UndecodableBytesError(text.slice(0, Math.max(0, text.indexOf('\uFFFD'))));
        }
      },
      end: () => {
        try {
          return strict.decode();
        } catch {
          throw new UndecodableBytesError('');
        }
      },
    };
  }
  const decoder = iconv.getDecoder(encoding);
  const check = replacementMeansInvalid(encoding);
  const verify = (text: string): string => {
    if (check) {
      const bad = text.indexOf('\uFFFD');
      if (bad >= 0) throw new UndecodableBytesError(text.slice(0, bad));
    }
    return text;
  };
  return {
    write: (chunk) => verify(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))),
    end: () => verify(decoder.end() ?? ''),
  };
}

/** Decodes the sample alone (for sniffing), leniently. */
export function decodeSample(sample: Uint8Array, encoding: string): string {
  const text = isUtf8(encoding)
    ? new TextDecoder('utf-8').decode(sample)
    : iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The line break outside quoted values: `\n` when there is any (CRLF files included), `\r` for
 * old Mac files that have only CRs.
 */
export function sniffNewline(sample: string): Newline {
  const outsideQuotes = sample.replace(/"[^"]*"/g, '');
  if (outsideQuotes.includes('\n')) return '\n';
  return outsideQuotes.includes('\r') ? '\r' : '\n';
}

/**
 * The delimiter among , ; tab | that splits the first 100 non-blank rows most consistently: the
 * share of rows with as many cells as the header, then the number of columns, then the order
 * above. A file where none gives two columns is read as one column, with commas.
 */
export function sniffDelimiter(sample: string, newline: Newline, truncated: boolean): Delimiter {
  let best: { delimiter: Delimiter; score: number; width: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const parse = (ignoreLastRow: boolean): string[][] =>
      (new Papa.Parser({ delimiter, newline }).parse(sample, 0, ignoreLastRow) as { data: string[][] }).data;
    // A sample cut inside its first row (a very wide header) is sniffed on that partial row.
    let data = parse(truncated);
    if (data.length === 0 && truncated) data = parse(false);
    const rows = data.filter((row) => row.some((cell) => cell.trim() !== '')).slice(0, 100);
    const width = rows[0]?.length ?? 0;
    if (width < 2) continue;
    const rest = rows.slice(1);
    const score = rest.length === 0 ? 1 : rest.filter((row) => row.length === width).length / rest.length;
    if (!best || score > best.score || (score === best.score && width > best.width)) {
      best = { delimiter, score, width };
    }
  }
  return best?.delimiter ?? ',';
}
