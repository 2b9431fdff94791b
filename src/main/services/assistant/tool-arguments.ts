import type { z } from 'zod';
import { describeIssues } from '../../../shared/result-schema';

/**
 * A tool call's arguments as a provider sent them (JSON text from a model, an object from the
 * built-in interpreter), parsed and checked against the tool's schema — or the sentence the
 * provider reads instead, saying what was wrong and that nothing was changed.
 */
export function parseToolArguments<S extends z.ZodType>(
  name: string,
  raw: unknown,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; text: string } {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      return { ok: false, text: `The arguments for ${name} are not valid JSON. Nothing was changed.` };
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = describeIssues(parsed.error)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
  return { ok: false, text: `The arguments for ${name} are invalid (${issues}). Nothing was changed.` };
}
