import { z } from 'zod';

/**
 * Control characters (C0, DEL, C1) and NUL never belong in a name a person reads: SQLite's
 * `trim()` stops at NUL, so `"\u0000"` would pass a length check and fail a database constraint
 * as an internal error. Refusing them in the contract makes it a clear VALIDATION answer.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** A trimmed, non-empty, single-line name of at most `max` characters. */
export function nameSchema(what: string, max: number): z.ZodString {
  return z
    .string()
    .trim()
    .min(1, `${what} needs a name.`)
    .max(max, `${what} name has at most ${max} characters.`)
    .refine((name) => !hasControlCharacters(name), {
      message: `${what} name cannot contain control characters (such as NUL, tabs or line breaks).`,
    });
}
