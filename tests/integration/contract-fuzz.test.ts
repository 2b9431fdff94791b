import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/shared/registry';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';
import { fuzzContracts, handlersSender, seedApp } from '../fuzz/run';

/**
 * The contract fuzzer through Handlers (no transport): generated invalid payloads for every
 * invoke and stream contract. Any INTERNAL answer, hang or throw fails. `npm run test:stress`
 * sends ten times as many through the real web host.
 */
const tempDir = useTempDirs();
const onCleanup = useCleanup();
const PER_CONTRACT = Number(process.env.CAIRN_FUZZ_PER_CONTRACT ?? 100);
const SEED = Number(process.env.CAIRN_FUZZ_SEED ?? 20261206);

describe('contract fuzzer (Handlers)', () => {
  it(`answers ${PER_CONTRACT} generated payloads per contract without INTERNAL, hang or crash`, async () => {
    const dir = tempDir();
    const app = await createTestApp(path.join(dir, 'data'));
    onCleanup(() => app.close());
    const ids = await seedApp(app, dir);
    const report = await fuzzContracts({
      send: handlersSender(app),
      ids,
      perContract: PER_CONTRACT,
      seed: SEED,
      timeoutMs: 15_000,
    });
    await app.services.datasets.idle();
    console.log(`contract fuzz (Handlers): ${JSON.stringify({ ...report, byChannel: undefined })}`);
    expect(report.failures).toEqual([]);
    const contracts = registry.all.filter((c) => c.kind !== 'event');
    expect(Object.keys(report.byChannel)).toHaveLength(contracts.length);
    for (const counts of Object.values(report.byChannel)) {
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(PER_CONTRACT);
    }
    // Most payloads are refused; some are accepted and really run, which is the point.
    expect(report.byCode.VALIDATION ?? 0).toBeGreaterThan(report.total / 2);
    expect(report.byCode.OK ?? 0).toBeGreaterThan(0);
    // Nothing leaked onto Object.prototype through a `__proto__` key.
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});
