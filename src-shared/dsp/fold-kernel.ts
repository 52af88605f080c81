/**
 * A kernel larger than the image (or volume) it filters in 'same' mode, folded to the taps that
 * read distinct pixels, without changing the result (up to the order of the sums): under wrap and
 * reflect the extended image repeats, so taps a period apart read the same pixels and add up;
 * under nearest every tap past the image's width reads its edge; under zero such taps read
 * nothing. Each axis folds on its own, so a separable kernel stays separable. A σ = 1000 Gaussian
 * (6001²) on a 128² image becomes 256² taps, and its extended rows (6128² pixels) are never made.
 */
import type { BoundaryMode } from './convolve2d';

/** A kernel folded by foldKernelForSame: its taps, size and origin. */
export interface FoldedKernel {
  readonly kernel: Float64Array;
  readonly kernelWidth: number;
  readonly kernelHeight: number;
  readonly kernelOriginX: number;
  readonly kernelOriginY: number;
}

/** A 3-D kernel folded by foldKernel3dForSame: its taps (x fastest), size and origin. */
export interface FoldedKernel3d extends FoldedKernel {
  readonly kernelDepth: number;
  readonly kernelOriginZ: number;
}

/**
 * One axis of a fold: for each tap j of a kernel of `size` with its origin at `origin` (tap j
 * reads input offset d = origin − j from the output), the tap of the folded axis it adds to; the
 * folded size and origin. Undefined where folding would not shrink the axis.
 */
function foldAxis(size: number, origin: number, n: number, boundary: BoundaryMode): { to: Int32Array; size: number; origin: number } | undefined {
  // Offsets that stand for all others: each output o ∈ [0, n) reads input o + d, extended by the
  // boundary; offsets d and d' read the same input for every o when they are one period apart
  // (wrap: n; reflect, d c b a | a b c d | d c b a: 2n), or both beyond the image on one side
  // (nearest: clamped alike past ±n), or never reach it (zero: |d| ≥ n reads only zeros).
  const low = boundary === 'wrap' ? -Math.floor(n / 2) : boundary === 'reflect' ? -n : boundary === 'nearest' ? -n : -(n - 1);
  const high = boundary === 'wrap' ? low + n - 1 : boundary === 'reflect' ? n - 1 : boundary === 'nearest' ? n : n - 1;
  const folded = high - low + 1;
  if (folded >= size) return undefined;
  const period = boundary === 'wrap' ? n : 2 * n;
  const to = new Int32Array(size);
  for (let j = 0; j < size; j++) {
    let d = origin - j;
    if (boundary === 'wrap' || boundary === 'reflect') d = low + ((((d - low) % period) + period) % period);
    else if (d < low) d = boundary === 'zero' ? NaN : low;
    else if (d > high) d = boundary === 'zero' ? NaN : high;
    // Tap index in the folded kernel, whose origin is `high` (offset d at index high − d); −1: dropped.
    to[j] = Number.isNaN(d) ? -1 : high - d;
  }
  return { to, size: folded, origin: high };
}

/** Each tap to itself: an axis that does not fold. */
function unfolded(size: number, origin: number): { to: Int32Array; size: number; origin: number } {
  return { to: Int32Array.from({ length: size }, (_, i) => i), size, origin };
}

/**
 * A 3-D kernel (x fastest) of kw × kh × kd taps filtering a width × height × depth volume in
 * 'same' mode, folded on each axis to at most about twice the volume's size (see the module
 * comment). Undefined when no axis would shrink.
 */
export function foldKernel3dForSame(
  kernel: Float32Array | Float64Array, kw: number, kh: number, kd: number, ox: number, oy: number, oz: number,
  width: number, height: number, depth: number, boundary: BoundaryMode,
): FoldedKernel3d | undefined {
  if (width === 0 || height === 0 || depth === 0) return undefined;
  const fx = foldAxis(kw, ox, width, boundary), fy = foldAxis(kh, oy, height, boundary), fz = foldAxis(kd, oz, depth, boundary);
  if (!fx && !fy && !fz) return undefined;
  const x = fx ?? unfolded(kw, ox), y = fy ?? unfolded(kh, oy), z = fz ?? unfolded(kd, oz);
  const out = new Float64Array(x.size * y.size * z.size);
  for (let k = 0; k < kd; k++) {
    const tz = z.to[k]!;
    if (tz < 0) continue;
    for (let j = 0; j < kh; j++) {
      const ty = y.to[j]!;
      if (ty < 0) continue;
      const row = (k * kh + j) * kw, at = (tz * y.size + ty) * x.size;
      for (let i = 0; i < kw; i++) {
        const to = x.to[i]!;
        if (to >= 0) out[at + to] += kernel[row + i]!;
      }
    }
  }
  return {
    kernel: out, kernelWidth: x.size, kernelHeight: y.size, kernelDepth: z.size,
    kernelOriginX: x.origin, kernelOriginY: y.origin, kernelOriginZ: z.origin,
  };
}

/**
 * A 2-D kernel (row-major) filtering a width × height image in 'same' mode, folded on each axis
 * to at most about twice the image's size (see the module comment). Undefined when neither axis
 * would shrink.
 */
export function foldKernelForSame(
  kernel: Float32Array | Float64Array, kernelWidth: number, kernelHeight: number, kernelOriginX: number, kernelOriginY: number,
  width: number, height: number, boundary: BoundaryMode,
): FoldedKernel | undefined {
  // One plane: its depth axis (one tap over one plane) never folds.
  const folded = foldKernel3dForSame(kernel, kernelWidth, kernelHeight, 1, kernelOriginX, kernelOriginY, 0, width, height, 1, boundary);
  if (folded === undefined) return undefined;
  const { kernel: taps, kernelWidth: fw, kernelHeight: fh, kernelOriginX: fx, kernelOriginY: fy } = folded;
  return { kernel: taps, kernelWidth: fw, kernelHeight: fh, kernelOriginX: fx, kernelOriginY: fy };
}
