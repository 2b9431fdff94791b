/**
 * Find-and-replace patterns (JavaScript syntax, `u` flag) for DuckDB (RE2) and Postgres (ARE).
 * Only the part of the syntax whose meaning is the same in both engines is translated; anything
 * else is refused with the construct named, so an exported recipe never matches differently.
 */
import type { TemplatePart } from '../operations/regex';
import { DIALECT_NAMES, JS_WHITESPACE, Untranslatable, type SqlDialect } from './dialect';

const CLASS_ESCAPES: Readonly<Record<string, string>> = { d: '0-9', w: 'a-zA-Z0-9_', s: JS_WHITESPACE };
const NEGATED_ESCAPES: Readonly<Record<string, string>> = { D: '0-9', W: 'a-zA-Z0-9_', S: JS_WHITESPACE };
/** JavaScript's `.` (without the s flag) stops at every line terminator; RE2's only at \n. */
const DOT = '[^\n\r\u2028\u2029]';
const SPECIAL = /[\\^$.|?*+()[\]{}-]/;

function literal(ch: string, inClass: boolean): string {
  if (inClass) return /[\\\]^-]/.test(ch) ? `\\${ch}` : ch;
  return SPECIAL.test(ch) ? `\\${ch}` : ch;
}

function refuse(d: SqlDialect, what: string): never {
  throw new Untranslatable(
    `the regular expression uses ${what}, which ${DIALECT_NAMES[d]} reads differently`,
  );
}

/** The code point of \uXXXX, \u{X…} or \xHH at `i` (after the backslash), with its length. */
function codeEscape(pattern: string, i: number): { ch: string; length: number } | null {
  const rest = pattern.slice(i);
  const m = /^u\{([0-9a-fA-F]+)\}|^u([0-9a-fA-F]{4})|^x([0-9a-fA-F]{2})/.exec(rest);
  if (!m) return null;
  const hex = m[1] ?? m[2] ?? m[3] ?? '0';
  return { ch: String.fromCodePoint(parseInt(hex, 16)), length: m[0].length };
}

export function translatePattern(d: SqlDialect, pattern: string): string {
  let out = '';
  let inClass = false;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '\\') {
      const next = chars[i + 1] ?? '';
      i++;
      if (CLASS_ESCAPES[next] !== undefined) {
        // Already class syntax: ranges, or whitespace characters that are not special in a class.
        const set = CLASS_ESCAPES[next] as string;
        out += inClass ? set : `[${set}]`;
      } else if (NEGATED_ESCAPES[next] !== undefined) {
        if (inClass) refuse(d, `\\${next} inside [ ]`);
        out += `[^${NEGATED_ESCAPES[next] as string}]`;
      } else if (next === 'u' || next === 'x') {
        const code = codeEscape(chars.slice(i).join(''), 0);
        if (!code) refuse(d, `\\${next}`);
        out += literal(code.ch, inClass);
        // The escape is ASCII, so its length in characters is its length in code points.
        i += code.length - 1;
      } else if ('ntrfv'.includes(next) && next !== '') {
        out += `\\${next}`;
      } else if (next === 'b' || next === 'B') {
        if (d === 'postgres' || inClass) refuse(d, `\\${next} (a word boundary)`);
        out += `\\${next}`;
      } else if (/[0-9kpPc]/.test(next) || next === '') {
        refuse(d, `\\${next} (a back-reference, property or control escape)`);
      } else {
        out += literal(next, inClass);
      }
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      else if (ch === '[') {
        out += '\\[';
        continue;
      }
      out += ch;
      continue;
    }
    switch (ch) {
      case '[':
        inClass = true;
        out += ch;
        if (chars[i + 1] === '^') {
          out += '^';
          i++;
        }
        if (chars[i + 1] === ']') refuse(d, 'an empty class [ ]');
        break;
      case '.':
        out += DOT;
        break;
      case '(':
        if (chars[i + 1] === '?') {
          if (chars[i + 2] !== ':') refuse(d, 'a look-around or named group (?…)');
          out += '(?:';
          i += 2;
        } else out += '(';
        break;
      case '|':
        // Postgres matches the longest alternative, JavaScript the first that matches.
        if (d === 'postgres') refuse(d, 'alternatives a|b');
        out += ch;
        break;
      case '?':
      case '*':
      case '+':
      case '}':
        out += ch;
        if (chars[i + 1] === '?') {
          // In Postgres one lazy quantifier makes the whole expression lazy.
          if (d === 'postgres') refuse(d, `a lazy quantifier ${ch}?`);
          out += '?';
          i++;
        }
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** A replacement ($1, $$) in the engines' syntax (\1, a literal backslash doubled). */
export function translateReplacement(d: SqlDialect, parts: readonly TemplatePart[]): string {
  return parts
    .map((p) => {
      if ('text' in p) return p.text.replace(/\\/g, '\\\\');
      if (p.group > 9) refuse(d, `group $${p.group} in the replacement (engines stop at 9)`);
      return `\\${p.group}`;
    })
    .join('');
}

/** A text matched literally, as a pattern. */
export function escapeLiteral(text: string): string {
  return [...text].map((ch) => literal(ch, false)).join('');
}
