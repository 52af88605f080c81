/**
 * What the teaching views need computed from values the engine holds: the equivalence check's
 * residual and measures (lined up exactly as op.compare lines them up), and a kernel's frequency
 * response. Runs in the engine worker; the renderer only draws the result.
 */
import type { Image, Signal, Spectrum, Spectrum2D, Value, Volume } from '../data';
import { fft2d, nextPowerOfTwo, rfft } from '../dsp';
import { DEFAULT_MEMORY_LIMIT, formatBytes } from './engine';
import { alignImages, alignSignals, alignVolumes, describeSize } from '../nodes/common';
import type {
  CompareOptions,
  CompareStats,
  Comparison,
  FilterCharacter,
  FrequencyResponse,
  ResponseOptions,
} from '../protocol';
import { arrayPlanes, downscaleByFactor } from '../dsp/downscale';
import { response3d } from '../dsp/response3d';
import { ownBuffer } from './full-value';

/** The measures of a − b; for complex values pass both parts (|a − b| is then the complex modulus). */
export function compareStats(
  aRe: ArrayLike<number>,
  bRe: ArrayLike<number>,
  aIm?: ArrayLike<number>,
  bIm?: ArrayLike<number>,
): CompareStats {
  let maxAbs = 0;
  let residualEnergy = 0;
  let energy = 0;
  let peak = 0;
  let identical = true;
  for (let i = 0; i < aRe.length; i++) {
    const dRe = aRe[i]! - bRe[i]!;
    const dIm = aIm && bIm ? aIm[i]! - bIm[i]! : 0;
    const d = Math.hypot(dRe, dIm);
    if (!(d <= maxAbs)) maxAbs = d; // NaN propagates as a mismatch, as in op.compare
    if (d !== 0) identical = false;
    residualEnergy += d * d;
    const m = Math.hypot(aRe[i]!, aIm ? aIm[i]! : 0);
    energy += m * m;
    if (m > peak) peak = m;
  }
  const count = aRe.length;
  const snr = 10 * Math.log10(energy / residualEnergy);
  return {
    maxAbsError: maxAbs,
    rmsError: count > 0 ? Math.sqrt(residualEnergy / count) : 0,
    relError: peak > 0 ? maxAbs / peak : maxAbs,
    snrDb: Number.isFinite(snr) ? snr : null,
    identical,
    count,
  };
}

function magnitudes(re: Float64Array, im: Float64Array): Float64Array {
  const out = new Float64Array(re.length);
  for (let i = 0; i < re.length; i++) out[i] = Math.hypot(re[i]!, im[i]!);
  return out;
}

