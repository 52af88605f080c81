import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BoundaryMode } from '../../src-shared/dsp';

/** Decodes a gen_dsp.py base64 little-endian float64 array. */
export function f64(b64: string): Float64Array {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readDoubleLE(8 * i);
  return out;
}

/** Decodes int16 steps of 1/1024 (exact in float64). */
export function i16Scaled(b64: string): Float64Array {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Float64Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(2 * i) / 1024;
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadFixtures(): any {
  const path = fileURLToPath(new URL('../fixtures/dsp/dsp.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** max |actual − expected| / max |expected| (absolute when expected is all zero). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let err = 0, scale = 0;
  for (let i = 0; i < expected.length; i++) {
    err = Math.max(err, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? err : err / scale;
}

/** Joint relative error of two complex arrays (re and im against one scale). */
export function complexError(re: ArrayLike<number>, im: ArrayLike<number>, eRe: ArrayLike<number>, eIm: ArrayLike<number>): number {
  if (re.length !== eRe.length || im.length !== eIm.length) return Infinity;
  let err = 0, scale = 0;
  for (let i = 0; i < eRe.length; i++) {
    err = Math.max(err, Math.abs(re[i] - eRe[i]), Math.abs(im[i] - eIm[i]));
    scale = Math.max(scale, Math.abs(eRe[i]), Math.abs(eIm[i]));
  }
  return scale === 0 ? err : err / scale;
}

/** max |actual − expected| / scale, where scale is the size of the terms summed (e.g. max|a|·Σ|b|). */
export function scaledError(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: number): number {
  if (actual.length !== expected.length) return Infinity;
  let err = 0;
  for (let i = 0; i < expected.length; i++) err = Math.max(err, Math.abs(actual[i] - expected[i]));
  return err === 0 ? 0 : err / Math.max(scale, 1e-300);
}

/** max|a| · Σ|b|: the bound on any output of a * b, the scale rounding errors are measured against. */
export function convolutionScale(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0, sb = 0;
  for (let i = 0; i < a.length; i++) ma = Math.max(ma, Math.abs(a[i]));
  for (let i = 0; i < b.length; i++) sb += Math.abs(b[i]);
  return ma * sb;
}

/** The DFT by its definition: X[k] = Σ x[j]·e^(−2πi·jk/n). */
export function naiveDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return { re: outRe, im: outIm };
}

/** n values in [−0.5, 0.5) from a linear congruential generator started at seed: the same signal on every run. */
export function seededSignal(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) x[i] = ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  return x;
}

/** The folded size along an axis of n samples under a boundary: the taps that can read distinct samples (foldKernelForSame). */
export function foldBound(n: number, boundary: BoundaryMode): number {
  return { zero: 2 * n - 1, reflect: 2 * n, nearest: 2 * n + 1, wrap: n }[boundary];
}

/**
 * Largest difference over the bound of any output, Σ|k| · max|x|: rounding in the float32 paths
 * scales with that sum, not with the output, which taps of both signs can cancel to nearly 0
 * (a 1 × 1 image under wrap is the kernel's sum times one pixel). A wrong fold misses whole taps.
 */
export function errorOverBound(got: ArrayLike<number>, want: ArrayLike<number>, kernel: ArrayLike<number>, input: ArrayLike<number>): number {
  let taps = 0, samples = 0, error = 0;
  for (let i = 0; i < kernel.length; i++) taps += Math.abs(kernel[i]!);
  for (let i = 0; i < input.length; i++) samples = Math.max(samples, Math.abs(input[i]!));
  for (let i = 0; i < want.length; i++) error = Math.max(error, Math.abs(got[i]! - want[i]!));
  return error / (taps * samples);
}
