/**
 * op.fft reserves what it allocates: the spectrum's two planes of n float64, a padded copy only
 * when the signal is shorter than n, and the transform's work areas (fftWorkBytes).
 */
import { describe, expect, it } from 'vitest';
import type { ComputeContext } from '../../src-shared/nodes/define';
import { fftWorkBytes } from '../../src-shared/nodes/common';
import { runNode, sig, testContext } from './harness';

function counting(): ComputeContext & { asked: number[] } {
  const asked: number[] = [];
  return { ...testContext, asked, reserve: (bytes) => void asked.push(bytes) };
}

describe('op.fft against the budget', () => {
  const values = Array.from({ length: 1000 }, (_, i) => Math.cos(i / 3) + (i % 7));

  it('an exact-size FFT reserves the spectrum and the work areas, no half spectrum or padded copy', async () => {
    const context = counting();
    const out = await runNode('op.fft', { in: sig(values) }, { size: 'exact' }, context);
    expect(out.ok && out.out.kind === 'spectrum' && [out.out.re.length, out.out.im.length]).toEqual([1000, 1000]);
    expect(context.asked).toEqual([16 * 1000 + fftWorkBytes(1000)]);
    // Bin 5 against the DFT's sum.
    let re = 0, im = 0;
    values.forEach((x, j) => { re += x * Math.cos((-2 * Math.PI * j * 5) / 1000); im += x * Math.sin((-2 * Math.PI * j * 5) / 1000); });
    expect(out.ok && out.out.kind === 'spectrum' && Math.hypot(out.out.re[5] - re, out.out.im[5] - im)).toBeLessThan(1e-9);
  });

  it('a padded FFT reserves the padded copy too', async () => {
    const context = counting();
    const out = await runNode('op.fft', { in: sig(values) }, { size: 'pow2' }, context);
    expect(out.ok && out.out.kind === 'spectrum' && out.out.re.length).toBe(1024);
    expect(context.asked).toEqual([24 * 1024 + fftWorkBytes(1024)]);
  });
});
