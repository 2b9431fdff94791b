import { useRef, useState, type FormEvent } from 'react';
import { DELIMITERS, type Dataset } from '../../../shared/datasets';
import { errorMessage } from '../../app/toasts';
import { Field } from '../../ui/Field';
import { Dialog } from '../../ui/Dialog';
import { CSV_ACCEPT } from './DatasetList';
import { datasetDialect, delimiterName } from './format';
import { reimport, sourceOf, type Delimiter, type SourceMemo } from './imports';

const ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'iso-8859-1',
  'iso-8859-15',
  'shift_jis',
  'gb18030',
  'big5',
  'euc-kr',
  'koi8-r',
  'windows-1251',
];

const SAMPLE_FILES: Record<string, SourceMemo> = {
  'customers.csv': { kind: 'sample', sample: 'customers' },
  'sensor_readings.csv': { kind: 'sample', sample: 'sensor_readings' },
};

/**
 * Imports the dataset's file again as a new dataset, with a chosen encoding or delimiter. The
 * file itself is kept in memory for the session; otherwise the person picks it again.
 */
export function ReimportDialog({
  workspaceId,
  dataset,
  onClose,
}: {
  workspaceId: string;
  dataset: Dataset;
  onClose(): void;
}) {
  const known = sourceOf(dataset.id) ?? SAMPLE_FILES[dataset.sourceName];
  const [picked, setPicked] = useState<File | null>(null);
  const [encoding, setEncoding] = useState(dataset.encoding);
  const [delimiter, setDelimiter] = useState<Delimiter | ''>(
    (DELIMITERS as readonly string[]).includes(dataset.delimiter) ? (dataset.delimiter as Delimiter) : '',
  );
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const source: SourceMemo | null = picked ? { kind: 'file', file: picked } : (known ?? null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!source) {
      setError(`Choose ${dataset.sourceName} again: Cairn only keeps dropped files until it is closed.`);
      return;
    }
    const enc = encoding.trim();
    void reimport(workspaceId, source, {
      ...(enc ? { encoding: enc } : {}),
      ...(delimiter ? { delimiter } : {}),
    });
    onClose();
  };

  return (
    <Dialog title="Re-import with…" onClose={onClose}>
      <form className="op-form" onSubmit={submit} noValidate>
        <p className="muted small">
          Imports {dataset.sourceName} again as a new dataset. It was read as {datasetDialect(dataset)}.
        </p>
        <Field label="Encoding" hint="Empty: detect it again.">
          {(p) => (
            <>
              <input
                {...p}
                list="cairn-encodings"
                value={encoding}
                onChange={(e) => setEncoding(e.target.value)}
              />
              <datalist id="cairn-encodings">
                {ENCODINGS.map((e) => (
                  <option key={e} value={e} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Delimiter">
          {(p) => (
            <select {...p} value={delimiter} onChange={(e) => setDelimiter(e.target.value as Delimiter | '')}>
              <option value="">Detect</option>
              {DELIMITERS.map((d) => (
                <option key={d} value={d}>
                  {delimiterName(d)} ({d === '\t' ? '⇥' : d})
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="inline-form">
          <span className="small">
            {source?.kind === 'file'
              ? `File: ${source.file.name}`
              : source?.kind === 'sample'
                ? 'The sample shipped with Cairn'
                : `${dataset.sourceName} is no longer in memory.`}
          </span>
          <button type="button" className="button" onClick={() => input.current?.click()}>
            {source ? 'Choose another file…' : 'Choose the file…'}
          </button>
          <input
            ref={input}
            type="file"
            accept={CSV_ACCEPT}
            hidden
            aria-label="File to re-import"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) {
                setPicked(file);
                setError(null);
              }
            }}
          />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary">
            Re-import
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function RenameDialog({
  initialName,
  onSubmit,
  onClose,
}: {
  initialName: string;
  onSubmit(name: string): Promise<unknown>;
  onClose(): void;
}) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('A dataset needs a name.');
      return;
    }
    setBusy(true);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title="Rename dataset" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={error ?? undefined}>
          {(p) => (
            <input
              {...p}
              autoFocus
              data-autofocus
              maxLength={200}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setError(null);
              }}
            />
          )}
        </Field>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
