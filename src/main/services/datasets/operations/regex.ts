/**
 * Regular expressions for find-and-replace. Patterns use JavaScript syntax with the `u` flag
 * (strict, code-point based, like Python's `re`); replacements refer to groups as $1…$99 and
 * write a literal dollar as $$ — converted to Python's \g<1> for the pandas rendering.
 *
 * They run on RE2 (re2js), never on JavaScript's backtracking engine: matching takes time linear
 * in the text whatever the pattern, so `^(a+)+$` on a long cell cannot freeze a process. RE2 has
 * no backreferences and no lookaround; such patterns are refused with a sentence saying so.
 */
import { RE2JS } from 're2js';
import { CairnError } from '../../../../shared/result';

/** Escapes every character that is special in a pattern (the proposal RegExp.escape, minus Node 20). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export type TemplatePart = { text: string } | { group: number };

/** Splits a replacement into text and group references; `$` not followed by a valid group stays text. */
export function parseReplacement(template: string, groups: number): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$') {
      text += ch;
      continue;
    }
    const next = template[i + 1] ?? '';
    if (next === '$') {
      text += '$';
      i++;
      continue;
    }
    const two = template.slice(i + 1, i + 3);
    const useTwo = /^[0-9]{2}$/.test(two) && Number(two) >= 1 && Number(two) <= groups;
    const digits = useTwo ? two : /^[1-9]$/.test(next) ? next : '';
    if (digits === '') {
      text += '$';
      continue;
    }
    if (text) parts.push({ text });
    text = '';
    parts.push({ group: Number(digits) });
    i += digits.length;
  }
  if (text) parts.push({ text });
  return parts;
}

export function expandReplacement(
  parts: readonly TemplatePart[],
  captures: readonly (string | undefined)[],
): string {
  return parts.map((p) => ('text' in p ? p.text : (captures[p.group] ?? ''))).join('');
}

const ASCII_CLASSES: Readonly<Record<string, string>> = { d: '0-9', w: 'a-zA-Z0-9_' };
const NEGATED_CLASSES: Readonly<Record<string, string>> = { D: '[^0-9]', W: '[^a-zA-Z0-9_]' };

/**
 * The pattern for Python's `re`. JavaScript's \d and \w are ASCII-only while Python's match any
 * Unicode digit or letter, so they are spelled out as ASCII ranges (\b still follows each
 * engine's own idea of a word character).
 */
export function patternToPython(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      const ranges = ASCII_CLASSES[next];
      const negated = NEGATED_CLASSES[next];
      if (ranges !== undefined) out += inClass ? ranges : `[${ranges}]`;
      else if (negated !== undefined && !inClass) out += negated;
      else out += ch + next;
      i++;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return out;
}

/** The replacement in Python's re.sub template syntax. */
export function replacementToPython(parts: readonly TemplatePart[]): string {
  return parts.map((p) => ('text' in p ? p.text.replace(/\\/g, '\\\\') : `\\g<${p.group}>`)).join('');
}

/** Backreferences (\1, \k<name>) and lookaround, which a linear-time engine cannot run. */
const UNSUPPORTED: readonly { test: RegExp; what: string }[] = [
  { test: /(?<!\\)(?:\\\\)*\\[1-9]/, what: 'backreferences (\\1, \\2 …)' },
  { test: /(?<!\\)(?:\\\\)*\\k</, what: 'backreferences (\\k<name>)' },
  { test: /(?<!\\)(?:\\\\)*\(\?<?[=!]/, what: 'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…))' },
];

/** Flags of the SQL functions ('gu', 'giu', 'iu') as RE2's. */
export function re2Flags(flags: string): number {
  return flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0;
}

/**
 * A pattern in JavaScript syntax, compiled for RE2. Throws the engine's reason when RE2 cannot
 * run it; callers that face a person use compileUserRegex for the full explanation.
 */
export function compileRe2(pattern: string, flags: string): RE2JS {
  return RE2JS.compile(RE2JS.translateRegExp(pattern), re2Flags(flags));
}

/** Compiles a user pattern, or explains in a sentence why it cannot be used. */
export function compileUserRegex(pattern: string, ignoreCase: boolean): RE2JS {
  // Named groups are spelled (?P<name>…) in Python; refusing them keeps the two renderings equal.
  if (/\(\?<(?![=!])/.test(pattern)) {
    throw new CairnError(
      'VALIDATION',
      'Named groups (?<name>…) are not supported; use plain groups (…) and $1, $2.',
    );
  }
  // JavaScript's parser (compiling only, never matching) gives the clearest syntax errors.
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    const reason =
      error instanceof Error ? (error.message.split(': ').pop() ?? error.message) : String(error);
    throw new CairnError(
      'VALIDATION',
      `The regular expression ${JSON.stringify(pattern)} is not valid: ${reason}.`,
    );
  }
  const unsupported = UNSUPPORTED.find((u) => u.test.test(pattern));
  if (unsupported) {
    throw new CairnError(
      'VALIDATION',
      `The regular expression ${JSON.stringify(pattern)} uses ${unsupported.what}, which Cairn does not support: patterns run on a linear-time engine (RE2) so that no pattern can stall the app. Rewrite it without them.`,
    );
  }
  try {
    return compileRe2(pattern, ignoreCase ? 'giu' : 'gu');
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new CairnError(
      'VALIDATION',
      `The regular expression ${JSON.stringify(pattern)} cannot be used: ${reason}. Patterns run on a linear-time engine (RE2), which has no backreferences or lookaround.`,
    );
  }
}

/** Replaces every match, expanding $n group references; linear in the text. */
export function replaceAllMatches(regex: RE2JS, text: string, parts: readonly TemplatePart[]): string {
  let out = '';
  let last = 0;
  for (const match of regex.matchAll(text)) {
    const index = match.index ?? 0;
    out += text.slice(last, index) + expandReplacement(parts, match);
    last = index + match[0].length;
  }
  return out + text.slice(last);
}

/** Validates the replacement against the pattern's groups. */
export function checkReplacement(template: string, regex: RE2JS): TemplatePart[] {
  const groups = regex.groupCount();
  for (const match of template.matchAll(/\$\$|\$([0-9]{1,2})/g)) {
    const digits = match[1];
    if (digits === undefined) continue;
    const first = Number(digits[0]);
    if (first === 0 && digits.length === 1) continue;
    const referenced = digits.length === 2 && Number(digits) <= groups ? Number(digits) : first;
    if (referenced > groups) {
      throw new CairnError(
        'VALIDATION',
        `The replacement uses $${referenced}, but the pattern has ${groups === 0 ? 'no groups' : groups === 1 ? 'only 1 group' : `only ${groups} groups`}. Write $$ for a literal dollar sign.`,
      );
    }
  }
  return parseReplacement(template, groups);
}
