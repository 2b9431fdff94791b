import { useId, useState, type ReactNode } from 'react';
import type { ColumnProfile, DatasetProfile } from '../../../shared/analysis';
import { plural } from '../../../shared/text';
import { formatBytes, formatCount } from '../datasets/format';
import { CorrelationHeatmap, Histogram, TopValues } from './charts';
import { formatShare, formatStat } from './format';
import { useAnalysis } from './store';

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="profile-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Summary({ profile }: { profile: DatasetProfile }) {
  return (
    <dl className="profile-summary">
      <Fact term="Rows">{formatCount(profile.rows)}</Fact>
      <Fact term="Columns">{formatCount(profile.columns)}</Fact>
      <Fact term="Missing cells">
        {formatCount(profile.missingCells)} ({formatShare(profile.missingShare)})
      </Fact>
      <Fact term="Duplicate rows">{formatCount(profile.duplicateRows)}</Fact>
      <Fact term="Size">≈{formatBytes(profile.approximateBytes)}</Fact>
    </dl>
  );
}

/** Pattern flags worth showing: shares above zero, and "ID-like". */
function patternFlags(column: ColumnProfile): string[] {
  const p = column.patterns;
  const flags: string[] = [];
  if (p.idLike) flags.push('ID-like');
  if (p.email > 0) flags.push(`email ${formatShare(p.email)}`);
  if (p.url > 0) flags.push(`URL ${formatShare(p.url)}`);
  if (p.phone > 0) flags.push(`phone ${formatShare(p.phone)}`);
  if (p.leadingZeros > 0) flags.push(`leading zeros ${formatShare(p.leadingZeros)}`);
  if (p.surroundingWhitespace > 0)
    flags.push(`surrounding whitespace ${formatShare(p.surroundingWhitespace)}`);
  return flags;
}

const NUMERIC_STATS = [
  ['Mean', 'mean'],
  ['Median', 'median'],
  ['Std. deviation', 'std'],
  ['25th percentile', 'p25'],
  ['75th percentile', 'p75'],
] as const;

function ColumnCard({ column }: { column: ColumnProfile }) {
  const titleId = useId();
  const flags = patternFlags(column);
  return (
    <article className="column-card" aria-labelledby={titleId}>
      <header className="column-card-head">
        <h3 id={titleId}>{column.name}</h3>
        <span className={`type-badge type-${column.type}`}>{column.type}</span>
      </header>
      <dl className="column-stats">
        <Fact term="Nulls">
          {formatCount(column.nulls)} ({formatShare(column.nullShare)})
        </Fact>
        <Fact term="Distinct">
          {column.distinctApproximate ? '≈' : ''}
          {formatCount(column.distinct)} ({column.distinctApproximate ? '≈' : ''}
          {formatShare(column.distinctShare)})
        </Fact>
        {column.min !== null && <Fact term="Min">{formatStat(column.min)}</Fact>}
        {column.max !== null && <Fact term="Max">{formatStat(column.max)}</Fact>}
        {NUMERIC_STATS.map(([label, key]) =>
          column[key] === null ? null : (
            <Fact key={key} term={label}>
              {formatStat(column[key])}
            </Fact>
          ),
        )}
        {column.zeros !== null && <Fact term="Zeros">{formatCount(column.zeros)}</Fact>}
        {column.negatives !== null && <Fact term="Negatives">{formatCount(column.negatives)}</Fact>}
        {column.textLength && (
          <Fact term="Text length">
            {formatStat(column.textLength.min)} / {formatStat(column.textLength.mean)} /{' '}
            {formatStat(column.textLength.max)}
            <span className="visually-hidden"> (min / mean / max)</span>
          </Fact>
        )}
      </dl>
      {column.histogram && column.histogram.length > 0 && <Histogram column={column} />}
      {column.topValues && column.topValues.length > 0 && <TopValues column={column} />}
      {flags.length > 0 && (
        <ul className="pattern-flags" aria-label={`Patterns in ${column.name}`}>
          {flags.map((f) => (
            <li key={f} className="badge">
              {f}
            </li>
          ))}
        </ul>
      )}
      {column.samples.length > 0 && (
        <p className="column-samples small">
          <span className="muted">Samples: </span>
          {column.samples.map((s, i) => (
            <code key={i}>{s}</code>
          ))}
        </p>
      )}
    </article>
  );
}

