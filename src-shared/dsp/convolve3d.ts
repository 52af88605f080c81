/**
 * 3-D convolution of single-channel Float32Array volumes (index (z·height + y)·width + x) with a
 * Float64Array kernel (same layout, kernelWidth × kernelHeight × kernelDepth). Callers loop over
 * channels. The conventions are convolve2d's, one axis more (see ./convolve2d.ts): true
 * convolution, kernel voxel (kx, ky, kz) at coordinate (kx − originX, ky − originY, kz − originZ),
 * default origin floor((k − 1)/2) per axis; modes full / same / valid; boundary modes as
 * scipy.ndimage ('zero' = constant 0, 'reflect', 'nearest', 'wrap'), so 'same' with a kernel
 * origin of floor(k/2) equals scipy.ndimage.convolve(x, k, mode=…).
 *
 * `stride` s keeps every s-th output position on every axis from the first:
 * out = convolve(x, k)[::s, ::s, ::s], so each axis of n positions keeps ceil(n / s). The direct
 * and separable paths compute only the kept positions; the FFT path computes a block of every
 * position and keeps the strided ones.
 *
 * Methods (all accumulate in f64): 'direct' sums every tap over a ring of kd extended planes;
 * 'separable' takes a rank-1 kernel k = a(z)·b(y)·c(x) (Gaussian, box) through three 1-D passes,
 * a ring of kd planes filtered along x and y, then z; 'fft' convolves blocks of whole extended
 * planes (kd − 1 planes of overlap, overlap-save along z) by real 3-D transforms built from the
 * 1-D plans (rows by planRealFft, then columns along y and along z by transformColumns); 'auto'
 * picks the cheapest by a cost model like convolve2d's. Every path works on a band of output
 * planes [z0, z1) (convolve3dPlanes), so bands can run on several threads.
 */
import { planFft, planRealFft } from './fft';
import { transformColumns } from './fft2d';
import { type BoundaryMode, type Convolve2dMode, boundaryMap, flipKernel, largestEntry } from './convolve2d';
import { simdChooseConvolve3dMethod, simdConvolve3dBand } from './simd/convolve3d-simd';
import { slideColumns, slideDot, slideRows } from './slide';

export type Convolve3dMethod = 'auto' | 'direct' | 'separable' | 'fft';

export interface Convolve3dOptions {
  method?: Convolve3dMethod;
  mode?: Convolve2dMode;
  boundary?: BoundaryMode;
  /** Kernel column at coordinate 0 (default floor((kernelWidth − 1)/2)); likewise Y and Z. */
  kernelOriginX?: number;
  kernelOriginY?: number;
  kernelOriginZ?: number;
  /** Keep every stride-th output position on every axis (default 1). */
  stride?: number;
  /** Unstrided output planes per block of the FFT path (default: the cheapest by the cost model). */
  fftPlanes?: number;
  /** Called now and then with the fraction done (0..1); may throw to cancel. */
  onProgress?: (fraction: number) => void;
}

export interface Convolve3dGeometry {
  /** Output size (after the stride). */
  width: number;
  height: number;
  depth: number;
  /** Input coordinate of output voxel (0, 0, 0) on each axis (e.g. −origin for 'full'). */
  offsetX: number;
  offsetY: number;
  offsetZ: number;
  originX: number;
  originY: number;
  originZ: number;
  stride: number;
}

/** The output and its placement: voxel i sits at input position offset + i·stride on each axis. */
export interface Convolve3dResult extends Omit<Convolve3dGeometry, 'originX' | 'originY' | 'originZ'> {
  data: Float32Array;
}

/** Positions one axis keeps (before the stride) and where the first sits, per mode. */
function axisGeometry(n: number, k: number, origin: number, mode: Convolve2dMode, empty: boolean): { count: number; offset: number } {
  switch (mode) {
    case 'full': return { count: empty ? 0 : n + k - 1, offset: -origin };
    case 'same': return { count: n, offset: 0 };
    case 'valid': return { count: empty ? 0 : Math.max(0, n - k + 1), offset: k - 1 - origin };
  }
}

