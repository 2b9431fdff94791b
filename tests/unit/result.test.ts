import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CairnError, ERROR_CODES, fail, isCairnError, ok } from '../../src/shared/result';
import { describeIssues, errorInfoSchema } from '../../src/shared/result-schema';

describe('result envelope', () => {
  it('wraps a value as { ok: true, value }', () => {
    expect(ok(42)).toEqual({ ok: true, value: 42 });
  });

  it('omits details from a failure when none are given', () => {
    expect(fail('NOT_FOUND', 'gone')).toStrictEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'gone' },
    });
    expect(fail('CONFLICT', 'taken', { name: 'a' })).toStrictEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'taken', details: { name: 'a' } },
    });
  });

  it('has the closed list of error codes the renderer switches on', () => {
    expect(ERROR_CODES).toEqual([
      'VALIDATION',
      'NOT_FOUND',
      'CONFLICT',
      'CANCELLED',
      'TIMEOUT',
      'UNAVAILABLE',
      'FORBIDDEN',
      'INTERNAL',
    ]);
  });
});

describe('CairnError', () => {
  it('round-trips through ErrorInfo without a stack', () => {
    const error = new CairnError('CONFLICT', 'Name taken', { field: 'name' });
    const info = error.toInfo();
    expect(info).toStrictEqual({ code: 'CONFLICT', message: 'Name taken', details: { field: 'name' } });
    expect(JSON.stringify(info)).not.toContain('at ');
    const back = CairnError.fromInfo(info);
    expect(back).toBeInstanceOf(CairnError);
    expect(back).toBeInstanceOf(Error);
    expect(back.name).toBe('CairnError');
    expect(back.code).toBe('CONFLICT');
    expect(back.details).toEqual({ field: 'name' });
  });

  it('leaves details out of its info when it has none', () => {
    expect(new CairnError('TIMEOUT', 'slow').toInfo()).toStrictEqual({ code: 'TIMEOUT', message: 'slow' });
  });

  it('is recognised by isCairnError, a plain Error is not', () => {
    expect(isCairnError(new CairnError('INTERNAL', 'x'))).toBe(true);
    expect(isCairnError(new Error('x'))).toBe(false);
    expect(isCairnError({ code: 'INTERNAL', message: 'x' })).toBe(false);
  });
});

describe('errorInfoSchema and describeIssues', () => {
  it('accepts only known codes', () => {
    expect(errorInfoSchema.safeParse({ code: 'FORBIDDEN', message: 'no' }).success).toBe(true);
    expect(errorInfoSchema.safeParse({ code: 'TEAPOT', message: 'no' }).success).toBe(false);
  });

  it('lists each zod issue with its dotted path', () => {
    const schema = z.object({ a: z.object({ b: z.array(z.string()) }), c: z.number() });
    const result = schema.safeParse({ a: { b: ['x', 3] }, c: 'no' });
    expect(result.success).toBe(false);
    const issues = describeIssues(result.error as z.ZodError);
    expect(issues.map((i) => i.path)).toEqual(['a.b.1', 'c']);
    expect(issues.every((i) => typeof i.message === 'string' && i.message.length > 0)).toBe(true);
  });
});
