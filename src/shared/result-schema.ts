import { z } from 'zod';
import { ERROR_CODES } from './result';
import { plural } from './text';

export const errorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});

/** How many issues an error lists, and how long each text may be (see describeIssues). */
export const ISSUE_LIMITS = { count: 5, chars: 200 } as const;

/** `text` cut to `max` characters, marked with an ellipsis when it was cut. */
export function clip(text: string, max: number = ISSUE_LIMITS.chars): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A readable list of the first few zod issues, e.g. `{ path: 'name', message: 'Too short' }`.
 * Bounded on purpose: an array of a million wrong items has a million issues, and echoing them
 * all made a 2 MB request answer 82 MB.
 */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, ISSUE_LIMITS.count).map((issue) => ({
    path: clip(issue.path.map(String).join('.')),
    message: clip(issue.message),
  }));
}

/** The first issue as one line (`ids.3: Invalid UUID`), saying how many more there were. */
export function firstIssueMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const where = issue.path.length > 0 ? `${clip(issue.path.map(String).join('.'), 100)}: ` : '';
  const others = error.issues.length - 1;
  const more = others > 0 ? ` (and ${plural(others, 'more problem', 'more problems')})` : '';
  return `${where}${clip(issue.message)}${more}`;
}
