import { z } from 'zod';
import { defineEvent, defineInvoke } from './contract';
import { idSchema, timestampSchema } from './ids';
import { applyRequestIdSchema } from './datasets';
import { operationSchema } from './operations';

/**
 * Profiling, quality score and insights per version (seeds 000 and 001). A profile is computed
 * once per version (versions are immutable) and kept as the version's snapshot; an analysis runs
 * the insight rules of one goal over it.
 */

export const GOAL_TYPES = ['ml_preparation', 'general_audit', 'data_quality', 'exploratory'] as const;
export type GoalType = (typeof GOAL_TYPES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const INSIGHT_TYPES = [
  'missing_data',
  'outliers',
  'duplicates',
  'data_type_mismatch',
  'pattern_violation',
  'quality_issue',
] as const;

export const INSIGHT_STATUSES = ['open', 'applied', 'dismissed'] as const;
export const ANALYSIS_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;

export const PROFILE_TYPES = ['integer', 'float', 'boolean', 'date', 'datetime', 'text', 'empty'] as const;

const num = z.number().nullable();

export const histogramBinSchema = z.object({
  /** Lower bound (inclusive); for dates an ISO date. */
  from: z.union([z.number(), z.string()]),
  /** Upper bound (exclusive, but inclusive for the last bin). */
  to: z.union([z.number(), z.string()]),
  count: z.number().int(),
});

export const columnProfileSchema = z.object({
  name: z.string(),
  type: z.enum(PROFILE_TYPES),
  count: z.number().int(),
  nulls: z.number().int(),
  nullShare: z.number(),
  distinct: z.number().int(),
  /** True when `distinct` is an estimate (above the exact-count threshold); shown as "≈". */
  distinctApproximate: z.boolean(),
  distinctShare: z.number(),
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: num,
  median: num,
  std: num,
  p25: num,
  p75: num,
  zeros: z.number().int().nullable(),
  negatives: z.number().int().nullable(),
  histogram: z.array(histogramBinSchema).nullable(),
  topValues: z.array(z.object({ value: z.string(), count: z.number().int() })).nullable(),
  textLength: z.object({ min: z.number(), mean: z.number(), max: z.number() }).nullable(),
  patterns: z.object({
    email: z.number(),
    url: z.number(),
    phone: z.number(),
    idLike: z.boolean(),
    leadingZeros: z.number(),
    surroundingWhitespace: z.number(),
  }),
  samples: z.array(z.string()),
});
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

export const datasetProfileSchema = z.object({
  rows: z.number().int(),
  columns: z.number().int(),
  missingCells: z.number().int(),
  missingShare: z.number(),
  duplicateRows: z.number().int(),
  approximateBytes: z.number().int(),
  correlation: z
    .object({ columns: z.array(z.string()), matrix: z.array(z.array(z.number().nullable())) })
    .nullable(),
  columnProfiles: z.array(columnProfileSchema),
  computedMs: z.number(),
});
export type DatasetProfile = z.infer<typeof datasetProfileSchema>;

export const qualitySchema = z.object({
  score: z.number().min(0).max(100),
  completeness: z.number(),
  validity: z.number(),
  uniqueness: z.number(),
  consistency: z.number(),
});
export type Quality = z.infer<typeof qualitySchema>;

/*
 * The score's weights and its explanation in words live here, beside the Quality type, because
 * both the scorer (main) and the "How is this computed?" popover (renderer) need them and the
 * renderer cannot import main-process code. The formula itself is in
 * src/main/services/analysis/quality.ts.
 */

export type QualityComponent = Exclude<keyof Quality, 'score'>;

export const QUALITY_WEIGHTS = {
  completeness: 0.35,
  validity: 0.25,
  uniqueness: 0.2,
  consistency: 0.2,
} as const satisfies Record<QualityComponent, number>;

/** Validity rules for text columns, quoted by the validity explanation below. */
export const VALIDITY_RULES = {
  dominantShare: 0.8,
  mixedShare: 0.2,
  /** Multiplier for numbers or dates kept as text. */
  storedAsText: 0.75,
} as const;

const percent = (share: number) => `${Math.round(share * 100)}%`;

export const QUALITY_COMPONENTS: readonly {
  key: QualityComponent;
  label: string;
  weight: number;
  explanation: string;
}[] = [
  {
    key: 'completeness',
    label: 'Completeness',
    weight: QUALITY_WEIGHTS.completeness,
    explanation: 'The share of cells that are not missing.',
  },
  {
    key: 'validity',
    label: 'Validity',
    weight: QUALITY_WEIGHTS.validity,
    explanation: `Typed columns (numbers, booleans, dates) count as fully valid. In a text column where one pattern (email, URL, phone) covers at least ${percent(VALIDITY_RULES.dominantShare)} of the values, the values that do not match are invalid; numbers or dates stored as text count ${percent(VALIDITY_RULES.storedAsText)}; a column mixing numbers or dates with other text scores its larger part. Columns are weighted by how many values they hold.`,
  },
  {
    key: 'uniqueness',
    label: 'Uniqueness',
    weight: QUALITY_WEIGHTS.uniqueness,
    explanation: '1 − the share of rows that duplicate an earlier row.',
  },
  {
    key: 'consistency',
    label: 'Consistency',
    weight: QUALITY_WEIGHTS.consistency,
    explanation:
      'In text columns, the share of values without surrounding spaces, not written in a minority case variant of another value (like "ny" beside "NY") and not a rare misspelling of a more common value, weighted by how many values each column holds.',
  },
];

export const QUALITY_SUMMARY = `Quality score = 100 × (${QUALITY_COMPONENTS.map(
  (c) => `${percent(c.weight)} ${c.key}`,
).join(' + ')}).`;

/** The formula in words, one line a component. */
export const QUALITY_FORMULA = [
  QUALITY_SUMMARY,
  ...QUALITY_COMPONENTS.map((c) => `${c.label}: ${c.explanation}`),
].join('\n');

export const insightSchema = z.object({
  id: idSchema,
  analysisId: idSchema,
  columns: z.array(z.string()),
  severity: z.enum(SEVERITIES),
  type: z.enum(INSIGHT_TYPES),
  /** The rule that raised it (stable across versions, used to tell whether a fix worked). */
  rule: z.string(),
  description: z.string(),
  recommendation: z.string(),
  fix: operationSchema.nullable(),
  codeSuggestion: z.string().nullable(),
  status: z.enum(INSIGHT_STATUSES),
});
export type Insight = z.infer<typeof insightSchema>;

export const analysisSchema = z.object({
  id: idSchema,
  datasetId: idSchema,
  versionId: idSchema,
  goalType: z.enum(GOAL_TYPES),
  status: z.enum(ANALYSIS_STATUSES),
  qualityScore: z.number().nullable(),
  quality: qualitySchema.nullable(),
  startedAt: timestampSchema.nullable(),
  completedAt: timestampSchema.nullable(),
  error: z.string().nullable(),
  insights: z.array(insightSchema),
});
export type Analysis = z.infer<typeof analysisSchema>;

const versionScope = z.object({ workspaceId: idSchema, datasetId: idSchema, versionId: idSchema });

export const analysisGet = defineInvoke('analysis:get', {
  input: versionScope.extend({ goalType: z.enum(GOAL_TYPES).default('data_quality') }),
  /** null while the version is still being profiled (an analysis:updated event follows). */
  output: z.object({
    profile: datasetProfileSchema.nullable(),
    analysis: analysisSchema.nullable(),
    parentScore: z.number().nullable(),
    /** Quality scores along the path from the root to this version (null where not yet known). */
    trend: z.array(z.object({ versionId: idSchema, score: z.number().nullable() })),
  }),
});

export const analysisFix = defineInvoke('analysis:fix', {
  input: z.object({
    workspaceId: idSchema,
    datasetId: idSchema,
    insightId: idSchema,
    /** Lets the caller cancel the fix's apply with `versions:cancelApply`. */
    requestId: applyRequestIdSchema.optional(),
  }),
  output: z.object({ versionId: idSchema }),
});

export const analysisDismiss = defineInvoke('analysis:dismiss', {
  input: z.object({ workspaceId: idSchema, datasetId: idSchema, insightId: idSchema }),
  output: insightSchema,
});

export const analysisUpdated = defineEvent('analysis:updated', {
  payload: z.object({
    workspaceId: idSchema,
    datasetId: idSchema,
    versionId: idSchema,
    status: z.enum(['running', 'completed', 'failed']),
    /** While running: rows scanned so far of the version's rows (absent when not known yet). */
    progress: z
      .object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
      .optional(),
  }),
});

export const analysisContracts = [analysisGet, analysisFix, analysisDismiss, analysisUpdated] as const;