/** Output size and placement of convolve3d for these inputs and options. */
export function convolve3dGeometry(
  width: number, height: number, depth: number, kernelWidth: number, kernelHeight: number, kernelDepth: number,
  options: Convolve3dOptions = {},
): Convolve3dGeometry {
  const mode = options.mode ?? 'full';
  const stride = options.stride ?? 1;
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`convolve3d: stride must be an integer ≥ 1, got ${stride}`);
  const originX = options.kernelOriginX ?? Math.floor((kernelWidth - 1) / 2);
  const originY = options.kernelOriginY ?? Math.floor((kernelHeight - 1) / 2);
  const originZ = options.kernelOriginZ ?? Math.floor((kernelDepth - 1) / 2);
  if (![originX, originY, originZ].every(Number.isInteger)) {
    throw new RangeError(`convolve3d: kernel origin must be integers, got (${originX}, ${originY}, ${originZ})`);
  }
  const empty = width * height * depth * kernelWidth * kernelHeight * kernelDepth === 0;
  const x = axisGeometry(width, kernelWidth, originX, mode, empty);
  const y = axisGeometry(height, kernelHeight, originY, mode, empty);
  const z = axisGeometry(depth, kernelDepth, originZ, mode, empty);
  const kept = (count: number): number => Math.ceil(count / stride);
  return {
    width: kept(x.count), height: kept(y.count), depth: kept(z.count),
    offsetX: x.offset, offsetY: y.offset, offsetZ: z.offset, originX, originY, originZ, stride,
  };
}

/** 3-D convolution on one thread; see the module comment. */
export function convolve3d(
  volume: Float32Array, width: number, height: number, depth: number,
  kernel: Float64Array, kernelWidth: number, kernelHeight: number, kernelDepth: number, options: Convolve3dOptions = {},
): Convolve3dResult {
  const g = convolve3dGeometry(width, height, depth, kernelWidth, kernelHeight, kernelDepth, options);
  const data = new Float32Array(g.width * g.height * g.depth);
  convolve3dPlanes(volume, width, height, depth, kernel, kernelWidth, kernelHeight, kernelDepth, options, 0, g.depth, data);
  return { data, width: g.width, height: g.height, depth: g.depth, offsetX: g.offsetX, offsetY: g.offsetY, offsetZ: g.offsetZ, stride: g.stride };
}

/** The origin correlate3d uses: floor(k/2) of the unflipped kernel (scipy.ndimage.correlate's). */
export function correlationOptions3d(kernelWidth: number, kernelHeight: number, kernelDepth: number, options: Convolve3dOptions): Convolve3dOptions {
  const ox = options.kernelOriginX ?? Math.floor(kernelWidth / 2);
  const oy = options.kernelOriginY ?? Math.floor(kernelHeight / 2);
  const oz = options.kernelOriginZ ?? Math.floor(kernelDepth / 2);
  return { ...options, kernelOriginX: kernelWidth - 1 - ox, kernelOriginY: kernelHeight - 1 - oy, kernelOriginZ: kernelDepth - 1 - oz };
}

/**
 * Cross-correlation: convolution with the kernel flipped on all three axes (what CNN layers
 * compute). The default origin is floor(k/2) of the unflipped kernel per axis, as
 * scipy.ndimage.correlate uses.
 */
export function correlate3d(
  volume: Float32Array, width: number, height: number, depth: number,
  kernel: Float64Array, kernelWidth: number, kernelHeight: number, kernelDepth: number, options: Convolve3dOptions = {},
): Convolve3dResult {
  return convolve3d(
    volume, width, height, depth, flipKernel(kernel, kernel.length, 1), kernelWidth, kernelHeight, kernelDepth,
    correlationOptions3d(kernelWidth, kernelHeight, kernelDepth, options),
  );
}

