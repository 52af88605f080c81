/**
 * 3-D convolution bands on the SIMD path, the same planes as ../convolve3d.ts's band functions.
 * 'direct' sums in f64x2 over a ring of kd extended planes of f64 rows (as the TypeScript path
 * does); 'separable' runs its three 1-D passes in f32x4 (PERF.md lets volumes use f32, as
 * images do), x and y into a ring of kd filtered planes, then z. Kept columns `stride` apart go
 * through the strided kernels (assembly/convolve3d.ts); kept rows and planes are just the ones
 * read. The FFT path stays on the TypeScript band, whose 1-D plans have SIMD kernels of their own.
 */
import { chooseFft3dBlocks, loadExtendedRow, separableMacs, type VolumeBand } from '../convolve3d';
import { Layout } from './convolve2d-simd';
import { align, countSimdCall, floatShift, simdRuntime, simdThresholds } from './runtime';

export type SimdConvolve3dMethod = 'separable' | 'direct' | 'fft';

/** Nanoseconds per multiply-add of each SIMD method (bench/run.ts's 3-D cases), and per FFT point × log2. */
const SEPARABLE_NS = 0.25;
const DIRECT_NS = 0.25;
const STRIDED_DIRECT_NS = 0.45;
const FFT_POINT_LOG_NS = 2.5;

/** The method 'auto' picks on the SIMD path for one band, or undefined when that path is off. */
export function simdChooseConvolve3dMethod(
  outWidth: number, outHeight: number, outDepth: number, kernelWidth: number, kernelHeight: number, kernelDepth: number,
  stride: number, separable: boolean,
): SimdConvolve3dMethod | undefined {
  if (!simdRuntime()) return undefined;
  const voxels = outWidth * outHeight * outDepth;
  const direct = (stride === 1 ? DIRECT_NS : STRIDED_DIRECT_NS) * voxels * kernelWidth * kernelHeight * kernelDepth;
  const sep = separable ? SEPARABLE_NS * separableMacs(outWidth, outHeight, outDepth, kernelWidth, kernelHeight, kernelDepth, stride) : Infinity;
  const fft = chooseFft3dBlocks(
    (outWidth - 1) * stride + kernelWidth, (outHeight - 1) * stride + kernelHeight, (outDepth - 1) * stride + 1, kernelDepth, FFT_POINT_LOG_NS,
  ).cost;
  if (sep <= direct && sep <= fft) return 'separable';
  return direct <= fft ? 'direct' : 'fft';
}

/**
 * Computes the band with the SIMD kernels ('direct' with the flipped kernel, 'separable' with
 * its factors). False when the SIMD path does not take it (then the TypeScript band runs).
 */
export function simdConvolve3dBand(
  method: string, band: VolumeBand, flipped: Float64Array, kernelWidth: number, kernelHeight: number, kernelDepth: number,
  factors: { x: Float64Array; y: Float64Array; z: Float64Array } | undefined,
): boolean {
  const rt = simdRuntime();
  const planes = band.z1 - band.z0;
  if (!rt || planes <= 0 || band.outWidth * band.outHeight * planes * flipped.length < simdThresholds.convolve3d) return false;
  if (method === 'separable' && factors) return separable(band, factors);
  if (method === 'direct') return direct(band, flipped, kernelWidth, kernelHeight, kernelDepth);
  return false;
}

function direct(band: VolumeBand, flipped: Float64Array, kw: number, kh: number, kd: number): boolean {
  const rt = simdRuntime()!;
  const { out, outWidth, outHeight, padWidth, padHeight, z0, z1, stride } = band;
  const rowBytes = align(padWidth * 8, 64);
  const planeBytes = rowBytes * padHeight;
  const layout = new Layout();
  const ringAt = layout.take(kd * planeBytes), weightsAt = layout.take(8 * flipped.length);
  const accAt = layout.take(8 * outWidth + 64), outAt = layout.take(4 * outWidth + 64);
  const done = rt.heap.withScratch(layout.bytes, (base) => {
    const k = rt.kernels;
    rt.heap.f64.set(flipped, (base + weightsAt) / 8);
    const filled = new Uint8Array(kd * padHeight);
    let next = 0;
    for (let z = z0; z < z1; z++) {
      const first = (z - z0) * stride;
      for (next = Math.max(next, first); next < first + kd; next++) {
        const slot = next % kd;
        const f64 = rt.heap.f64;
        for (let v = 0; v < padHeight; v++) {
          filled[slot * padHeight + v] = loadExtendedRow(band, next, v, f64, (base + ringAt + slot * planeBytes + v * rowBytes) / 8) ? 1 : 0;
        }
      }
      for (let i = 0; i < outHeight; i++) {
        const acc = base + accAt;
        rt.heap.f64.fill(0, acc / 8, acc / 8 + outWidth);
        for (let kz = 0; kz < kd; kz++) {
          const slot = (first + kz) % kd;
          for (let ky = 0; ky < kh; ky++) {
            const v = i * stride + ky;
            if (!filled[slot * padHeight + v]) continue;
            const row = base + ringAt + slot * planeBytes + v * rowBytes, weights = base + weightsAt + 8 * (kz * kh + ky) * kw;
            if (stride === 1) k.correlateRowAddF64(row, weights, kw, acc, outWidth);
            else k.correlateRowStridedAddF64(row, weights, kw, acc, outWidth, stride);
          }
        }
        // One float on when that puts the row as a shared output's lies modulo 8 bytes (floatShift).
        const into = (z * outHeight + i) * outWidth, o = (base + outAt) / 4 + floatShift(out, into, (base + outAt) / 4);
        k.demoteRow(acc, 4 * o, outWidth);
        out.set(rt.heap.f32.subarray(o, o + outWidth), into);
      }
      band.onProgress?.((z - z0 + 1) / (z1 - z0));
    }
    return true;
  });
  if (done) countSimdCall('convolve3d-direct');
  return done === true;
}

