import type { Quality } from '../../../shared/analysis';

/*
 * How the quality score is computed, as the "How is this computed?" popover explains it.
 *
 * COPIED from QUALITY_FORMULA and QUALITY_WEIGHTS in src/main/services/analysis/quality.ts
 * (main-process code, which the renderer must not import). Change both together — or better,
 * move the formula text and weights into the contract (src/shared/analysis.ts) and import them.
 */

export const QUALITY_SUMMARY =
  'Quality score = 100 × (35% completeness + 25% validity + 20% uniqueness + 20% consistency).';

export const QUALITY_COMPONENTS: {
  key: Exclude<keyof Quality, 'score'>;
  label: string;
  weight: number;
  explanation: string;
}[] = [
  {
    key: 'completeness',
    label: 'Completeness',
    weight: 0.35,
    explanation: 'The share of cells that are not missing.',
  },
  {
    key: 'validity',
    label: 'Validity',
    weight: 0.25,
    explanation:
      'Typed columns (numbers, booleans, dates) count as fully valid. In a text column where one pattern (email, URL, phone) covers at least 80% of the values, the values that do not match are invalid; numbers or dates stored as text count 75%; a column mixing numbers or dates with other text scores its larger part. Columns are weighted by how many values they hold.',
  },
  {
    key: 'uniqueness',
    label: 'Uniqueness',
    weight: 0.2,
    explanation: '1 − the share of rows that duplicate an earlier row.',
  },
  {
    key: 'consistency',
    label: 'Consistency',
    weight: 0.2,
    explanation:
      'In text columns, the share of values without surrounding spaces, not written in a minority case variant of another value (like "ny" beside "NY") and not a rare misspelling of a more common value, weighted by how many values each column holds.',
  },
];
