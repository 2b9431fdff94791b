/**
 * Result envelope and errors. Kept free of zod so the renderer can import it without the
 * schema library.
 *
 * The closed set of error codes a caller can act on. The renderer switches on these, so adding
 * one is a contract change: keep the list short and meaningful.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'CANCELLED',
  'TIMEOUT',
  'UNAVAILABLE',
  'FORBIDDEN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: unknown): Result<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

/**
 * The one error type services throw on purpose. Anything else reaching a transport is a bug and
 * is reported as INTERNAL without its stack.
 */
export class CairnError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'CairnError';
    this.code = code;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromInfo(info: ErrorInfo): CairnError {
    return new CairnError(info.code, info.message, info.details);
  }
}

export function isCairnError(value: unknown): value is CairnError {
  return value instanceof CairnError;
}