function differenceMagnitudes(a: Spectrum | Spectrum2D, b: Spectrum | Spectrum2D): Float64Array {
  const out = new Float64Array(a.re.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(a.re[i]! - b.re[i]!, a.im[i]! - b.im[i]!);
  return out;
}

function signalComparison(
  kind: 'signal' | 'spectrum',
  start: number,
  rate: number,
  a: Float64Array,
  b: Float64Array,
  residual: Float64Array,
  stats: CompareStats,
  maxPoints: number,
): Comparison {
  const step = Math.max(1, Math.ceil(a.length / maxPoints));
  return { kind, start, rate, length: a.length, step, ...worstOfEach(a, b, residual, step), stats };
}

/**
 * a, b and their residual reduced by `step`: entry i is the sample of [i·step, (i+1)·step)
 * where |residual| is largest (a NaN first: a mismatch, as compareStats counts it), with a and b
 * at that same sample. Every step-th sample alone would miss where the two disagree most; this
 * way the residual plot's peak is the printed max error.
 */
export function worstOfEach(a: Float64Array, b: Float64Array, residual: Float64Array, step: number): { a: Float64Array; b: Float64Array; residual: Float64Array } {
  if (step === 1) return { a: ownBuffer(a), b: ownBuffer(b), residual: ownBuffer(residual) };
  const entries = Math.ceil(a.length / step);
  const out = { a: new Float64Array(entries), b: new Float64Array(entries), residual: new Float64Array(entries) };
  for (let e = 0; e < entries; e++) {
    const from = e * step;
    const end = Math.min(a.length, from + step);
    let at = from;
    let worst = Math.abs(residual[from]!);
    for (let i = from + 1; i < end && worst === worst; i++) {
      const d = Math.abs(residual[i]!);
      if (!(d <= worst)) {
        worst = d;
        at = i;
      }
    }
    out.a[e] = a[at]!;
    out.b[e] = b[at]!;
    out.residual[e] = residual[at]!;
  }
  return out;
}

function imageComparison(
  width: number,
  height: number,
  channels: number,
  origin: { x: number; y: number },
  planes: { a: Float64Array; b: Float64Array; residual: Float64Array },
  stats: CompareStats,
  fromSpectrum: boolean,
  maxSide: number,
  plane?: { axis: 'z'; index: number; last: number },
): Comparison {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  const shrink = (data: Float64Array) => downscaleByFactor(arrayPlanes(data, width, height, channels), factor);
  const a = shrink(planes.a);
  return {
    kind: 'image',
    fullWidth: width,
    fullHeight: height,
    width: a.width,
    height: a.height,
    channels,
    origin,
    fromSpectrum,
    ...(plane ? { plane } : {}),
    a: ownBuffer(a.data),
    b: ownBuffer(shrink(planes.b).data),
    residual: ownBuffer(shrink(planes.residual).data),
    stats,
  };
}

function subtract(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

/**
 * The view's aligned arrays are bounded as a node's are, by the engine's memory limit (`budget`):
 * far-apart starts span a long union.
 */
function reserveWithin(budget: number): (bytes: number, what: string) => void {
  return (bytes, what) => {
    if (bytes > budget) throw new Error(`${what} would need ${formatBytes(bytes)}, over the ${formatBytes(budget)} limit`);
  };
}

/** a, b and a − b for the equivalence view, or the reason they cannot be compared; `budget` is the engine's memory limit. */
export function compareDetail(a: Value, b: Value, options: CompareOptions = {}, budget: number = DEFAULT_MEMORY_LIMIT): Comparison | string {
  const reserve = reserveWithin(budget);
  const maxPoints = options.maxPoints ?? 1 << 16;
  const maxSide = options.maxSide ?? 512;
  if (a.kind === 'signal' && b.kind === 'signal') {
    const aligned = alignSignals(a, b, reserve);
    const stats = compareStats(aligned.a, aligned.b);
    return signalComparison('signal', aligned.start, a.rate, aligned.a, aligned.b, subtract(aligned.a, aligned.b), stats, maxPoints);
  }
  if (a.kind === 'image' && b.kind === 'image') {
    if (a.channels !== b.channels) return `a has ${a.channels} channels and b ${b.channels}: compare images with the same channels`;
    const aligned = alignImages(a, b, reserve);
    const stats = compareStats(aligned.a, aligned.b);
    const planes = { a: aligned.a, b: aligned.b, residual: subtract(aligned.a, aligned.b) };
    return imageComparison(aligned.width, aligned.height, a.channels, aligned.origin, planes, stats, false, maxSide);
  }
  if (a.kind === 'volume' && b.kind === 'volume') {
    // The measures over every voxel, as op.compare takes them; the pictures are the middle z plane of the union.
    const aligned = alignVolumes(a, b, reserve);
    if (typeof aligned === 'string') return aligned;
    const { width, height, depth } = aligned;
    const stats = compareStats(aligned.a, aligned.b);
    const plane = width * height;
    const middle = (data: Float32Array) => {
      const out = new Float64Array(plane * a.channels);
      for (let c = 0; c < a.channels; c++) out.set(data.subarray((c * depth + Math.floor(depth / 2)) * plane, (c * depth + Math.floor(depth / 2) + 1) * plane), c * plane);
      return out;
    };
    const planeA = middle(aligned.a);
    const planeB = middle(aligned.b);
    const planes = { a: planeA, b: planeB, residual: subtract(planeA, planeB) };
    const shown = { axis: 'z' as const, index: Math.floor(depth / 2), last: depth - 1 };
    return imageComparison(width, height, a.channels, { x: aligned.origin.x, y: aligned.origin.y }, planes, stats, false, maxSide, shown);
  }
  if (a.kind === 'spectrum' && b.kind === 'spectrum') {
    if (a.re.length !== b.re.length) return `sizes differ: a has ${describeSize(a)}, b has ${describeSize(b)}: take both FFTs with the same size`;
    const stats = compareStats(a.re, b.re, a.im, b.im);
    return signalComparison('spectrum', 0, a.rate, magnitudes(a.re, a.im), magnitudes(b.re, b.im), differenceMagnitudes(a, b), stats, maxPoints);
  }
  if (a.kind === 'spectrum2d' && b.kind === 'spectrum2d') {
    if (a.width !== b.width || a.height !== b.height) return `sizes differ: a has ${describeSize(a)}, b has ${describeSize(b)}: take both FFTs with the same size`;
    const stats = compareStats(a.re, b.re, a.im, b.im);
    const planes = { a: magnitudes(a.re, a.im), b: magnitudes(b.re, b.im), residual: differenceMagnitudes(a, b) };
    return imageComparison(a.width, a.height, 1, { x: 0, y: 0 }, planes, stats, true, maxSide);
  }
  if (a.kind === 'value' && b.kind === 'value') {
    const names = [...new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])];
    const left = names.map((name) => a.fields[name] ?? 0);
    const right = names.map((name) => b.fields[name] ?? 0);
    return { kind: 'value', names, a: left, b: right, stats: compareStats(left, right) };
  }
  return `a and b must carry the same type (got ${a.kind} and ${b.kind})`;
}

