import { useId } from 'react';
import type { ColumnProfile } from '../../../shared/analysis';
import { formatCount } from '../datasets/format';
import { formatBound, formatShare } from './format';
import type { TrendPoint } from './store';

/*
 * Small charts drawn as plain SVG: no chart library is installed, these need none, and SVG
 * attributes (unlike inline style attributes) are allowed by the strict CSP.
 */

type Bin = NonNullable<ColumnProfile['histogram']>[number];

/** Bars of a histogram, scaled to the tallest bin; each bar's tooltip tells its range and count. */
export function HistogramBars({
  bins,
  width,
  height,
  gap = 1,
  titles = true,
}: {
  bins: Bin[];
  width: number;
  height: number;
  gap?: number;
  titles?: boolean;
}) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const barWidth = bins.length > 0 ? width / bins.length : width;
  return (
    <>
      {bins.map((bin, i) => {
        const h = bin.count === 0 ? 0 : Math.max(1, (bin.count / max) * height);
        return (
          <rect
            key={i}
            className="chart-bar"
            x={i * barWidth + gap / 2}
            y={height - h}
            width={Math.max(0.5, barWidth - gap)}
            height={h}
          >
            {titles && (
              <title>
                {formatBound(bin.from)} – {formatBound(bin.to)}: {formatCount(bin.count)}
              </title>
            )}
          </rect>
        );
      })}
    </>
  );
}

/** A histogram for a profile card, with its range under it. */
export function Histogram({ column }: { column: ColumnProfile }) {
  const bins = column.histogram ?? [];
  if (bins.length === 0) return null;
  const first = bins[0];
  const last = bins[bins.length - 1];
  const total = bins.reduce((n, b) => n + b.count, 0);
  return (
    <figure className="histogram">
      <svg
        viewBox="0 0 240 56"
        preserveAspectRatio="none"
        role="img"
        aria-label={`Histogram of ${column.name}: ${bins.length} bins, ${formatCount(total)} values`}
      >
        <HistogramBars bins={bins} width={240} height={56} />
      </svg>
      {first && last && (
        <figcaption className="histogram-range small muted">
          <span>{formatBound(first.from)}</span>
          <span>{formatBound(last.to)}</span>
        </figcaption>
      )}
    </figure>
  );
}

/** The most frequent values as a list with proportional bars. */
export function TopValues({ column }: { column: ColumnProfile }) {
  const values = column.topValues ?? [];
  if (values.length === 0) return null;
  const max = Math.max(1, ...values.map((v) => v.count));
  return (
    <ol className="top-values" aria-label={`Top values of ${column.name}`}>
      {values.map((v) => (
        <li key={v.value}>
          <span className="top-value-label" title={v.value}>
            {v.value === '' ? <em>(empty)</em> : v.value}
          </span>
          <span className="top-value-count">{formatCount(v.count)}</span>
          <svg className="top-value-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
            <rect className="chart-track" x={0} y={0} width={100} height={6} />
            <rect className="chart-bar" x={0} y={0} width={(v.count / max) * 100} height={6} />
          </svg>
        </li>
      ))}
    </ol>
  );
}