/** Cards drawn at first (a wide table has hundreds of columns); more on request. */
const CARDS_PER_PAGE = 40;

/** What profiling found in the version shown: the dataset, each column, and correlations. */
export function ProfilePanel({ versionId, versionName }: { versionId: string; versionName: string }) {
  const entry = useAnalysis((s) => s.versions[versionId]);
  const progress = useAnalysis((s) => s.progress[versionId]);
  const [find, setFind] = useState('');
  const [shown, setShown] = useState(CARDS_PER_PAGE);
  const profile = entry?.profile ?? null;

  let body: ReactNode;
  if (entry?.failure) {
    body = (
      <p className="field-error" role="alert">
        Profiling failed: {entry.failure}
      </p>
    );
  } else if (!profile && entry?.error) {
    body = (
      <p className="field-error" role="alert">
        {entry.error}
      </p>
    );
  } else if (!profile) {
    body = (
      <div className="profiling" role="status">
        {progress && progress.total > 0 ? (
          <>
            <progress aria-label={`Profiling ${versionName}`} value={progress.done} max={progress.total} />
            <span>
              Profiling… {formatCount(progress.done)} of {formatCount(progress.total)} rows read; the
              statistics appear here when they are ready.
            </span>
          </>
        ) : (
          <>
            <progress aria-label={`Profiling ${versionName}`} />
            <span>Profiling… the statistics appear here when they are ready.</span>
          </>
        )}
      </div>
    );
  } else {
    const needle = find.trim().toLowerCase();
    const columns = needle
      ? profile.columnProfiles.filter((c) => c.name.toLowerCase().includes(needle))
      : profile.columnProfiles;
    body = (
      <>
        <div role="group" aria-label="Dataset summary">
          <Summary profile={profile} />
        </div>
        {profile.correlation && profile.correlation.columns.length >= 2 && (
          <section aria-labelledby="correlation-heading" className="profile-section">
            <h3 id="correlation-heading" className="subheading">
              Correlation
            </h3>
            <CorrelationHeatmap columns={profile.correlation.columns} matrix={profile.correlation.matrix} />
          </section>
        )}
        <section aria-labelledby="columns-heading" className="profile-section">
          <div className="profile-columns-head">
            <h3 id="columns-heading" className="subheading">
              Columns
            </h3>
            {profile.columnProfiles.length > 6 && (
              <input
                type="search"
                className="profile-find"
                aria-label="Find a column"
                placeholder="Find a column"
                value={find}
                onChange={(e) => setFind(e.target.value)}
              />
            )}
          </div>
          {columns.length === 0 && <p className="muted small">No column matches “{find}”.</p>}
          <div className="column-cards">
            {columns.slice(0, shown).map((c) => (
              <ColumnCard key={c.name} column={c} />
            ))}
          </div>
          {columns.length > shown && (
            <button
              type="button"
              className="button small-button show-more"
              onClick={() => setShown((n) => n + CARDS_PER_PAGE)}
            >
              Show {Math.min(CARDS_PER_PAGE, columns.length - shown)} more of {columns.length} columns
            </button>
          )}
        </section>
        <p className="muted small">
          Profiled {plural(profile.rows, 'row')} in {formatCount(Math.round(profile.computedMs))} ms.
        </p>
      </>
    );
  }

  return (
    <section className="analysis-panel" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile of {versionName}</h2>
      {body}
    </section>
  );
}
