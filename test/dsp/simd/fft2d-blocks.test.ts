/**
 * The 2-D FFT's SIMD path (simd/fft2d-simd.ts, the column kernels of assembly/columns.ts) against
 * the plain TypeScript path, the oracle, for shapes that select each way the column pass cuts its
 * work: several strips or one strip of the whole width, strips narrower than a cache line, odd
 * and even log2 of the height (a radix-8 or a radix-4 first stage), tall, wide and square
 * matrices, forward and inverse, at the default strip size and at others. And the column kernels
 * alone on a range of columns: difColumns then the inverse by ditColumns gives n times the input
 * back, and nothing outside the range changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fft2d, ifft2d } from '../../../src-shared/dsp';
import { pow2Plan } from '../../../src-shared/dsp/simd/fft-simd';
import { fft2dTuning } from '../../../src-shared/dsp/simd/fft2d-simd';
import { simdRuntime } from '../../../src-shared/dsp/simd/runtime';
import { withSimdSwitch } from '../../simd-switch';
import { complexError } from '../helpers';
import { onKernelsAtEverySize, viaSimd } from './on-kernels';

onKernelsAtEverySize();
const defaultStrip = fft2dTuning.stripBytes;
afterEach(() => {
  fft2dTuning.stripBytes = defaultStrip;
});

let seed = 4711;
function signal(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  return x;
}

/** Width × height, and how the column pass cuts it at the default strip size. */
const shapes: Array<[number, number, string]> = [
  [4, 4, 'one radix-4 stage, one strip of 4 columns'],
  [512, 8, 'one radix-8 stage, two strips of 256'],
  [1024, 16, 'four strips of 256'],
  [64, 64, 'one strip of the whole width'],
  [128, 32, 'odd log: a radix-8 stage then a radix-4 one'],
  [64, 128, 'odd log, tall'],
  [16, 512, 'one strip of 16 columns, odd log'],
  [4, 256, 'a strip narrower than a cache line'],
  [8, 1024, '8 columns of 1024 rows'],
  [256, 1024, 'one strip of 256 columns of 1024 rows, as at 1024²'],
  [32, 2048, '2048 rows, odd log (strips of 128 at this height)'],
];

describe('2-D FFT on the SIMD path against the plain path', () => {
  for (const [w, h, what] of shapes) {
    it(`${w}×${h} (${what}), forward and inverse`, () => {
      const re = signal(w * h), im = signal(w * h);
      const got = viaSimd('fft2d', () => fft2d(re, im, w, h));
      const want = withSimdSwitch(false, () => fft2d(re, im, w, h));
      expect(complexError(got.re, got.im, want.re, want.im)).toBeLessThan(1e-13);
      const back = viaSimd('fft2d', () => ifft2d(got.re, got.im, w, h));
      const plainBack = withSimdSwitch(false, () => ifft2d(got.re, got.im, w, h));
      expect(complexError(back.re, back.im, plainBack.re, plainBack.im)).toBeLessThan(1e-13);
      expect(complexError(back.re, back.im, re, im)).toBeLessThan(1e-13);
    });
  }

  it('gives the same result whatever the strip size (one cache line, a few, the whole width)', () => {
    const w = 128, h = 256, re = signal(w * h), im = signal(w * h);
    const want = withSimdSwitch(false, () => fft2d(re, im, w, h));
    for (const stripBytes of [16 * 1024, 64 * 1024, 512 * 1024, 4 * 1024 * 1024]) {
      fft2dTuning.stripBytes = stripBytes;
      const got = viaSimd('fft2d', () => fft2d(re, im, w, h));
      expect(complexError(got.re, got.im, want.re, want.im), `strip of ${stripBytes} bytes`).toBeLessThan(1e-13);
    }
  });
});

describe('column kernels on a range of columns', () => {
  // Height, and the columns [x0, x1) given to the kernels (bytes, multiples of 16).
  const cases: Array<[number, number, number]> = [[16, 0, 512], [64, 0, 64], [64, 32, 1024], [128, 16, 48], [512, 0, 256], [1024, 64, 96]];

  it('difColumns then ditColumns on the swapped planes give n times the input', () => {
    const rt = simdRuntime()!;
    for (const [n, x0, x1] of cases) {
      const log = Math.log2(n), width = 160, stride = 8 * width, plane = n * width;
      const plan = pow2Plan(rt, log)!;
      const re = signal(plane), im = signal(plane);
      rt.heap.withScratch(16 * plane, (base) => {
        const f64 = rt.heap.f64, zr = base, zi = base + 8 * plane;
        f64.set(re, zr / 8);
        f64.set(im, zi / 8);
        rt.kernels.difColumns(zr, zi, stride, log, plan.tables, x0, x1);
        // A column's forward transform, bit-reversed: check one column against Σ x[y]·w^(ky).
        const c = x0 / 8, r = (k: number) => parseInt(k.toString(2).padStart(log, '0').split('').reverse().join(''), 2);
        for (const k of [0, 1, n / 2 + 1, n - 1]) {
          let sr = 0, si = 0;
          for (let y = 0; y < n; y++) {
            const a = (-2 * Math.PI * ((k * y) % n)) / n;
            sr += re[y * width + c] * Math.cos(a) - im[y * width + c] * Math.sin(a);
            si += re[y * width + c] * Math.sin(a) + im[y * width + c] * Math.cos(a);
          }
          const at = r(k) * width + c;
          expect(Math.abs(f64[zr / 8 + at] - sr) + Math.abs(f64[zi / 8 + at] - si), `n ${n} bin ${k}`).toBeLessThan(1e-12 * n);
        }
        rt.kernels.ditColumns(zi, zr, stride, log, plan.tables, x0, x1);
        let err = 0;
        for (let y = 0; y < n; y++) {
          for (let x = 0; x < width; x++) {
            const inside = 8 * x >= x0 && 8 * x < x1, k = y * width + x;
            const wantR = inside ? n * re[k] : re[k], wantI = inside ? n * im[k] : im[k];
            err = Math.max(err, Math.abs(rt.heap.f64[zr / 8 + k] - wantR), Math.abs(rt.heap.f64[zi / 8 + k] - wantI));
          }
        }
        expect(err, `n ${n}, columns ${x0 / 8} … ${x1 / 8}`).toBeLessThan(1e-12 * n);
      });
    }
  });
});