/**
 * Names what |H| does, from its gain at DC, at the highest frequency and its peak: blur
 * (low-pass), edges (high-pass: the Laplacian, the ramp), gradients (band-pass: Sobel),
 * sharpening (high-boost: gain above 1 at high frequencies, 1 at DC), identity (all-pass).
 */
export function filterCharacter(dc: number, nyquist: number, peak: number, floor: number): FilterCharacter {
  if (!(peak > 0)) return 'other';
  if (floor >= 0.98 * peak) return 'all-pass';
  if (dc >= 0.7 * peak && nyquist <= 0.3 * dc) return 'low-pass';
  if (dc <= 0.1 * peak) return nyquist >= 0.5 * peak ? 'high-pass' : 'band-pass';
  if (nyquist >= 1.5 * dc) return 'high-boost';
  return 'other';
}

function summarise(values: ArrayLike<number>, dc: number, nyquist: number) {
  let peak = 0;
  let floor = Infinity;
  for (let i = 0; i < values.length; i++) {
    peak = Math.max(peak, values[i]!);
    floor = Math.min(floor, values[i]!);
  }
  return { character: filterCharacter(dc, nyquist, peak, floor), dcGain: dc, nyquistGain: nyquist, peakGain: peak };
}

/** |DFT| of a 1-D kernel zero-padded to `size`, centred (entry i is bin i − floor(size/2)). */
export function response1d(kernel: Signal, size: number): Float64Array {
  const padded = new Float64Array(size);
  padded.set(kernel.data.subarray(0, size));
  const half = rfft(padded);
  const out = new Float64Array(size);
  const middle = Math.floor(size / 2);
  for (let i = 0; i < size; i++) {
    const k = i - middle;
    // A real kernel's spectrum is Hermitian: |H(−f)| = |H(f)|.
    const bin = Math.abs(k);
    out[i] = Math.hypot(half.re[bin]!, half.im[bin]!);
  }
  return out;
}

/** |DFT| of a 2-D kernel zero-padded to size × size, centred on both axes, rows top to bottom. */
export function response2d(kernel: Image, size: number): Float32Array {
  const re = new Float64Array(size * size);
  for (let y = 0; y < Math.min(kernel.height, size); y++) {
    for (let x = 0; x < Math.min(kernel.width, size); x++) re[y * size + x] = kernel.data[y * kernel.width + x]!;
  }
  const im = new Float64Array(size * size);
  // In place: the padded kernel is a working array, and new ones keep the engine's pool out of it.
  const spectrum = fft2d(re, im, size, size, { re, im });
  const out = new Float32Array(size * size);
  const middle = Math.floor(size / 2);
  for (let row = 0; row < size; row++) {
    const v = (row - middle + size) % size;
    for (let column = 0; column < size; column++) {
      const u = (column - middle + size) % size;
      out[row * size + column] = Math.hypot(spectrum.re[v * size + u]!, spectrum.im[v * size + u]!);
    }
  }
  return out;
}

/**
 * Bytes a response's working arrays take at once: 1-D, the padded kernel, its half spectrum and
 * |H| in doubles (and the FFT's own); 2-D and 3-D, the padded kernel's real and imaginary parts in
 * doubles and |H| in floats, over the whole size² or size³ grid.
 */
const RESPONSE_BYTES_PER_POINT = { 1: 32, 2: 20, 3: 20 } as const;

/**
 * Why a response on `points` DFT points would not fit `budget`, or undefined. The grid grows with
 * the kernel's longest side — squared for an image — so a one-row kernel of 20,000 taps (a few
 * hundred kilobytes in a graph file) asked for 400 million points, gigabytes outside any budget.
 */
function responseOverBudget(dims: 1 | 2 | 3, points: number, grid: string, kernel: string, budget: number): string | undefined {
  const bytes = points * RESPONSE_BYTES_PER_POINT[dims];
  if (bytes <= budget) return undefined;
  return `the kernel is ${kernel}: its frequency response on a ${grid} grid would need ${formatBytes(bytes)}, over the ${formatBytes(budget)} limit: the response is shown for smaller kernels (fewer taps along the longest side)`;
}

