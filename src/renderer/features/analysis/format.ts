import type { GoalType, Insight } from '../../../shared/analysis';

export const GOAL_LABELS: Record<GoalType, string> = {
  data_quality: 'Data quality',
  general_audit: 'General audit',
  ml_preparation: 'Machine-learning preparation',
  exploratory: 'Exploratory analysis',
};

/** The order of the goal selector: the default first. */
export const GOAL_ORDER: GoalType[] = ['data_quality', 'general_audit', 'ml_preparation', 'exploratory'];

export const GOAL_HINTS: Record<GoalType, string> = {
  data_quality: 'Problems that make values wrong, missing or inconsistent.',
  general_audit: 'A broad review, including personal data such as emails and phone numbers.',
  ml_preparation: 'What gets in the way of training a model: gaps, outliers, imbalance, correlation.',
  exploratory: 'Only what matters for reading the data; fewer and milder findings.',
};

export const SEVERITY_LABELS: Record<Insight['severity'], string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const TYPE_LABELS: Record<Insight['type'], string> = {
  missing_data: 'Missing data',
  outliers: 'Outliers',
  duplicates: 'Duplicates',
  data_type_mismatch: 'Type mismatch',
  pattern_violation: 'Pattern violation',
  quality_issue: 'Quality issue',
};

/** Names of the backend's rules (insight.rule); an unknown rule falls back to its type's label. */
const RULE_LABELS: Record<string, string> = {
  missing_data: 'Missing values',
  outliers: 'Outliers',
  duplicate_rows: 'Duplicate rows',
  duplicate_keys: 'Duplicate keys',
  numbers_as_text: 'Numbers stored as text',
  dates_as_text: 'Dates stored as text',
  mixed_types: 'Mixed types',
  pattern_violation: 'Pattern violations',
  constant_column: 'Constant column',
  whitespace: 'Surrounding whitespace',
  case_variants: 'Case variants',
  near_duplicates: 'Near-duplicate categories',
  high_correlation: 'Highly correlated columns',
  class_imbalance: 'Class imbalance',
  personal_data: 'Personal data',
};

/** An insight's title: what kind of finding, and where. */
export function insightTitle(insight: Pick<Insight, 'rule' | 'type' | 'columns'>): string {
  // The rule id is stable across versions: `rule` or `rule:column…`.
  const label = RULE_LABELS[insight.rule.split(':')[0] ?? ''] ?? TYPE_LABELS[insight.type];
  return insight.columns.length > 0 ? `${label}: ${insight.columns.join(', ')}` : label;
}

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const stat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const share = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A quality score as shown: at most one decimal. */
export function formatScore(score: number): string {
  return oneDecimal.format(score);
}

/** A change in score with its arrow: "▲ 12.5", "▼ 3", "= 0". */
export function scoreChange(score: number, parent: number): { arrow: '▲' | '▼' | '='; text: string } {
  const diff = Math.round((score - parent) * 10) / 10;
  if (diff > 0) return { arrow: '▲', text: oneDecimal.format(diff) };
  if (diff < 0) return { arrow: '▼', text: oneDecimal.format(-diff) };
  return { arrow: '=', text: '0' };
}

/** A share between 0 and 1 as a percentage, e.g. 0.125 → "12.5%". */
export function formatShare(value: number): string {
  return `${share.format(value * 100)}%`;
}

/** A statistic: up to four decimals, so a mean of 2.5 shows as 2.5 and 1/3 as 0.3333. */
export function formatStat(value: number | string | null): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  return stat.format(value);
}

/** A histogram bin's bounds: numbers compactly, dates as given. */
export function formatBound(value: number | string): string {
  return typeof value === 'number' ? stat.format(value) : value;
}
