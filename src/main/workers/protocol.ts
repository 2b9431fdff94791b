import type { ErrorInfo } from '../../shared/result';

/** Messages between the supervisor and a worker process. One job per process. */
export type ToWorker = { type: 'run'; input: unknown } | { type: 'cancel' };

export type FromWorker =
  /** The job was received: from here on a lost process means the job itself was cut short. */
  | { type: 'started' }
  | { type: 'progress'; data: unknown }
  | { type: 'result'; data: unknown }
  | { type: 'error'; error: ErrorInfo };

export function isFromWorker(value: unknown): value is FromWorker {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'started' || type === 'progress' || type === 'result' || type === 'error';
}
