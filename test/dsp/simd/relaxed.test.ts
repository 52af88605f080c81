/**
 * The relaxed SIMD build of the kernels (fused multiply-add in the 2-D kernels, see
 * src-shared/dsp/simd/assembly/image2d.ts, and in the FFT kernels' complex multiplies,
 * assembly/complex.ts) against the f64 TypeScript path within the bound the kernels' comment
 * derives, and against the plain SIMD build (within twice it). 2-D: random sizes, odd widths,
 * images narrower than the kernel, every boundary and mode, strips, blocks and bands. FFT:
 * complex and real power-of-two 2^2 … 2^20, mixed radix, Bluestein, Rader, 2-D (rows, then the
 * column kernels), convolve1d by one transform and by overlap-add (relaxed-check.ts derives each
 * bound).
 * Run in this process where the runtime has relaxed SIMD; under Node 20, which has it only behind
 * a flag, in a child `node --experimental-wasm-relaxed-simd` running relaxed-check.ts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relaxedSimdSupported } from '../../../src-shared/dsp/simd/runtime';
import { type RelaxedReport, relaxedReport } from './relaxed-check';

let once: Promise<RelaxedReport> | undefined;

/** The check's report, computed once for both tests (the child takes several seconds). */
function report(): Promise<RelaxedReport> {
  once ??= compute();
  return once;
}

async function compute(): Promise<RelaxedReport> {
  if (relaxedSimdSupported()) return relaxedReport();
  const script = fileURLToPath(new URL('./relaxed-check.ts', import.meta.url));
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CONVOLAB_SIMD: '1' },
  });
  return JSON.parse(out) as RelaxedReport;
}

describe('the relaxed SIMD build (fused multiply-add in the 2-D and FFT kernels)', () => {
  it('loads where relaxed SIMD validates and stays within the f32 bound of the f64 path and twice it of the plain SIMD build', async () => {
    const r = await report();
    // This Node has relaxed SIMD natively or behind the flag: the check must really have run.
    expect(r.supported).toBe(true);
    expect(r.loaded).toBe('relaxed');
    expect(r.cases.filter((c) => c.pixels > 0).length).toBeGreaterThan(400);
    for (const c of r.cases) {
      if (c.pixels > 0) expect(c.calls, `${c.name} ran on the SIMD path`).toBeGreaterThan(0);
      expect(c.error, c.name).toBeLessThanOrEqual(c.bound);
      expect(c.apart, c.name).toBeLessThanOrEqual(2 * c.bound);
    }
    expect(r.tilingMismatches).toBe(0);
  });

  it('runs the FFT kernels fused where the machine fuses, each family within its error bound of the f64 path and twice it of the plain build', async () => {
    const r = await report();
    expect(r.loaded).toBe('relaxed');
    expect(r.fft.length).toBeGreaterThan(80);
    const differing = new Map<string, number>();
    for (const c of r.fft) {
      expect(c.calls, `${c.name} ran on the SIMD path (${c.family})`).toBeGreaterThan(0);
      expect(c.error, c.name).toBeLessThanOrEqual(c.bound);
      expect(c.plainError, `${c.name}, plain SIMD build`).toBeLessThanOrEqual(c.bound);
      expect(c.apart, c.name).toBeLessThanOrEqual(2 * c.bound);
      differing.set(c.family, (differing.get(c.family) ?? 0) + c.differing);
    }
    expect([...differing.keys()].sort()).toEqual(
      ['convolve1d-fft', 'convolve1d-overlap-add', 'fft', 'fft-bluestein', 'fft-mixed', 'fft2d', 'rfft', 'rfft-rader'],
    );
    // The pass before the last stage ran inside the scatter on the relaxed build where the plain
    // one runs it there (fft-pow2-fused-pass.test.ts): complex 2^log and real 2^(log + 1) at even
    // log 8 … 18 and odd 11 … 17.
    const fuses = (log: number): boolean => log <= 18 && (log % 2 === 0 ? log >= 8 : log >= 11);
    for (const c of r.fft.filter((f) => f.roundTripPlain !== undefined)) {
      const log = Number(c.name.split('^')[1]) - (c.family === 'rfft' ? 1 : 0);
      expect(c.fusedScatters, `${c.name}: the pass before the last stage in the scatter`).toBe(fuses(log) ? 1 : 0);
    }
    // The kernels fuse exactly where the runtime does (a hand-assembled relaxed_madd says which).
    expect(r.kernelFused).toBe(r.fused);
    if (r.fused) {
      // One rounding fewer per fused step changes low bits: every family's results must differ
      // from the plain build somewhere, or its kernels did not run fused.
      for (const [family, count] of differing) expect(count, `${family} differs from the plain build`).toBeGreaterThan(0);
      // Every complex power-of-two size with twiddle multiplies (n ≥ 16), and from 2^8 up in more
      // than an eighth of the 2n values (measured: about half).
      for (const c of r.fft.filter((f) => f.family === 'fft' && f.roundTripPlain !== undefined)) {
        const log = Number(c.name.split('^')[1]);
        if (log >= 4) expect(c.differing, c.name).toBeGreaterThan(0);
        if (log >= 8) expect(c.differing, c.name).toBeGreaterThan(2 ** log / 4);
      }
    } else {
      // Unfused relaxed_madd is the plain multiply then add: the same bits as the plain build.
      for (const c of r.fft) expect(c.differing, c.name).toBe(0);
    }
  });
});
