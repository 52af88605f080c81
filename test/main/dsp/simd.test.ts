/**
 * How the CLI and the host's workers choose the DSP path: the SIMD kernels by default, the plain
 * TypeScript path with CONVOLAB_SIMD=0 (the "plain" test project sets it) or where WebAssembly
 * SIMD is missing. Each project asserts its own side of the switch.
 */
import { describe, expect, it } from 'vitest';
import { loadSimd, preferredSimdModule, simdSwitchedOff } from '../../../src-main/dsp/simd';
import { convolve1d, convolve2d, gaussianKernel2d, rfft } from '../../../src-shared/dsp';
import { initSimd, relaxedSimdSupported, simdActive, simdCallCounts, simdModuleKind } from '../../../src-shared/dsp/simd/runtime';

function totalCalls(): number {
  return Object.values(simdCallCounts()).reduce((sum, count) => sum + count, 0);
}

function runSomeDsp(): void {
  const x = Float64Array.from({ length: 1 << 16 }, (_, i) => Math.sin(i * 0.01));
  rfft(x);
  convolve1d(x, x.subarray(0, 4096));
  convolve2d(new Float32Array(256 * 256).fill(1), 256, 256, gaussianKernel2d(3), 19, 19);
}

describe('choosing the DSP path', () => {
  it('CONVOLAB_SIMD=0, off or false switches the SIMD path off; anything else leaves it on', () => {
    for (const value of ['0', 'off', 'false', ' OFF ']) expect(simdSwitchedOff({ CONVOLAB_SIMD: value })).toBe(true);
    for (const value of [undefined, '1', 'on', '']) expect(simdSwitchedOff({ CONVOLAB_SIMD: value })).toBe(false);
  });

  it('the relaxed SIMD build where the runtime has relaxed SIMD, unless CONVOLAB_SIMD=plain-simd; else the plain SIMD build', () => {
    expect(preferredSimdModule({}, true)).toBe('relaxed');
    expect(preferredSimdModule({ CONVOLAB_SIMD: '1' }, true)).toBe('relaxed');
    expect(preferredSimdModule({ CONVOLAB_SIMD: ' Plain-SIMD ' }, true)).toBe('simd');
    expect(preferredSimdModule({}, false)).toBe('simd');
    expect(simdSwitchedOff({ CONVOLAB_SIMD: 'plain-simd' })).toBe(false);
  });

  if (simdSwitchedOff()) {
    it('with CONVOLAB_SIMD=0 the kernels stay unloaded and every DSP call takes the plain path', async () => {
      const status = await loadSimd();
      expect(status).toEqual({ active: false, reason: 'switched off by CONVOLAB_SIMD' });
      expect(simdActive()).toBe(false);
      runSomeDsp();
      expect(totalCalls()).toBe(0);
    });
  } else {
    it('by default the kernels load and the DSP calls take them', async () => {
      // The relaxed SIMD build where this runtime validates it (Node 20: only behind a flag).
      const module = relaxedSimdSupported() ? 'relaxed' : 'simd';
      expect(await loadSimd()).toEqual({ active: true, module });
      expect(simdModuleKind()).toBe(module);
      expect(simdActive()).toBe(true);
      runSomeDsp();
      const counts = simdCallCounts();
      expect(counts.rfft).toBeGreaterThan(0);
      expect((counts['convolve1d-overlap-add'] ?? 0) + (counts['convolve1d-direct'] ?? 0) + (counts.rfft ?? 0)).toBeGreaterThan(1);
      expect(counts['convolve2d-separable']).toBeGreaterThan(0);
    });
  }

  it('bytes that are not a WebAssembly SIMD module are refused and leave the current path in place', () => {
    const before = simdActive();
    expect(initSimd(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]))).toBe(false);
    expect(initSimd(new Uint8Array([1, 2, 3]))).toBe(false);
    expect(simdActive()).toBe(before);
  });
});
