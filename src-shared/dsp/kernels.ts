/**
 * The kernels of NODES.md. 1-D kernels are centred (start −radius); 2-D kernels are row-major,
 * rows top to bottom, origin at the centre.
 */
import { planFft } from './fft';

/** exp(−i²/2σ²) at i = −radius..radius (radius default ceil(3σ)), normalised to sum 1 by default. */
export function gaussianKernel1d(sigma: number, radius = Math.ceil(3 * sigma), normalize = true): Float64Array {
  if (!(sigma > 0)) throw new RangeError(`Gaussian sigma must be > 0, got ${sigma}`);
  if (!Number.isInteger(radius) || radius < 0) throw new RangeError(`Gaussian radius must be an integer ≥ 0, got ${radius}`);
  const out = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-i * i) / (2 * sigma * sigma));
    out[i + radius] = v;
    sum += v;
  }
  if (normalize) for (let k = 0; k < out.length; k++) out[k] /= sum;
  return out;
}

/** The outer product of two gaussianKernel1d: (2r+1)² values, row-major, sums to 1 when normalised. */
export function gaussianKernel2d(sigma: number, radius = Math.ceil(3 * sigma), normalize = true): Float64Array {
  const g = gaussianKernel1d(sigma, radius, normalize);
  return outer(g, g);
}

/** column ⊗ row, row-major (column.length rows of row.length). */
export function outer(column: Float64Array, row: Float64Array): Float64Array {
  const out = new Float64Array(column.length * row.length);
  for (let y = 0; y < column.length; y++) for (let x = 0; x < row.length; x++) out[y * row.length + x] = column[y] * row[x];
  return out;
}

/** A size (or size × size) box of 1/size^dims: sums to 1. */
export function boxKernel(size: number, dims: 1 | 2 = 2): Float64Array {
  checkSize(size);
  const n = dims === 1 ? size : size * size;
  return new Float64Array(n).fill(1 / n);
}

/** 1 at the centre (index floor(size/2) per axis), 0 elsewhere. */
export function identityKernel(size: number, dims: 1 | 2 = 2): Float64Array {
  checkSize(size);
  const c = Math.floor(size / 2);
  if (dims === 1) {
    const out = new Float64Array(size);
    out[c] = 1;
    return out;
  }
  const out = new Float64Array(size * size);
  out[c * size + c] = 1;
  return out;
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`kernel size must be an integer ≥ 1, got ${size}`);
}

/** 3×3 Laplacian (positive centre): 4 → [[0,−1,0],[−1,4,−1],[0,−1,0]]; 8 → 8 in the centre, −1 around. */
export function laplacianKernel(variant: 4 | 8 = 4): Float64Array {
  return variant === 8
    ? Float64Array.of(-1, -1, -1, -1, 8, -1, -1, -1, -1)
    : Float64Array.of(0, -1, 0, -1, 4, -1, 0, -1, 0);
}

/** Sobel: x = [[−1,0,1],[−2,0,2],[−1,0,1]] (rows top to bottom), y its transpose. */
export function sobelKernel(direction: 'x' | 'y' = 'x'): Float64Array {
  return direction === 'y'
    ? Float64Array.of(-1, -2, -1, 0, 0, 0, 1, 2, 1)
    : Float64Array.of(-1, 0, 1, -2, 0, 2, -1, 0, 1);
}

/** identity + amount · laplacian(4): centre 1 + 4·amount, the four neighbours −amount. */
export function sharpenKernel(amount = 1): Float64Array {
  const lap = laplacianKernel(4);
  const out = identityKernel(3, 2);
  for (let k = 0; k < 9; k++) out[k] += amount * lap[k];
  return out;
}

export type RampWindow = 'ram-lak' | 'shepp-logan' | 'cosine' | 'hamming' | 'hann';

/**
 * The frequency window of the ramp filter at normalised frequency f (cycles per sample,
 * |f| ≤ 1/2): ram-lak 1; shepp-logan sinc(f) = sin(πf)/(πf); cosine cos(πf);
 * hamming 0.54 + 0.46·cos(2πf); hann 0.5 + 0.5·cos(2πf). (These are the continuous forms of
 * skimage's iradon windows.)
 */
export function rampWindow(window: RampWindow, f: number): number {
  switch (window) {
    case 'ram-lak': return 1;
    case 'shepp-logan': return f === 0 ? 1 : Math.sin(Math.PI * f) / (Math.PI * f);
    case 'cosine': return Math.cos(Math.PI * f);
    case 'hamming': return 0.54 + 0.46 * Math.cos(2 * Math.PI * f);
    case 'hann': return 0.5 + 0.5 * Math.cos(2 * Math.PI * f);
    default: throw new RangeError(`unknown ramp window '${String(window)}'`);
  }
}

/** The unwindowed spatial ramp at offset k: 1/4 at 0, −1/(πk)² at odd k, 0 at even k ≠ 0. */
export function rampTap(k: number): number {
  if (k === 0) return 0.25;
  if (k % 2 === 0) return 0;
  return -1 / (Math.PI * k) ** 2;
}

/**
 * The spatial ramp filter of odd `size`, centred (index (size−1)/2 is offset 0).
 * Windowing is done in frequency: with N = size and h the unwindowed taps placed circularly
 * (offset k at index k mod N), H = DFT_N(h) (real, since h is even), and the result is
 * h_w = IDFT_N(H[m] · W(f_m)) with f_m = m/N wrapped to [−1/2, 1/2). For 'ram-lak' (W = 1) this
 * returns exactly the taps rampTap(k).
 */
export function rampKernel(size = 257, window: RampWindow = 'ram-lak'): Float64Array {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) throw new RangeError(`ramp kernel size must be odd, got ${size}`);
  const half = (size - 1) / 2;
  const out = new Float64Array(size);
  if (window === 'ram-lak') {
    for (let k = -half; k <= half; k++) out[k + half] = rampTap(k);
    return out;
  }
  const re = new Float64Array(size), im = new Float64Array(size);
  for (let k = -half; k <= half; k++) re[(k + size) % size] = rampTap(k);
  const plan = planFft(size);
  plan.forward(re, im, re, im);
  for (let m = 0; m < size; m++) {
    const f = (m <= half ? m : m - size) / size;
    const w = rampWindow(window, f);
    re[m] *= w;
    im[m] *= w;
  }
  plan.inverse(re, im, re, im);
  for (let k = -half; k <= half; k++) out[k + half] = re[(k + size) % size];
  return out;
}
