/**
 * A signal convolution refused by the memory budget with method fft says when overlap-add (the
 * same numbers, one block at a time) fits: a long recording through a reverb is the case.
 */
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src-shared/data';
import { makeSignal } from '../../src-shared/data';
import { type ComputeContext, ResourceLimitError } from '../../src-shared/nodes/define';
import { runNode, testContext } from './harness';

const long = (n: number): Signal => makeSignal(Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7)), 0, 48000);

/** A budget of `limit` bytes in all, with the engine's wording. */
function budget(limit: number): ComputeContext & { asked: number[] } {
  const asked: number[] = [];
  return {
    ...testContext,
    asked,
    reserve: (bytes, what) => {
      asked.push(bytes);
      if (bytes > limit) throw new ResourceLimitError(`${what} would need ${bytes} bytes, over the limit: use smaller inputs or sizes`);
    },
  };
}

describe('op.convolve on signals against the budget', () => {
  it('method fft refused where overlap-add fits names overlap-add and what it needs; overlap-add then runs', async () => {
    const a = long(1 << 20);
    const b = long(2000);
    const context = budget(24 * 1024 ** 2);
    const refused = await runNode('op.convolve', { a, b }, { method: 'fft' }, context);
    expect(refused.ok).toBe(false);
    const blocks = context.asked.length;
    expect(refused.ok || refused.error).toMatch(/^a convolution of 1048576 × 2000 samples would need \d+ bytes, over the limit: use smaller inputs or sizes; method overlap-add gives the same result in \d+\.\d MiB: use it \(or auto\)$/);
    const done = await runNode('op.convolve', { a, b }, { method: 'overlap-add' }, context);
    expect(done.ok).toBe(true);
    expect(context.asked.at(-1)).toBe(context.asked[blocks - 1]);
    expect((refused.ok ? '' : refused.error)).toContain(`${(context.asked.at(-1)! / 1024 ** 2).toFixed(1)} MiB`);
  });

  it('does not name overlap-add when it would not fit either', async () => {
    const refused = await runNode('op.convolve', { a: long(1 << 20), b: long(2000) }, { method: 'fft' }, budget(4 * 1024 ** 2));
    expect(refused.ok || refused.error).toMatch(/^a convolution of 1048576 × 2000 samples would need \d+ bytes, over the limit: use smaller inputs or sizes$/);
  });

  it('a refusal overlap-add would not escape keeps the budget\'s words alone', async () => {
    const refused = await runNode('op.convolve', { a: long(1 << 16), b: long(1 << 16) }, { method: 'overlap-add' }, budget(1024));
    expect(refused.ok || refused.error).toMatch(/over the limit: use smaller inputs or sizes$/);
  });
});
