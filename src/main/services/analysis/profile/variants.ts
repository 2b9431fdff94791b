/**
 * The same category written differently, found over a text column's distinct values:
 * - case variants: values equal after trim + lower case but written in 2+ ways ("NY", "ny", "Ny");
 * - near duplicates, by two documented rules (docs/insights.md):
 *   - `normalised`: equal once case, diacritics, spaces and punctuation are set aside ("New York" /
 *     "new-york" / "Zürich" / "Zurich"). In a value with digits the digit groups must stay the
 *     same groups ("B-52" / "B52", but never "1.2.3" / "12.3"). Safe to merge: a fix is offered.
 *   - `one_edit`: a rare spelling one edit (substitution, insertion, deletion or swap of
 *     neighbours) from a much more common one ("Chicago" / "Chicgo"), only between word-like
 *     values: no digits, at least `nearDuplicateMinLength` characters, not a short all-capitals
 *     code. Spelling alone cannot prove two values are the same, so no fix is offered for it.
 *   Codes, identifiers and model numbers (B-52G / B-52H, C-130 / C-130H, EC-135 / KC-135) differ
 *   by one character on purpose: they are never paired by edit distance.
 */
import { compareText } from './textorder';
import { PROFILE_LIMITS, type NearDuplicate, type ValueVariants } from './types';

interface Group {
  key: string;
  total: number;
  /** Trimmed form → count. */
  forms: Map<string, number>;
  /** The most common raw (untrimmed) value and its count. */
  raw: string;
  rawCount: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Whether a and b (lengths within one) are one edit apart, the edit touching no digit. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // substitution or swap of neighbours
    if (a.slice(i + 1) === b.slice(i + 1)) return !isDigit(a[i]) && !isDigit(b[i]);
    return (
      a[i] === b[i + 1] &&
      a[i + 1] === b[i] &&
      a.slice(i + 2) === b.slice(i + 2) &&
      !isDigit(a[i]) &&
      !isDigit(b[i])
    );
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i) && !isDigit(long[i]);
}

const DIACRITICS = /\p{M}+/gu;
const RUN = /\p{L}+|\p{N}+/gu;
const HAS_DIGIT = /\p{N}/u;

/**
 * The form two values share when they differ only in case, diacritics, spaces and punctuation.
 * With digits, the runs of letters and of digits are kept apart, so punctuation between numbers
 * still counts ("1.2.3" and "12.3" stay different; "B-52G" and "b52g" meet).
 */
export function normalisedKey(value: string): string {
  const plain = value.normalize('NFKD').replace(DIACRITICS, '').toLowerCase();
  const runs = plain.match(RUN) ?? [];
  return HAS_DIGIT.test(plain) ? runs.join('|') : runs.join('');
}

/** Word-like values may be typos of each other; codes and identifiers are never paired by spelling. */
export function wordLike(value: string): boolean {
  if (HAS_DIGIT.test(value)) return false;
  if (!/\p{L}/u.test(value)) return false;
  const codeLike = !/\s/u.test(value.trim()) && value === value.toUpperCase() && value.trim().length <= 6;
  return !codeLike;
}

export function findVariants(values: Iterable<[string, number]>): ValueVariants {
  const groups = new Map<string, Group>();
  for (const [raw, count] of values) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const key = trimmed.toLowerCase();
    let group = groups.get(key);
    if (!group) {
      group = { key, total: 0, forms: new Map(), raw, rawCount: 0 };
      groups.set(key, group);
    }
    group.total += count;
    group.forms.set(trimmed, (group.forms.get(trimmed) ?? 0) + count);
    if (count > group.rawCount || (count === group.rawCount && compareText(raw, group.raw) < 0)) {
      group.raw = raw;
      group.rawCount = count;
    }
  }
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || compareText(a[0], b[0]);
  let caseGroups = 0;
  let caseRows = 0;
  const caseList: { total: number; forms: string[] }[] = [];
  for (const group of groups.values()) {
    if (group.forms.size < 2) continue;
    caseGroups++;
    const forms = [...group.forms].sort(byCount);
    caseRows += group.total - (forms[0]?.[1] ?? 0);
    caseList.push({ total: group.total, forms: forms.slice(0, 4).map(([f]) => f) });
  }
  caseList.sort((a, b) => b.total - a.total || compareText(a.forms[0] ?? '', b.forms[0] ?? ''));

  const list = [...groups.values()].sort((a, b) => b.total - a.total || compareText(a.key, b.key));
  const near: NearDuplicate[] = [];
  const seen = new Set<Group>();
  const squashed = new Map<string, Group>();
  for (const group of list) {
    const squash = normalisedKey(group.key);
    if (squash === '') continue;
    const common = squashed.get(squash);
    if (common) {
      near.push({
        value: group.raw,
        count: group.total,
        like: common.raw,
        likeCount: common.total,
        reason: 'normalised',
      });
      seen.add(group);
    } else {
      squashed.set(squash, group);
    }
  }
  const { nearDuplicateMinLength: minLength, nearDuplicateMaxRatio: maxRatio } = PROFILE_LIMITS;
  for (let i = 0; i < list.length; i++) {
    const common = list[i] as Group;
    if (common.key.length < minLength || seen.has(common) || !wordLike(common.raw)) continue;
    for (let j = i + 1; j < list.length; j++) {
      const rare = list[j] as Group;
      if (rare.total > common.total * maxRatio) continue;
      if (seen.has(rare) || rare.key.length < minLength || !wordLike(rare.raw)) continue;
      if (oneEditApart(common.key, rare.key)) {
        near.push({
          value: rare.raw,
          count: rare.total,
          like: common.raw,
          likeCount: common.total,
          reason: 'one_edit',
        });
        seen.add(rare);
      }
    }
  }
  near.sort((a, b) => b.likeCount - a.likeCount || b.count - a.count || compareText(a.value, b.value));
  return {
    caseGroups,
    caseRows,
    caseExamples: caseList.slice(0, PROFILE_LIMITS.variantExamples).map((g) => g.forms),
    nearDuplicates: near.slice(0, PROFILE_LIMITS.variantExamples),
  };
}
