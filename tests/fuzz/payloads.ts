import { z } from 'zod';

/**
 * Invalid (and a few accidentally valid) payloads for a contract, made from its zod input schema:
 * a plausible baseline, then hostile mutations of it — wrong types, missing fields, huge strings
 * and arrays, NUL and control characters, deep nesting, prototype-pollution keys, numbers out of
 * range. Payloads are JSON text, as they travel on the wire (so `__proto__` is an own key).
 * Deterministic per seed, so a failure names the seed that reproduces it.
 */

export type Rng = () => number;

/** mulberry32: small, fast and good enough to pick mutations. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

/** Real ids from a seeded app, so mutations reach the services instead of stopping at NOT_FOUND. */
export interface KnownIds {
  workspaceId: string;
  datasetId: string;
  versionId: string;
  profileId: string;
}

interface Def {
  type: string;
  [key: string]: unknown;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function idFor(key: string, channel: string, ids: KnownIds): string {
  if (/version/i.test(key)) return ids.versionId;
  if (/dataset/i.test(key)) return ids.datasetId;
  if (/workspace/i.test(key)) return ids.workspaceId;
  if (/profile/i.test(key)) return ids.profileId;
  if (channel.startsWith('workspaces:')) return ids.workspaceId;
  if (channel.startsWith('datasets:')) return ids.datasetId;
  return ids.profileId;
}

/** A plausible value for `schema`: the shape the contract wants, with known ids where they fit. */
export function baseline(
  schema: z.ZodType,
  r: Rng,
  ids: KnownIds,
  channel: string,
  key = '',
  depth = 0,
): unknown {
  const def = defOf(schema);
  if (depth > 12) return null;
  const next = (s: z.ZodType, k = key): unknown => baseline(s, r, ids, channel, k, depth + 1);
  switch (def.type) {
    case 'string': {
      const s = schema as z.ZodString;
      if (s.format === 'uuid') return idFor(key, channel, ids);
      if (s.format === 'regex') return 'abcdefgh1234';
      const min = s.minLength ?? 1;
      return 'a'.repeat(Math.max(1, Math.min(min, s.maxLength ?? min)));
    }
    case 'number': {
      const n = schema as z.ZodNumber;
      const low = Number.isFinite(n.minValue) ? (n.minValue as number) : 0;
      const high = Number.isFinite(n.maxValue) ? (n.maxValue as number) : low + 10;
      return n.isInt ? Math.ceil(low + (high - low) * r() * 0.1) : low + (high - low) * r() * 0.1;
    }
    case 'boolean':
      return r() < 0.5;
    case 'null':
      return null;
    case 'enum':
      return pick(r, Object.values(def.entries as Record<string, string>));
    case 'literal':
      return (def.values as unknown[])[0];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) out[k] = next(v, k);
      return out;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return next(def.innerType as z.ZodType);
    case 'array':
      return [next(def.element as z.ZodType)];
    case 'tuple':
      return (def.items as z.ZodType[]).map((item) => next(item));
    case 'union':
      return next(pick(r, def.options as z.ZodType[]));
    case 'pipe':
      return next(def.in as z.ZodType);
    case 'lazy':
      return next((def.getter as () => z.ZodType)());
    case 'record':
      return {};
    default:
      return {};
  }
}

const DEEP = 3000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
const POLLUTE =
  '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}';

/** Hostile values as JSON text, each small enough for the default body limit unless `huge`. */
function hostile(r: Rng, huge: boolean): string {
  const big = huge ? 300_000 : 100_000;
  const options: (() => string)[] = [
    () => 'null',
    () => 'true',
    () => '0',
    () => '-1',
    () => '1e308',
    () => '-1e308',
    () => '1.5',
    () => '-0',
    () => String(2 ** 53 + 1),
    () => '9223372036854775808',
    () => '""',
    () => '" "',
    () => JSON.stringify('\u0000'),
    () => JSON.stringify('a\u0000b'),
    () => JSON.stringify('\u001b[2J\r\n\t\u007f\u0085'),
    () => JSON.stringify('\u202eevil\u200b\ufeff'),
    () => JSON.stringify('\ud800'),
    () => JSON.stringify("'; DROP TABLE workspaces; --"),
    () => JSON.stringify('../../../../etc/passwd'),
    () => JSON.stringify('=1+1'),
    () => JSON.stringify('x'.repeat(big)),
    () => JSON.stringify('🪨'.repeat(big / 4)),
    () => '[]',
    () => '{}',
    () => `[${'0,'.repeat(big / 20)}0]`,
    () => `[${'"a",'.repeat(big / 40)}"a"]`,
    () => deepArray,
    () => deepObject,
    () => POLLUTE,
    () => JSON.stringify('00000000-0000-4000-8000-000000000000'),
    () => JSON.stringify('not-a-uuid'),
  ];
  return pick(r, options)();
}