function checkInputs(volume: Float32Array, w: number, h: number, d: number, kernel: Float64Array, kw: number, kh: number, kd: number): void {
  if (volume.length !== w * h * d) {
    throw new RangeError(`convolve3d: a ${w} × ${h} × ${d} volume needs ${w * h * d} voxels, got ${volume.length}`);
  }
  if (kernel.length !== kw * kh * kd) {
    throw new RangeError(`convolve3d: a ${kw} × ${kh} × ${kd} kernel needs ${kw * kh * kd} values, got ${kernel.length}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Method choice

/** Rank-1 factors k[z][y][x] = z[z]·y[y]·x[x], or undefined when the kernel is not rank 1. */
export function separateKernel3d(
  kernel: Float64Array, kernelWidth: number, kernelHeight: number, kernelDepth: number,
): { x: Float64Array; y: Float64Array; z: Float64Array } | undefined {
  const { index: pivot, magnitude: max } = largestEntry(kernel);
  const x = new Float64Array(kernelWidth), y = new Float64Array(kernelHeight), z = new Float64Array(kernelDepth);
  if (max === 0) return { x, y, z };
  const plane = kernelWidth * kernelHeight;
  const pz = Math.floor(pivot / plane), py = Math.floor((pivot % plane) / kernelWidth), px = pivot % kernelWidth;
  const p = kernel[pivot];
  for (let i = 0; i < kernelDepth; i++) z[i] = kernel[i * plane + py * kernelWidth + px];
  for (let i = 0; i < kernelHeight; i++) y[i] = kernel[pz * plane + i * kernelWidth + px] / p;
  for (let i = 0; i < kernelWidth; i++) x[i] = kernel[pz * plane + py * kernelWidth + i] / p;
  // As in 2-D: kernels come from f32 volumes, whose rank-1 factors hold to f32 rounding only.
  const tolerance = 1e-6 * max;
  for (let k = 0, i = 0; k < kernelDepth; k++) {
    for (let j = 0; j < kernelHeight; j++) {
      for (let m = 0; m < kernelWidth; m++, i++) if (Math.abs(kernel[i] - z[k] * y[j] * x[m]) > tolerance) return undefined;
    }
  }
  return { x, y, z };
}

/**
 * Cost model of the plain path (nanoseconds; fitted on this machine with `npm run bench`'s 3-D
 * cases): per multiply-add of the direct and separable loops, per output voxel, and per point ×
 * log2(points) of a 3-D block transformed both ways (boundary extension and product included).
 */
const DIRECT_MAC_NS = 0.45;
const SEPARABLE_MAC_NS = 0.7;
const VOXEL_NS = 3;
const FFT_POINT_LOG_NS = 4;

/** The next length ≥ n of the form 2^a·3^b·5^c with a ≥ 1 (even: the real transform's fast case). */
export function fastFftLength(n: number): number {
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * n + 10; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * n + 10; p35 *= 3) {
      let m = p35 * 2;
      while (m < n) m *= 2;
      if (m < best) best = m;
    }
  }
  return best;
}

export interface Fft3dBlocks {
  /** Transform size per axis; z holds `planes` outputs' worth of input (planes + kd − 1). */
  nx: number;
  ny: number;
  nz: number;
  /** Unstrided output planes per block. */
  planes: number;
  /** Estimated nanoseconds. */
  cost: number;
}

/**
 * Blocks of the FFT path for `outPlanes` unstrided output planes of (unstrided) padWidth ×
 * padHeight extended planes: whole planes per block, the block depth chosen by cost.
 */
export function chooseFft3dBlocks(padWidth: number, padHeight: number, outPlanes: number, kernelDepth: number, perPointLog = FFT_POINT_LOG_NS): Fft3dBlocks {
  const nx = fastFftLength(padWidth), ny = fastFftLength(padHeight);
  let best: Fft3dBlocks = { nx, ny, nz: 0, planes: 0, cost: Infinity };
  // From the least block that holds the kernel plus one output plane to one that holds them all.
  const first = fastFftLength(kernelDepth + 1), last = Math.max(first, fastFftLength(outPlanes + kernelDepth - 1));
  for (let nz = first; nz <= last; nz = fastFftLength(nz + 1)) {
    const planes = nz - kernelDepth + 1;
    const points = nx * ny * nz;
    // + the kernel's spectrum, about half a block.
    const cost = (Math.ceil(outPlanes / planes) + 0.5) * perPointLog * points * Math.log2(points);
    if (cost < best.cost) best = { nx, ny, nz, planes, cost };
  }
  return best;
}

/** The method 'auto' picks on the plain path for this output (strided sizes) and kernel. */
export function chooseConvolve3dMethod(
  outWidth: number, outHeight: number, outDepth: number, kernelWidth: number, kernelHeight: number, kernelDepth: number,
  stride: number, separable: boolean,
): Exclude<Convolve3dMethod, 'auto'> {
  const voxels = outWidth * outHeight * outDepth;
  const direct = DIRECT_MAC_NS * voxels * kernelWidth * kernelHeight * kernelDepth + VOXEL_NS * voxels;
  const sep = separable ? SEPARABLE_MAC_NS * separableMacs(outWidth, outHeight, outDepth, kernelWidth, kernelHeight, kernelDepth, stride) + VOXEL_NS * voxels : Infinity;
  const fft = chooseFft3dBlocks((outWidth - 1) * stride + kernelWidth, (outHeight - 1) * stride + kernelHeight, (outDepth - 1) * stride + 1, kernelDepth).cost;
  if (sep <= direct && sep <= fft) return 'separable';
  return direct <= fft ? 'direct' : 'fft';
}

/** Multiply-adds of the separable path: x over every extended row of the planes it reads, then y, then z. */
export function separableMacs(outWidth: number, outHeight: number, outDepth: number, kw: number, kh: number, kd: number, stride: number): number {
  const padHeight = (outHeight - 1) * stride + kh;
  const planes = outDepth * Math.min(kd, stride) + Math.max(0, kd - stride);
  return planes * (padHeight * outWidth * kw + outHeight * outWidth * kh) + outDepth * outHeight * outWidth * kd;
}

/**
 * The method a band runs: the one asked for, or for 'auto' the cheapest by the SIMD path's cost
 * model (the plain one's without it), with the rank-1 factors of the flipped kernel when the
 * method may need them (undefined: not separable).
 */
export function resolveConvolve3dMethod(
  method: Convolve3dMethod, outWidth: number, outHeight: number, outDepth: number,
  flipped: Float64Array, kernelWidth: number, kernelHeight: number, kernelDepth: number, stride: number,
): { method: Exclude<Convolve3dMethod, 'auto'>; factors: { x: Float64Array; y: Float64Array; z: Float64Array } | undefined } {
  const factors = method === 'auto' || method === 'separable' ? separateKernel3d(flipped, kernelWidth, kernelHeight, kernelDepth) : undefined;
  if (method !== 'auto') return { method, factors };
  const separable = factors !== undefined;
  const args = [outWidth, outHeight, outDepth, kernelWidth, kernelHeight, kernelDepth, stride, separable] as const;
  return { method: simdChooseConvolve3dMethod(...args) ?? chooseConvolve3dMethod(...args), factors };
}

// ---------------------------------------------------------------------------------------------
// Band computation

/** A band of output planes as every 3-D path reads it (the SIMD kernels too). */
export interface VolumeBand {
  volume: Float32Array;
  width: number;
  height: number;
  out: Float32Array;
  outWidth: number;
  outHeight: number;
  /** Output planes [z0, z1) of the (strided) output. */
  z0: number;
  z1: number;
  stride: number;
  /** Extended column u reads input column xmap[u] (−1: zero); likewise rows and planes. */
  xmap: Int32Array;
  ymap: Int32Array;
  /** Extended plane u of the band (its first is output plane z0's first) reads input plane zmap[u]. */
  zmap: Int32Array;
  padWidth: number;
  padHeight: number;
  /** Extended columns [inner0, inner1) read input columns startX + u directly (no boundary rule). */
  inner0: number;
  inner1: number;
  startX: number;
  onProgress: ((fraction: number) => void) | undefined;
}

/**
 * Computes output planes [z0, z1) of convolve3d into `out` (the whole output, planes left alone
 * outside the band). Safe to run concurrently on disjoint bands of one shared output.
 */
export function convolve3dPlanes(
  volume: Float32Array, width: number, height: number, depth: number,
  kernel: Float64Array, kernelWidth: number, kernelHeight: number, kernelDepth: number, options: Convolve3dOptions,
  z0: number, z1: number, out: Float32Array,
): void {
  checkInputs(volume, width, height, depth, kernel, kernelWidth, kernelHeight, kernelDepth);
  const g = convolve3dGeometry(width, height, depth, kernelWidth, kernelHeight, kernelDepth, options);
  if (z1 <= z0 || g.width * g.height * g.depth === 0) return;
  if (out.length < g.width * g.height * g.depth) throw new RangeError(`convolve3dPlanes: output needs ${g.width * g.height * g.depth} voxels`);
  const boundary = options.boundary ?? 'zero';
  const s = g.stride;
  // Extended (padded) extents reach the last kept output's footprint only.
  const padWidth = (g.width - 1) * s + kernelWidth, padHeight = (g.height - 1) * s + kernelHeight;
  const padPlanes = (z1 - 1 - z0) * s + kernelDepth;
  const startX = g.offsetX + g.originX - (kernelWidth - 1);
  const band: VolumeBand = {
    volume, width, height, out, outWidth: g.width, outHeight: g.height, z0, z1, stride: s,
    xmap: boundaryMap(startX, padWidth, width, boundary),
    ymap: boundaryMap(g.offsetY + g.originY - (kernelHeight - 1), padHeight, height, boundary),
    zmap: boundaryMap(z0 * s + g.offsetZ + g.originZ - (kernelDepth - 1), padPlanes, depth, boundary),
    padWidth, padHeight,
    inner0: Math.min(padWidth, Math.max(0, -startX)), inner1: Math.max(0, Math.min(padWidth, width - startX)), startX,
    onProgress: options.onProgress,
  };
  const flipped = flipKernel(kernel, kernel.length, 1);
  const { method, factors } = resolveConvolve3dMethod(options.method ?? 'auto', g.width, g.height, z1 - z0, flipped, kernelWidth, kernelHeight, kernelDepth, s);
  if (method === 'separable' && !factors) {
    throw new RangeError('convolve3d: the separable method needs a rank-1 kernel (outer product of three vectors)');
  }
  if (simdConvolve3dBand(method, band, flipped, kernelWidth, kernelHeight, kernelDepth, factors)) return;
  switch (method) {
    case 'separable':
      separableBand(band, factors!.x, factors!.y, factors!.z);
      break;
    case 'direct':
      directBand(band, flipped, kernelWidth, kernelHeight, kernelDepth);
      break;
    case 'fft':
      fftBand(band, kernel, kernelWidth, kernelHeight, kernelDepth, options.fftPlanes);
      break;
    default:
      throw new RangeError(`convolve3d: unknown method '${String(method)}'`);
  }
}

/** Extended row v of extended plane u into a f64 buffer at `at`; false when it is all zero. */
export function loadExtendedRow(band: VolumeBand, u: number, v: number, row: Float64Array | Float32Array, at: number): boolean {
  const z = band.zmap[u], y = band.ymap[v];
  if (z < 0 || y < 0) return false;
  const { volume, xmap, inner0, inner1, padWidth } = band;
  const base = (z * band.height + y) * band.width;
  if (inner1 > inner0) row.set(volume.subarray(base + band.startX + inner0, base + band.startX + inner1), at + inner0);
  for (let u2 = 0; u2 < inner0; u2++) row[at + u2] = xmap[u2] >= 0 ? volume[base + xmap[u2]] : 0;
  for (let u2 = Math.max(inner0, inner1); u2 < padWidth; u2++) row[at + u2] = xmap[u2] >= 0 ? volume[base + xmap[u2]] : 0;
  return true;
}

/** Extended plane u into `ring` at `at` (padHeight rows of padWidth), zero rows where the rule says so. */
function loadExtendedPlane(band: VolumeBand, u: number, ring: Float64Array, at: number): void {
  const { padWidth, padHeight } = band;
  for (let v = 0; v < padHeight; v++) {
    const o = at + v * padWidth;
    if (!loadExtendedRow(band, u, v, ring, o)) ring.fill(0, o, o + padWidth);
  }
}

/**
 * out[oo + q] = Σ_r Σ_m w[r·kw + m]·x[rows[r] + q·step + m] for q < count: slideRows with the
 * output positions `step` apart.
 */
function slideRowsStrided(
  x: Float64Array, rows: Int32Array, w: Float64Array, kw: number, taps: number, step: number, out: Float32Array, oo: number, count: number,
): void {
  for (let q = 0; q < count; q++) {
    let sum = 0;
    const at = q * step;
    for (let r = 0, wo = 0; r < taps; r++, wo += kw) {
      const base = rows[r] + at;
      for (let m = 0; m < kw; m++) sum += w[wo + m] * x[base + m];
    }
    out[oo + q] = sum;
  }
}

/** out[oo + q] = Σ_m r[m]·x[xo + q·step + m] for q < count (slideDot with a step). */
function slideDotStrided(x: Float64Array, xo: number, r: Float64Array, step: number, out: Float64Array, oo: number, count: number): void {
  const taps = r.length;
  for (let q = 0; q < count; q++) {
    let sum = 0;
    const base = xo + q * step;
    for (let m = 0; m < taps; m++) sum += r[m] * x[base + m];
    out[oo + q] = sum;
  }
}

/**
 * Direct: a ring of kd extended planes (f64); each kept output row sums all kd·kh·kw taps in
 * registers (slideRows over the kd·kh rows it reads). Planes no kept output reads (stride > kd)
 * are never loaded.
 */
function directBand(band: VolumeBand, flipped: Float64Array, kw: number, kh: number, kd: number): void {
  const { outWidth, outHeight, padWidth, padHeight, z0, z1, out, stride } = band;
  const planeSize = padWidth * padHeight;
  const ring = new Float64Array(kd * planeSize);
  const rows = new Int32Array(kd * kh);
  let next = 0;
  for (let z = z0; z < z1; z++) {
    const first = (z - z0) * stride;
    for (next = Math.max(next, first); next < first + kd; next++) loadExtendedPlane(band, next, ring, (next % kd) * planeSize);
    for (let i = 0; i < outHeight; i++) {
      for (let kz = 0; kz < kd; kz++) {
        const plane = ((first + kz) % kd) * planeSize;
        for (let ky = 0; ky < kh; ky++) rows[kz * kh + ky] = plane + (i * stride + ky) * padWidth;
      }
      const at = (z * outHeight + i) * outWidth;
      if (stride === 1) slideRows(ring, rows, flipped, kw, kd * kh, out, at, outWidth);
      else slideRowsStrided(ring, rows, flipped, kw, kd * kh, stride, out, at, outWidth);
    }
    band.onProgress?.((z - z0 + 1) / (z1 - z0));
  }
}

/**
 * Separable (k = z ⊗ y ⊗ x of the flipped kernel): each extended plane a kept output reads is
 * filtered along x (kept columns only) and then along y (kept rows only) into a ring of kd
 * planes; each output plane is then the z taps over the ring, all in f64.
 */
function separableBand(band: VolumeBand, fx: Float64Array, fy: Float64Array, fz: Float64Array): void {
  const { outWidth, outHeight, padWidth, padHeight, z0, z1, out, stride } = band;
  const kd = fz.length, kh = fy.length;
  const outPlane = outWidth * outHeight;
  const padded = new Float64Array(padWidth);
  const rowsX = new Float64Array(padHeight * outWidth);
  const zeroRow = new Uint8Array(padHeight);
  const ring = new Float64Array(kd * outPlane);
  const slots = new Int32Array(kd);
  let next = 0;
  for (let z = z0; z < z1; z++) {
    const first = (z - z0) * stride;
    for (next = Math.max(next, first); next < first + kd; next++) {
      const slot = (next % kd) * outPlane;
      ring.fill(0, slot, slot + outPlane);
      if (band.zmap[next] < 0) continue;
      for (let v = 0; v < padHeight; v++) {
        zeroRow[v] = loadExtendedRow(band, next, v, padded, 0) ? 0 : 1;
        if (zeroRow[v]) continue;
        if (stride === 1) slideDot(padded, 0, fx, rowsX, v * outWidth, outWidth);
        else slideDotStrided(padded, 0, fx, stride, rowsX, v * outWidth, outWidth);
      }
      for (let i = 0; i < outHeight; i++) {
        const to = slot + i * outWidth;
        for (let ky = 0; ky < kh; ky++) {
          const v = i * stride + ky;
          if (zeroRow[v]) continue;
          const c = fy[ky], from = v * outWidth;
          for (let q = 0; q < outWidth; q++) ring[to + q] += c * rowsX[from + q];
        }
      }
    }
    for (let kz = 0; kz < kd; kz++) slots[kz] = ((first + kz) % kd) * outPlane;
    slideColumns(ring, slots, fz, out, z * outPlane, outPlane);
    band.onProgress?.((z - z0 + 1) / (z1 - z0));
  }
}

/**
 * The FFT path, block by block along z (overlap-save): a block of P unstrided output planes reads
 * P + kd − 1 extended planes, which are convolved circularly with the kernel by a real 3-D
 * transform of nx × ny × nz ≥ the extended plane × (P + kd − 1); outputs at index ≥ k − 1 on
 * every axis are exact (their taps never wrap). The kept (strided) ones are stored.
 */
function fftBand(band: VolumeBand, kernel: Float64Array, kw: number, kh: number, kd: number, blockPlanes?: number): void {
  const { outWidth, outHeight, padWidth, padHeight, z0, z1, out, stride } = band;
  const outPlanes = (z1 - 1 - z0) * stride + 1;
  if (blockPlanes !== undefined && !(Number.isInteger(blockPlanes) && blockPlanes >= 1)) {
    throw new RangeError(`convolve3d: fftPlanes must be an integer ≥ 1, got ${blockPlanes}`);
  }
  const chosen = chooseFft3dBlocks(padWidth, padHeight, outPlanes, kd);
  const { nx, ny } = chosen;
  const nz = blockPlanes === undefined ? chosen.nz : fastFftLength(blockPlanes + kd - 1);
  const planes = blockPlanes ?? chosen.planes;
  const bins = nx / 2 + 1, planeBins = ny * bins, size = nz * planeBins;
  const rowPlan = planRealFft(nx), columnPlan = planFft(ny), depthPlan = planFft(nz);
  const row = new Float64Array(nx);
  const kr = new Float64Array(size), ki = new Float64Array(size);
  const re = new Float64Array(size), im = new Float64Array(size);
  /** 2-D transforms of the first `usedPlanes` planes (rows already done), then along z. */
  const transform = (xr: Float64Array, xi: Float64Array, usedPlanes: number, inverse: boolean): void => {
    if (inverse) transformColumns(xr, xi, planeBins, nz, 0, planeBins, depthPlan, true);
    for (let p = 0; p < usedPlanes; p++) {
      transformColumns(xr.subarray(p * planeBins, (p + 1) * planeBins), xi.subarray(p * planeBins, (p + 1) * planeBins), bins, ny, 0, bins, columnPlan, inverse);
    }
    if (!inverse) transformColumns(xr, xi, planeBins, nz, 0, planeBins, depthPlan, false);
  };
  const forwardRow = (xr: Float64Array, xi: Float64Array, at: number): void => {
    rowPlan.forward(row, xr.subarray(at, at + bins), xi.subarray(at, at + bins));
  };
  // The kernel's spectrum, scaled by 1/(nx·ny·nz) for the unscaled inverse.
  for (let z = 0; z < kd; z++) {
    for (let y = 0; y < kh; y++) {
      row.fill(0);
      row.set(kernel.subarray((z * kh + y) * kw, (z * kh + y + 1) * kw));
      forwardRow(kr, ki, z * planeBins + y * bins);
    }
  }
  transform(kr, ki, kd, false);
  const scale = 1 / (nx * ny * nz);
  for (let k = 0; k < size; k++) {
    kr[k] *= scale;
    ki[k] *= scale;
  }
  const blocks = Math.ceil(outPlanes / planes);
  for (let b = 0; b < blocks; b++) {
    const j0 = b * planes, count = Math.min(planes, outPlanes - j0), inPlanes = count + kd - 1;
    re.fill(0);
    im.fill(0);
    for (let p = 0; p < inPlanes; p++) {
      for (let v = 0; v < padHeight; v++) {
        row.fill(0);
        if (loadExtendedRow(band, j0 + p, v, row, 0)) forwardRow(re, im, p * planeBins + v * bins);
      }
    }
    transform(re, im, inPlanes, false);
    for (let k = 0; k < size; k++) {
      const xr = re[k], xi = im[k], yr = kr[k], yi = ki[k];
      re[k] = xr * yr - xi * yi;
      im[k] = xr * yi + xi * yr;
    }
    transform(re, im, nz, true);
    for (let j = j0; j < j0 + count; j++) {
      if (j % stride !== 0) continue;
      const z = z0 + j / stride, p = j - j0 + kd - 1;
      for (let i = 0; i < outHeight; i++) {
        const at = p * planeBins + (i * stride + kh - 1) * bins;
        rowPlan.inverseUnscaled(re.subarray(at, at + bins), im.subarray(at, at + bins), row);
        const o = (z * outHeight + i) * outWidth;
        for (let q = 0; q < outWidth; q++) out[o + q] = row[kw - 1 + q * stride];
      }
    }
    band.onProgress?.((b + 1) / blocks);
  }
}