function separable(band: VolumeBand, factors: { x: Float64Array; y: Float64Array; z: Float64Array }): boolean {
  const rt = simdRuntime()!;
  const { out, outWidth, outHeight, padWidth, padHeight, z0, z1, stride, zmap } = band;
  const kw = factors.x.length, kh = factors.y.length, kd = factors.z.length;
  const rowBytes = align(outWidth, 16) * 4;
  const planeBytes = rowBytes * outHeight;
  const layout = new Layout();
  const paddedAt = layout.take(4 * padWidth + 64), rowsAt = layout.take(padHeight * rowBytes);
  const ringAt = layout.take(kd * planeBytes), pointersAt = layout.take(4 * Math.max(kh, kd));
  // The padded row and the output row each have a float to spare: either goes one float on when
  // that puts it as a shared volume's row lies modulo 8 bytes (floatShift).
  const xAt = layout.take(4 * kw), yAt = layout.take(4 * kh), zAt = layout.take(4 * kd), outAt = layout.take(rowBytes + 4);
  const done = rt.heap.withScratch(layout.bytes, (base) => {
    const k = rt.kernels;
    const f32 = rt.heap.f32, u32 = rt.heap.u32;
    f32.set(factors.x, (base + xAt) / 4);
    f32.set(factors.y, (base + yAt) / 4);
    f32.set(factors.z, (base + zAt) / 4);
    const rowFilled = new Uint8Array(padHeight), planeFilled = new Uint8Array(kd);
    const pointers = (base + pointersAt) / 4;
    let next = 0;
    for (let z = z0; z < z1; z++) {
      const first = (z - z0) * stride;
      for (next = Math.max(next, first); next < first + kd; next++) {
        const slot = next % kd;
        planeFilled[slot] = zmap[next] >= 0 ? 1 : 0;
        if (!planeFilled[slot]) continue;
        for (let v = 0; v < padHeight; v++) {
          const source = (zmap[next] * band.height + band.ymap[v]) * band.width + band.startX;
          const padded = (base + paddedAt) / 4 + (band.ymap[v] >= 0 ? floatShift(band.volume, source, (base + paddedAt) / 4) : 0);
          rowFilled[v] = loadExtendedRow(band, next, v, f32, padded) ? 1 : 0;
          if (!rowFilled[v]) continue;
          if (stride === 1) k.firRowF32(4 * padded, base + xAt, kw, base + rowsAt + v * rowBytes, outWidth);
          else k.firRowStridedF32(4 * padded, base + xAt, kw, base + rowsAt + v * rowBytes, outWidth, stride);
        }
        for (let i = 0; i < outHeight; i++) {
          for (let ky = 0; ky < kh; ky++) {
            const v = i * stride + ky;
            u32[pointers + ky] = rowFilled[v] ? base + rowsAt + v * rowBytes : 0;
          }
          k.firColumnF32(base + pointersAt, base + yAt, kh, base + ringAt + slot * planeBytes + i * rowBytes, outWidth);
        }
      }
      for (let i = 0; i < outHeight; i++) {
        for (let kz = 0; kz < kd; kz++) {
          const slot = (first + kz) % kd;
          u32[pointers + kz] = planeFilled[slot] ? base + ringAt + slot * planeBytes + i * rowBytes : 0;
        }
        const into = (z * outHeight + i) * outWidth, o = (base + outAt) / 4 + floatShift(out, into, (base + outAt) / 4);
        k.firColumnF32(base + pointersAt, base + zAt, kd, 4 * o, outWidth);
        out.set(f32.subarray(o, o + outWidth), into);
      }
      band.onProgress?.((z - z0 + 1) / (z1 - z0));
    }
    return true;
  });
  if (done) countSimdCall('convolve3d-separable');
  return done === true;
}