/**
 * The frequency response of a kernel value, or why there is none. Its working arrays are held
 * while it is computed, besides what the run holds: past `budget` (the engine's memory limit) it
 * is refused before anything is allocated.
 */
export function frequencyResponse(value: Value, options: ResponseOptions = {}, budget: number = DEFAULT_MEMORY_LIMIT): FrequencyResponse | string {
  if (value.kind === 'signal') {
    const taps = value.data.length;
    if (taps === 0) return 'the kernel is empty';
    const size = Math.max(options.size ?? Math.max(512, nextPowerOfTwo(4 * taps)), taps);
    const over = responseOverBudget(1, size, `${size}-point`, `${taps} taps long`, budget);
    if (over) return over;
    const magnitude = response1d(value, size);
    const middle = Math.floor(size / 2);
    return { kind: 'response1d', taps, size, rate: value.rate, magnitude: ownBuffer(magnitude), ...summarise(magnitude, magnitude[middle]!, magnitude[0]!) };
  }
  if (value.kind === 'image') {
    if (value.channels !== 1) return `the kernel has ${value.channels} channels: its response is shown for one-channel kernels`;
    const side = Math.max(value.width, value.height);
    if (side === 0) return 'the kernel is empty';
    const size = Math.max(options.size ?? Math.min(512, Math.max(64, nextPowerOfTwo(4 * side))), side);
    const over = responseOverBudget(2, size * size, `${size} × ${size}`, `${value.width} × ${value.height}`, budget);
    if (over) return over;
    const magnitude = response2d(value, size);
    const middle = Math.floor(size / 2);
    return {
      kind: 'response2d',
      kernelWidth: value.width,
      kernelHeight: value.height,
      size,
      magnitude: ownBuffer(magnitude),
      ...summarise(magnitude, magnitude[middle * size + middle]!, magnitude[0]!),
    };
  }
  if (value.kind === 'volume') return volumeResponse(value, options, budget);
  return `a frequency response is shown for kernels (signals, images and volumes), not for ${value.kind === 'value' ? 'a value record' : `a ${value.kind}`}`;
}

/** The largest side of a 3-D kernel whose |H| is computed (its size³ DFT is held whole). */
export const RESPONSE3D_MAX_SIZE = 128;

/**
 * |H| of a 3-D kernel zero-padded to size³ (response3d), sent as its three planes through DC —
 * fz = 0, fy = 0, fx = 0 — each size × size: a cube of them would be size times larger, and a
 * kernel's response is read on those planes as a 2-D kernel's is on its one.
 */
function volumeResponse(value: Volume, options: ResponseOptions, budget: number): FrequencyResponse | string {
  if (value.channels !== 1) return `the kernel has ${value.channels} channels: its response is shown for one-channel kernels`;
  const side = Math.max(value.width, value.height, value.depth);
  if (side === 0) return 'the kernel is empty';
  if (side > RESPONSE3D_MAX_SIZE) return `the kernel is ${value.width} × ${value.height} × ${value.depth}: a 3-D response is shown for kernels up to ${RESPONSE3D_MAX_SIZE} a side`;
  const size = Math.min(RESPONSE3D_MAX_SIZE, Math.max(options.size ?? Math.min(64, Math.max(16, nextPowerOfTwo(2 * side))), side));
  const over = responseOverBudget(3, size ** 3, `${size}³`, `${value.width} × ${value.height} × ${value.depth}`, budget);
  if (over) return over;
  const magnitude = response3d(value.data, value.width, value.height, value.depth, size);
  const middle = Math.floor(size / 2), plane = size * size;
  const planes = new Float32Array(3 * plane);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      // Rows a, columns b: (fy, fx) at fz = 0; (fz, fx) at fy = 0; (fz, fy) at fx = 0.
      planes[a * size + b] = magnitude[(middle * size + a) * size + b]!;
      planes[plane + a * size + b] = magnitude[(a * size + middle) * size + b]!;
      planes[2 * plane + a * size + b] = magnitude[(a * size + b) * size + middle]!;
    }
  }
  return {
    kind: 'response3d',
    kernelWidth: value.width,
    kernelHeight: value.height,
    kernelDepth: value.depth,
    size,
    planes: ownBuffer(planes),
    // Character over the whole cube: DC in the middle, the (½, ½, ½) corner at index 0.
    ...summarise(magnitude, magnitude[(middle * size + middle) * size + middle]!, magnitude[0]!),
  };
}
