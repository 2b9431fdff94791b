import { useId, useState } from 'react';
import { QUALITY_COMPONENTS, QUALITY_SUMMARY, type Quality } from '../../../shared/analysis';
import { Sparkline } from './charts';
import { formatScore, formatShare, scoreChange } from './format';
import { Popover } from '../../ui/Popover';
import { isProfiling, useAnalysis, useGoalAnalysis } from './store';

interface Props {
  versionId: string;
  /** Version names ("v1"…) by id, for the trend's description. */
  names: Map<string, string>;
}

function Explanation({ quality }: { quality: Quality | null }) {
  return (
    <div className="quality-explanation">
      <p>{QUALITY_SUMMARY}</p>
      <table className="table compact quality-table" aria-label="Quality components">
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col" className="num">
              Weight
            </th>
            <th scope="col" className="num">
              This version
            </th>
          </tr>
        </thead>
        <tbody>
          {QUALITY_COMPONENTS.map((c) => (
            <tr key={c.key}>
              <th scope="row">
                {c.label}
                <span className="small muted quality-why">{c.explanation}</span>
              </th>
              <td className="num">{formatShare(c.weight)}</td>
              <td className="num">{quality ? formatShare(quality[c.key]) : '—'}</td>
            </tr>
          ))}
        </tbody>
        {quality && (
          <tfoot>
            <tr>
              <th scope="row">Score</th>
              <td />
              <td className="num">
                <strong>{formatScore(quality.score)}</strong>
              </td>
            </tr>
          </tfoot>
        )}
      </table>
      <p className="small muted">
        Each component is a share between 0 and 1 (shown as a percentage); the score is rounded to one
        decimal.
      </p>
    </div>
  );
}

/**
 * The quality score of the version shown, its change from the parent version and a small trend
 * over the path from the root; "How is this computed?" explains the formula.
 */
export function QualityBadge({ versionId, names }: Props) {
  const entry = useAnalysis((s) => s.versions[versionId]);
  const analysis = useGoalAnalysis(versionId);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const popoverId = useId();

  // The score does not depend on the goal: any analysis of this version carries it.
  const quality =
    analysis?.quality ?? Object.values(entry?.analyses ?? {}).find((a) => a?.quality)?.quality ?? null;
  const score = quality?.score ?? analysis?.qualityScore ?? null;
  const parent = entry?.parentScore ?? null;
  const change = score !== null && parent !== null ? scoreChange(score, parent) : null;

  let body;
  if (entry?.failure) {
    body = <span className="quality-failed">Profiling failed</span>;
  } else if (entry?.error && score === null) {
    body = <span className="quality-failed">Score unavailable</span>;
  } else if (score === null) {
    body = (
      <span className="quality-pending" role="status">
        {isProfiling(entry) ? 'Profiling…' : 'Scoring…'}
      </span>
    );
  } else {
    body = (
      <>
        <span
          className="quality-score"
          role="meter"
          aria-label="Quality score"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={score}
          aria-valuetext={`${formatScore(score)} out of 100`}
        >
          {formatScore(score)}
        </span>
        {change ? (
          <span
            className={`quality-change ${change.arrow === '▲' ? 'up' : change.arrow === '▼' ? 'down' : 'same'}`}
            title="Change from the parent version"
          >
            <span aria-hidden="true">{change.arrow}</span> {change.text}
            <span className="visually-hidden">
              {change.arrow === '▲' ? ' up' : change.arrow === '▼' ? ' down' : ' unchanged'} from the parent
              version
            </span>
          </span>
        ) : (
          <span className="quality-change same small muted">root</span>
        )}
        <Sparkline trend={entry?.trend ?? []} names={names} />
      </>
    );
  }

  return (
    <div className="quality-badge" role="group" aria-label="Quality">
      <span className="quality-label small muted">Quality</span>
      {body}
      <button
        type="button"
        className="icon-button quality-help"
        aria-label="How is this computed?"
        title="How is this computed?"
        aria-expanded={anchor !== null}
        aria-controls={anchor ? popoverId : undefined}
        onClick={(e) => setAnchor(anchor ? null : e.currentTarget)}
      >
        ?
      </button>
      {anchor && (
        <Popover
          id={popoverId}
          title="How the quality score is computed"
          anchor={anchor}
          onClose={() => setAnchor(null)}
        >
          <Explanation quality={quality} />
        </Popover>
      )}
    </div>
  );
}