/** Every path to a value inside `value` (objects and arrays), the root included. */
function paths(
  value: unknown,
  trail: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(trail);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...trail, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...trail, k], out);
  return out;
}

/** Marks where a raw JSON piece goes; JSON.stringify leaves it as is (no characters to escape). */
const HOLE = 'cairn-fuzz-hole-7f3a';

/**
 * One payload: the baseline with one to three mutations, as JSON text ('' = no body at all).
 * A replaced value is spliced in as raw JSON, so it can be deeper or odder than JS would build.
 */
export function mutate(base: unknown, r: Rng, huge = false): string {
  const roll = r();
  if (roll < 0.08) return pick(r, ['', 'null', '[]', '"x"', '42', deepArray, POLLUTE]);
  const copy = structuredClone(base) as unknown;
  let holed: unknown = copy;
  const spliced: string[] = [];
  const mutations = 1 + Math.floor(r() * 3);
  for (let m = 0; m < mutations; m++) {
    const all = paths(holed).filter((p) => p.length > 0);
    const kind = r();
    if (all.length === 0 || kind < 0.1) {
      // Extra keys at the top: prototype pollution or unknown fields.
      if (holed !== null && typeof holed === 'object' && !Array.isArray(holed)) {
        (holed as Record<string, unknown>)[pick(r, ['__proto__', 'constructor', 'prototype', 'extra'])] =
          HOLE;
        spliced.push(POLLUTE);
      } else {
        holed = HOLE;
        spliced.push(hostile(r, huge));
      }
      continue;
    }
    const target = pick(r, all);
    const parent = target.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], holed);
    const last = target[target.length - 1] as string | number;
    const container = parent as Record<string | number, unknown>;
    if (kind < 0.3 && !Array.isArray(parent)) {
      delete container[last];
    } else if (kind < 0.4) {
      // The right kind, the wrong size: a huge string, a long array or a number out of range.
      const current = container[last];
      container[last] = HOLE;
      const bytes = huge ? 300_000 : 100_000;
      if (typeof current === 'string') {
        spliced.push(JSON.stringify(current.repeat(Math.ceil(bytes / Math.max(1, current.length)))));
      } else if (Array.isArray(current)) {
        const item: unknown = current[0] ?? 0;
        const copies = Math.ceil(bytes / Math.max(1, (JSON.stringify(item) ?? '').length + 1));
        spliced.push(JSON.stringify(new Array(copies).fill(item)));
      } else if (typeof current === 'number')
        spliced.push(pick(r, ['1e308', '-1e308', '9007199254740993', '-1', '0.0001']));
      else spliced.push(hostile(r, huge));
    } else {
      container[last] = HOLE;
      spliced.push(hostile(r, huge));
    }
  }
  let text = JSON.stringify(holed) ?? 'null';
  for (const piece of spliced) text = text.replace(`"${HOLE}"`, () => piece);
  return text;
}

/** `count` payloads for one contract's input schema. */
export function payloadsFor(
  channel: string,
  schema: z.ZodType,
  count: number,
  seed: number,
  ids: KnownIds,
  huge = false,
): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(mutate(baseline(schema, r, ids, channel), r, huge));
  return out;
}

/** A stable number per channel, so each contract gets its own stream of payloads. */
export function channelSeed(channel: string, seed: number): number {
  let h = seed >>> 0;
  for (const ch of channel) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761) >>> 0;
  return h;
}