/** The quality score over the path from the root; unknown scores leave a gap. */
export function Sparkline({ trend, names }: { trend: TrendPoint[]; names: Map<string, string> }) {
  const known = trend.filter((p): p is { versionId: string; score: number } => p.score !== null);
  if (trend.length < 2 || known.length === 0) return null;
  const width = 64;
  const height = 20;
  const step = width / (trend.length - 1);
  // Scaled to the scores' own range (at least 10 points wide), so a change of a few points shows.
  const scores = known.map((p) => p.score);
  const mid = (Math.min(...scores) + Math.max(...scores)) / 2;
  const span = Math.max(10, Math.max(...scores) - Math.min(...scores));
  const low = Math.max(0, Math.min(100 - span, mid - span / 2));
  const y = (score: number) => height - 2 - ((score - low) / span) * (height - 4);
  const segments: string[][] = [[]];
  trend.forEach((p, i) => {
    if (p.score === null) segments.push([]);
    else segments[segments.length - 1]?.push(`${(i * step).toFixed(1)},${y(p.score).toFixed(1)}`);
  });
  const lastIndex = trend.length - 1;
  const last = trend[lastIndex];
  const label = `Quality trend from the root: ${trend
    .map(
      (p) => `${names.get(p.versionId) ?? '?'} ${p.score === null ? 'not yet scored' : Math.round(p.score)}`,
    )
    .join(', ')}`;
  return (
    <svg className="sparkline" viewBox={`-2 0 ${width + 4} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      {segments
        .filter((s) => s.length > 0)
        .map((points, i) =>
          points.length === 1 ? (
            <circle
              key={i}
              className="sparkline-dot"
              r={1.5}
              cx={points[0]?.split(',')[0]}
              cy={points[0]?.split(',')[1]}
            />
          ) : (
            <polyline key={i} className="sparkline-line" points={points.join(' ')} />
          ),
        )}
      {last?.score !== null && last?.score !== undefined && (
        <circle className="sparkline-end" r={2.2} cx={lastIndex * step} cy={y(last.score)} />
      )}
    </svg>
  );
}

/** A correlation with a fixed number of decimals, never "-0.0". */
function formatR(r: number, digits: number): string {
  const text = r.toFixed(digits);
  return Number(text) === 0 ? (0).toFixed(digits) : text;
}

/** A colour for a correlation: blue for positive, red for negative, stronger as |r| grows. */
function correlationFill(r: number | null): string {
  if (r === null) return 'var(--bg-subtle)';
  const strength = Math.min(1, Math.abs(r));
  const hue = r >= 0 ? 215 : 5;
  return `hsl(${hue} 70% ${Math.round(96 - strength * 50)}%)`;
}

/** A Pearson correlation matrix as a grid of coloured cells, with a legend. */
export function CorrelationHeatmap({ columns, matrix }: { columns: string[]; matrix: (number | null)[][] }) {
  // An id safe inside url(#…) whatever characters React's ids use.
  const gradientId = `corr-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const n = columns.length;
  if (n < 2) return null;
  const cell = Math.max(14, Math.min(32, Math.floor(260 / n)));
  const labelWidth = Math.min(96, Math.max(...columns.map((c) => c.length)) * 6 + 8);
  const size = labelWidth + n * cell;
  const truncate = (name: string) => (name.length > 14 ? `${name.slice(0, 13)}…` : name);
  const showValues = cell >= 26;
  return (
    <figure className="heatmap">
      <svg
        viewBox={`0 0 ${size} ${size}`}
        width={size}
        height={size}
        role="group"
        aria-label={`Correlation heatmap of ${n} numeric columns`}
      >
        {columns.map((name, i) => (
          <g key={name}>
            <text
              className="heatmap-label"
              x={labelWidth - 4}
              y={labelWidth + i * cell + cell / 2}
              textAnchor="end"
            >
              {truncate(name)}
            </text>
            <text
              className="heatmap-label"
              x={0}
              y={0}
              textAnchor="start"
              transform={`translate(${labelWidth + i * cell + cell / 2} ${labelWidth - 4}) rotate(-60)`}
            >
              {truncate(name)}
            </text>
          </g>
        ))}
        {matrix.map((row, i) =>
          row.map((r, j) => {
            const a = columns[i] ?? '?';
            const b = columns[j] ?? '?';
            const text = r === null ? 'not defined' : formatR(r, 2);
            return (
              <g key={`${i}-${j}`} role="img" aria-label={`${a} and ${b}: ${text}`}>
                <title>{`${a} × ${b}: ${text}`}</title>
                <rect
                  x={labelWidth + j * cell}
                  y={labelWidth + i * cell}
                  width={cell - 1}
                  height={cell - 1}
                  fill={correlationFill(r)}
                />
                {showValues && r !== null && (
                  <text
                    className={`heatmap-value${Math.abs(r) > 0.6 ? ' strong' : ''}`}
                    x={labelWidth + j * cell + (cell - 1) / 2}
                    y={labelWidth + i * cell + cell / 2 + 3}
                    textAnchor="middle"
                  >
                    {formatR(r, 1)}
                  </text>
                )}
              </g>
            );
          }),
        )}
      </svg>
      <figcaption className="heatmap-legend small muted">
        <span>−1</span>
        <svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
          <defs>
            <linearGradient id={gradientId}>
              <stop offset="0%" stopColor={correlationFill(-1)} />
              <stop offset="50%" stopColor={correlationFill(0)} />
              <stop offset="100%" stopColor={correlationFill(1)} />
            </linearGradient>
          </defs>
          <rect x={0} y={0} width={100} height={8} fill={`url(#${gradientId})`} />
        </svg>
        <span>+1</span>
        <span>Pearson correlation (red: negative, blue: positive)</span>
      </figcaption>
    </figure>
  );
}

/** The thin bar under a grid header: how much of the column is missing. */
export function NullBar({ share }: { share: number }) {
  return (
    <svg className="null-bar" viewBox="0 0 100 3" preserveAspectRatio="none" aria-hidden="true">
      <rect className="null-bar-present" x={0} y={0} width={100} height={3} />
      <rect className="null-bar-missing" x={0} y={0} width={Math.min(100, share * 100)} height={3} />
    </svg>
  );
}

/** The tiny chart in a grid column header, from the shown version's profile. */
export function HeaderChart({ column }: { column: ColumnProfile }) {
  const histogram = column.histogram && column.histogram.length > 0 ? column.histogram : null;
  const top =
    !histogram && column.topValues && column.topValues.length > 0 ? column.topValues.slice(0, 8) : null;
  const described = histogram
    ? `histogram in ${histogram.length} bins`
    : top
      ? `top values ${top.map((t) => `${t.value} ${t.count}`).join(', ')}`
      : 'no distribution';
  const label = `${column.name}: ${formatShare(column.nullShare)} missing, ${described}`;
  const bins: Bin[] = top
    ? top.map((t) => ({ from: t.value, to: t.value, count: t.count }))
    : (histogram ?? []);
  return (
    <span className="header-chart" role="img" aria-label={label} title={label}>
      <svg className="header-bars" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">
        <HistogramBars
          bins={bins}
          width={top ? Math.min(100, bins.length * 12) : 100}
          height={14}
          titles={false}
        />
      </svg>
      <NullBar share={column.nullShare} />
    </span>
  );
}
