/**
 * The same category written differently, found over a text column's distinct values:
 * - case variants: values equal after trim + lower case but written in 2+ ways ("NY", "ny", "Ny");
 * - near duplicates: categories (after trim + lower case) equal once spaces and punctuation are
 *   removed ("new york" / "new-york"), or one edit apart (substitution, insertion, deletion or
 *   swap of neighbours; not of a digit) when both have at least `nearDuplicateMinLength`
 *   characters and the rarer is at most `nearDuplicateMaxRatio` of the more common ("Chicago" /
 *   "Chicgo").
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

const SQUASH = /[^\p{L}\p{N}]+/gu;

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
    const squash = group.key.replace(SQUASH, '');
    if (squash === '') continue;
    const common = squashed.get(squash);
    if (common) {
      near.push({ value: group.raw, count: group.total, like: common.raw, likeCount: common.total });
      seen.add(group);
    } else {
      squashed.set(squash, group);
    }
  }
  const { nearDuplicateMinLength: minLength, nearDuplicateMaxRatio: maxRatio } = PROFILE_LIMITS;
  for (let i = 0; i < list.length; i++) {
    const common = list[i] as Group;
    if (common.key.length < minLength || seen.has(common)) continue;
    for (let j = i + 1; j < list.length; j++) {
      const rare = list[j] as Group;
      if (rare.total > common.total * maxRatio) continue;
      if (seen.has(rare) || rare.key.length < minLength) continue;
      if (oneEditApart(common.key, rare.key)) {
        near.push({ value: rare.raw, count: rare.total, like: common.raw, likeCount: common.total });
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
