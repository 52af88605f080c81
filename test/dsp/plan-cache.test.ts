/**
 * FFT plans stay within their memory bound however many lengths a session meets, and every
 * transform is still right after its plan was forgotten and built again — on the plain path and
 * on the SIMD path (whose plan area starts afresh past the bound). Before the bound, sweeping n
 * from 1000 to 5000 held 1.7 GB of plain tables and 850 MB of WebAssembly memory.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dspWasmBase64 } from '../../src-main/dsp/dsp-wasm.generated.js';
import { cachedPlanBytes, planFft, planRealFft } from '../../src-shared/dsp/fft';
import { PlanCache, planLimits, tableBytes } from '../../src-shared/dsp/plan-cache';
import { naiveDft } from './helpers';
import { defaultSimdThresholds, initSimd, setSimdEnabled, simdCallCounts, simdRuntime, simdThresholds } from '../../src-shared/dsp/simd/runtime';

function maxError(a: Float64Array, b: Float64Array): number {
  let error = 0;
  for (let i = 0; i < a.length; i++) error = Math.max(error, Math.abs(a[i] - b[i]));
  return error;
}

let seed = 7;
const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;

describe('PlanCache', () => {
  const plan = (bytes: number) => ({ table: new Float64Array(bytes / 8) });

  it('forgets the least recently used plans once their tables pass the bound, keeping the newest', () => {
    const cache = new PlanCache<{ table: Float64Array }>(() => 1000);
    cache.set(1, plan(400));
    cache.set(2, plan(400));
    expect(cache.get(1)).toBeDefined(); // 1 is now the most recent
    cache.set(3, plan(400));
    expect([cache.get(1) !== undefined, cache.get(2) !== undefined, cache.get(3) !== undefined]).toEqual([true, false, true]);
    expect(cache.bytes).toBe(800);
    // A plan over the bound on its own is kept: it is about to be used.
    cache.set(4, plan(4000));
    expect(cache.size).toBe(1);
    expect(cache.get(4)?.table.length).toBe(500);
    expect(cache.bytes).toBe(4000);
  });

  it('measures a plan by the typed arrays in its fields, arrays and inner objects, each once', () => {
    const shared = new Float64Array(10);
    const inner = { twiddles: new Float32Array(4), again: shared };
    expect(tableBytes({ rev: new Uint32Array(8), tables: [new Float64Array(2), shared], inner, n: 8, name: 'plan' })).toBe(32 + 16 + 80 + 16);
  });
});

describe('FFT plans over thousands of lengths', () => {
  const bound = 4 * 1024 * 1024;
  const saved = planLimits.bytes;
  afterEach(() => {
    planLimits.bytes = saved;
  });

  function sweep(lengths: number[], check: (n: number) => void): number {
    let most = 0;
    for (const [index, n] of lengths.entries()) {
      const re = Float64Array.from({ length: n }, random);
      const im = Float64Array.from({ length: n }, random);
      const outRe = new Float64Array(n);
      const outIm = new Float64Array(n);
      planFft(n).forward(re, im, outRe, outIm);
      const real = planRealFft(n);
      const bins = new Float64Array(real.bins);
      real.forward(re, bins, new Float64Array(real.bins));
      if (index % 97 === 0) {
        const expected = naiveDft(re, im);
        expect(maxError(outRe, expected.re) / n, `n = ${n}`).toBeLessThan(1e-12);
        expect(maxError(outIm, expected.im) / n, `n = ${n}`).toBeLessThan(1e-12);
      }
      check(n);
      most = Math.max(most, cachedPlanBytes());
    }
    return most;
  }

  it('keeps the plain path\'s plans within the bound and transforms right after rebuilding them', () => {
    planLimits.bytes = bound;
    setSimdEnabled(false);
    try {
      // 500 lengths of plans of 100–400 KB: the bound is passed a dozen times over.
      const lengths = Array.from({ length: 500 }, (_, i) => 1000 + ((i * 7919) % 3000));
      // Three caches, each within the bound plus the one plan just made (at most about 400 KB here).
      const most = sweep(lengths, () => undefined);
      expect(most).toBeLessThan(3 * (bound + 1024 * 1024));
      // The same lengths again: plans forgotten on the way are built again and still right.
      sweep(lengths.slice(0, 200).reverse(), () => undefined);
    } finally {
      setSimdEnabled(true);
    }
  });

  describe('on the SIMD path', () => {
    beforeAll(() => {
      // The kernels whatever CONVOLAB_SIMD says, as test/dsp/simd does; every size takes them.
      expect(initSimd(new Uint8Array(Buffer.from(dspWasmBase64, 'base64')))).toBe(true);
    });
    afterEach(() => {
      Object.assign(simdThresholds, defaultSimdThresholds);
    });

    it('builds no plain tables for a length the SIMD kernels take, and builds them when the plain path is asked', () => {
      for (const key of Object.keys(simdThresholds) as (keyof typeof simdThresholds)[]) simdThresholds[key] = 1;
      setSimdEnabled(true);
      // A power of two, a 5-smooth length (mixed radix) and a prime (Bluestein; Rader for real input).
      // The real transform of an even n whose half is no power of two runs the plain half-length
      // trick around the SIMD complex kernel: it needs its tables, so 12288 transforms complex only.
      for (const n of [16384, 12288, 8209]) {
        const realToo = n !== 12288;
        const re = Float64Array.from({ length: n }, random), im = Float64Array.from({ length: n }, random);
        const before = cachedPlanBytes();
        const simd = { re: new Float64Array(n), im: new Float64Array(n) };
        planFft(n).forward(re, im, simd.re, simd.im);
        const real = planRealFft(n);
        const simdBins = { re: new Float64Array(real.bins), im: new Float64Array(real.bins) };
        if (realToo) real.forward(re, simdBins.re, simdBins.im);
        // The plans themselves are a few fields; their tables (8n bytes and more) were never made.
        expect(cachedPlanBytes() - before, `n = ${n}`).toBeLessThan(1024);
        setSimdEnabled(false);
        try {
          const plain = { re: new Float64Array(n), im: new Float64Array(n) };
          planFft(n).forward(re, im, plain.re, plain.im);
          const plainBins = { re: new Float64Array(real.bins), im: new Float64Array(real.bins) };
          if (realToo) real.forward(re, plainBins.re, plainBins.im);
          // Made now, and measured: the cache's bound sees them.
          expect(cachedPlanBytes() - before, `n = ${n}`).toBeGreaterThan(8 * n);
          expect(maxError(plain.re, simd.re) / n, `n = ${n}`).toBeLessThan(1e-12);
          expect(maxError(plain.im, simd.im) / n, `n = ${n}`).toBeLessThan(1e-12);
          expect(maxError(plainBins.re, simdBins.re) / n, `n = ${n}`).toBeLessThan(1e-12);
        } finally {
          setSimdEnabled(true);
        }
      }
    });

    it('starts the plan area afresh past the bound, so the module\'s memory stops growing, and transforms stay right', () => {
      planLimits.bytes = bound;
      for (const key of Object.keys(simdThresholds) as (keyof typeof simdThresholds)[]) simdThresholds[key] = 1;
      setSimdEnabled(true);
      const before = simdCallCounts()['fft-bluestein'] ?? 0;
      let largestPlanArea = 0;
      const lengths = Array.from({ length: 500 }, (_, i) => 1001 + 2 * ((i * 7919) % 1500));
      sweep(lengths, () => {
        largestPlanArea = Math.max(largestPlanArea, simdRuntime()!.heap.planBytes);
      });
      expect((simdCallCounts()['fft-bluestein'] ?? 0) - before).toBeGreaterThan(300);
      // Within the bound plus the plans of one call (a Bluestein plan of n ≈ 4000: about 300 KB).
      expect(largestPlanArea).toBeLessThan(bound + 1024 * 1024);
      const memory = simdRuntime()!.kernels.memory.buffer.byteLength;
      // The module's memory: the plan area, one call's scratch, and the growth step (a quarter).
      expect(memory).toBeLessThan(2 * bound);
    });
  });
});
