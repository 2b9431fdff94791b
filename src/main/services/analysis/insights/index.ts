/**
 * Insights: findings over a version's profile, filtered and graded by the analysis goal, each
 * with a one-click fix (an operation) and its pandas line where one exists. Rules: rules.ts;
 * thresholds and the goal table: thresholds.ts.
 */
import type { DatasetProfile, GoalType, Insight } from '../../../../shared/analysis';
import { operationSchema, type Column } from '../../../../shared/operations';
import { operationToPandas } from '../../datasets/operations';
import type { ProfileExtras } from '../profile/types';
import { RULES, ruleContext, type Severity } from './rules';
import { GOAL_RULES, SEVERITY_ORDER } from './thresholds';

export { GOAL_RULES, INSIGHT_THRESHOLDS, SEVERITY_ORDER, type RuleId } from './thresholds';

export type InsightDraft = Omit<Insight, 'id' | 'analysisId' | 'status'>;

function shift(severity: Severity, by: number): Severity {
  const at = SEVERITY_ORDER.indexOf(severity) + by;
  return SEVERITY_ORDER[Math.max(0, Math.min(SEVERITY_ORDER.length - 1, at))] as Severity;
}

/**
 * The insights of one goal over a profile. `columns` is the version's schema (for the fixes'
 * pandas); `extras` (from profileRelationWithExtras) adds exact outlier counts, text shapes and
 * value variants — without it the outlier rule only knows whether min/max lie beyond the fences,
 * and the shape/variant rules only see columns whose top values cover every value.
 * Sorted by severity (critical first), then rule, then column order.
 */
export function deriveInsights(
  profile: DatasetProfile,
  columns: Column[],
  goal: GoalType,
  extras?: ProfileExtras,
): InsightDraft[] {
  const ctx = ruleContext(profile, columns, extras);
  const drafts: { draft: InsightDraft; order: number }[] = [];
  RULES.forEach(([id, rule], ruleIndex) => {
    const by = GOAL_RULES[id][goal];
    if (by === null) return;
    for (const finding of rule(ctx)) {
      const fix = finding.fix === null ? null : operationSchema.parse(finding.fix);
      drafts.push({
        order: ruleIndex,
        draft: {
          columns: finding.columns,
          severity: shift(finding.severity, by),
          type: finding.type,
          rule: finding.id,
          description: finding.description,
          recommendation: finding.recommendation,
          fix,
          codeSuggestion: fix === null ? null : operationToPandas(fix, columns),
        },
      });
    }
  });
  const rank = (s: Severity) => SEVERITY_ORDER.length - SEVERITY_ORDER.indexOf(s);
  return drafts
    .map((d, index) => ({ ...d, index }))
    .sort((a, b) => rank(a.draft.severity) - rank(b.draft.severity) || a.order - b.order || a.index - b.index)
    .map((d) => d.draft);
}
