/**
 * What the rules know about a column beyond its ColumnProfile: the profiler's extras when given,
 * otherwise what can be derived from the profile itself — text shapes and variants from the top
 * values when they cover every value (10 or fewer distinct values), and nothing for outlier counts
 * (the outlier rule then falls back to whether min/max lie outside the fences).
 */
import type { ColumnProfile } from '../../../../shared/analysis';
import {
  classifyText,
  P_BOOLEAN,
  P_DATE,
  P_DATETIME,
  P_FLOAT,
  P_INTEGER,
  PatternCounts,
} from '../profile/patterns';
import type { ColumnExtras, ProfileExtras, TextShapes, ValueVariants } from '../profile/types';
import { findVariants } from '../profile/variants';

export interface Evidence {
  outliers: ColumnExtras['outliers'];
  shapes: TextShapes | null;
  variants: ValueVariants | null;
}

/** The top values hold every value of the column. */
function topValuesComplete(p: ColumnProfile): boolean {
  if (!p.topValues || p.count === 0) return false;
  return p.topValues.reduce((sum, t) => sum + t.count, 0) === p.count;
}

function shapesFromTop(p: ColumnProfile): TextShapes {
  const counts = new PatternCounts();
  for (const t of p.topValues ?? []) counts.add(classifyText(t.value, false), t.count);
  const share = (flag: number) => counts.of(flag) / p.count;
  return {
    integer: share(P_INTEGER),
    float: share(P_FLOAT),
    date: share(P_DATE),
    datetime: share(P_DATETIME),
    boolean: share(P_BOOLEAN),
  };
}

export function evidenceFor(p: ColumnProfile, extras: ProfileExtras | undefined): Evidence {
  const given = extras?.columns[p.name];
  if (given) return { outliers: given.outliers, shapes: given.shapes, variants: given.variants };
  const complete = p.type === 'text' && topValuesComplete(p);
  return {
    outliers: null,
    shapes: complete ? shapesFromTop(p) : null,
    variants: complete
      ? findVariants((p.topValues ?? []).map((t) => [t.value, t.count] as [string, number]))
      : null,
  };
}
