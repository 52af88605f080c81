/**
 * Parallel-beam computed tomography: forward projection (Radon transform), ramp filtering and
 * filtered backprojection, plus the modified Shepp–Logan phantom.
 *
 * Geometry (shared by radon and backproject, so the round trip comes back upright): an image of
 * w × h pixels has its centre at ((w−1)/2, (h−1)/2); a pixel's coordinates are
 * x = column − cx (right) and y = cy − row (up). At angle θ (degrees) detector bin d sits at
 * s = d − (detectors − 1)/2 along the direction (cos θ, sin θ); the projection is
 * p_θ(s) = ∫ f(s·cos θ − t·sin θ, s·sin θ + t·cos θ) dt (step 1 pixel, bilinear sampling).
 * Filtered backprojection (matching skimage.transform.iradon's scaling):
 * f(x, y) ≈ π/(2·views) · Σ_θ q_θ(x cos θ + y sin θ), with q the ramp-filtered projection whose
 * filter is 2·DFT(h)·window, h the spatial ramp of kernels.ts (so 2·DFT(h) ≈ 2|f|, f in cycles per
 * sample: the |ω|/π of the continuous formula).
 */
import { allocFloat32 } from './buffer-pool';
import { nextPowerOfTwo, planRealFft } from './fft';
import { type RampWindow, rampTap, rampWindow } from './kernels';
import { simdBackprojectRows } from './simd/ct-simd';

/** Sinogram of views × detectors (one row per angle), parallel beam about the image centre. */
export function radon(
  image: Float32Array, width: number, height: number, anglesDeg: Float64Array, detectors: number,
  onProgress?: (fraction: number) => void,
): Float32Array {
  if (image.length !== width * height) throw new RangeError(`radon: ${width} × ${height} needs ${width * height} pixels`);
  const views = anglesDeg.length;
  const out = new Float32Array(views * detectors);
  const cx = (width - 1) / 2, cy = (height - 1) / 2, cd = (detectors - 1) / 2;
  const reach = Math.ceil(Math.hypot(width, height) / 2) + 1;
  for (let v = 0; v < views; v++) {
    const theta = (anglesDeg[v] * Math.PI) / 180;
    const c = Math.cos(theta), s = Math.sin(theta);
    for (let d = 0; d < detectors; d++) {
      const sd = d - cd;
      // Along the ray: x = sd·c − t·s, y = sd·s + t·c; column = cx + x, row = cy − y.
      let sum = 0;
      for (let t = -reach; t <= reach; t++) {
        const col = cx + sd * c - t * s;
        const row = cy - (sd * s + t * c);
        sum += bilinear(image, width, height, col, row);
      }
      out[v * detectors + d] = sum;
    }
    if (onProgress && (v & 7) === 7) onProgress((v + 1) / views);
  }
  return out;
}

function bilinear(image: Float32Array, width: number, height: number, x: number, y: number): number {
  if (x <= -1 || y <= -1 || x >= width || y >= height) return 0;
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const fx = x - x0, fy = y - y0;
  let v = 0;
  if (y0 >= 0) {
    if (x0 >= 0) v += (1 - fx) * (1 - fy) * image[y0 * width + x0];
    if (x0 + 1 < width) v += fx * (1 - fy) * image[y0 * width + x0 + 1];
  }
  if (y0 + 1 < height) {
    if (x0 >= 0) v += (1 - fx) * fy * image[(y0 + 1) * width + x0];
    if (x0 + 1 < width) v += fx * fy * image[(y0 + 1) * width + x0 + 1];
  }
  return v;
}

/**
 * The ramp filter's frequency response for a row FFT of n points: H[m] = 2·Re DFT_n(h)[m] ·
 * window(f_m) for m = 0..n/2, h the spatial ramp placed circularly (h[0] = 1/4,
 * h[±odd k] = −1/(πk)²), f_m = m/n. Using the DFT of h rather than the sampled 2|f| avoids the
 * DC offset that a zero at f = 0 would cause (Kak & Slaney, ch. 3).
 */
export function rampResponse(n: number, window: RampWindow): Float64Array {
  const h = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const offset = k <= n / 2 ? k : k - n;
    h[k] = rampTap(offset);
  }
  const plan = planRealFft(n);
  const re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
  plan.forward(h, re, im);
  const out = new Float64Array(plan.bins);
  for (let m = 0; m < plan.bins; m++) out[m] = 2 * re[m] * rampWindow(window, m / n);
  return out;
}

/**
 * Ramp-filters each sinogram row (views rows of `detectors`): zero-pad to a power of two
 * ≥ 2·detectors (or exactly `detectors` with pad = false, which makes the filtering circular),
 * real FFT, multiply by rampResponse, inverse FFT, keep the first `detectors` samples.
 */
export function rampFilterSinogram(
  sinogram: Float32Array, detectors: number, views: number, window: RampWindow = 'ram-lak', pad = true,
): Float32Array {
  if (sinogram.length !== detectors * views) throw new RangeError(`rampFilterSinogram: ${views} × ${detectors} needs ${detectors * views} values`);
  const n = pad ? Math.max(64, nextPowerOfTwo(2 * detectors)) : detectors;
  const response = rampResponse(n, window);
  const plan = planRealFft(n);
  const row = new Float64Array(n), re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
  const out = new Float32Array(sinogram.length);
  const scale = 1 / n;
  for (let v = 0; v < views; v++) {
    row.fill(0);
    for (let d = 0; d < detectors; d++) row[d] = sinogram[v * detectors + d];
    plan.forward(row, re, im);
    for (let m = 0; m < plan.bins; m++) {
      const g = response[m] * scale;
      re[m] *= g;
      im[m] *= g;
    }
    plan.inverseUnscaled(re, im, row);
    for (let d = 0; d < detectors; d++) out[v * detectors + d] = row[d];
  }
  return out;
}

/**
 * Backprojects a (filtered) sinogram onto a size × size image about its centre with linear
 * interpolation between detector bins, scaled by π/(2·views). Rows [y0, y1) only when given
 * (for splitting across threads); `out` receives them at their place.
 */
export function backproject(
  sinogram: Float32Array, detectors: number, anglesDeg: Float64Array, size: number,
  onProgress?: (fraction: number) => void,
): Float32Array {
  const out = allocFloat32(size * size);
  backprojectRows(sinogram, detectors, anglesDeg, size, 0, size, out, onProgress);
  return out;
}

/** Rows [y0, y1) of backproject into `out` (size × size, row-major). */
export function backprojectRows(
  sinogram: Float32Array, detectors: number, anglesDeg: Float64Array, size: number,
  y0: number, y1: number, out: Float32Array, onProgress?: (fraction: number) => void,
): void {
  const views = anglesDeg.length;
  if (sinogram.length !== views * detectors) throw new RangeError(`backproject: ${views} × ${detectors} needs ${views * detectors} values`);
  if (simdBackprojectRows(sinogram, detectors, anglesDeg, size, y0, y1, out, onProgress)) return;
  const c = (size - 1) / 2, cd = (detectors - 1) / 2;
  const acc = new Float64Array(size);
  const scale = Math.PI / (2 * views);
  for (let row = y0; row < y1; row++) {
    acc.fill(0);
    const y = c - row;
    for (let v = 0; v < views; v++) {
      const theta = (anglesDeg[v] * Math.PI) / 180;
      const ct = Math.cos(theta), st = Math.sin(theta);
      const base = v * detectors;
      // s(x) = x·cos θ + y·sin θ, walked along the row.
      let pos = (0 - c) * ct + y * st + cd;
      for (let col = 0; col < size; col++, pos += ct) {
        const d0 = Math.floor(pos);
        if (d0 >= 0 && d0 + 1 < detectors) {
          const f = pos - d0;
          acc[col] += sinogram[base + d0] * (1 - f) + sinogram[base + d0 + 1] * f;
        } else if (d0 === detectors - 1 && pos === d0) {
          acc[col] += sinogram[base + d0];
        }
      }
    }
    for (let col = 0; col < size; col++) out[row * size + col] = acc[col] * scale;
    if (onProgress && (row & 15) === 15) onProgress((row - y0 + 1) / (y1 - y0));
  }
}

/** Equally spaced angles over [0°, 180°). */
export function projectionAngles(views: number): Float64Array {
  const out = new Float64Array(views);
  for (let v = 0; v < views; v++) out[v] = (180 * v) / views;
  return out;
}

/**
 * The modified Shepp–Logan phantom (Toft's intensities, as skimage and MATLAB's 'Modified
 * Shepp-Logan'), size × size, values in [0, 1]. Coordinates run −1..1 across the image, y up;
 * each ellipse (A, a, b, x0, y0, φ°) adds A inside ((x'/a)² + (y'/b)² ≤ 1), with x', y' the
 * point relative to (x0, y0) rotated by −φ.
 */
export function sheppLoganPhantom(size: number, onProgress?: (fraction: number) => void): Float32Array {
  const ellipses = [
    [1, 0.69, 0.92, 0, 0, 0],
    [-0.8, 0.6624, 0.874, 0, -0.0184, 0],
    [-0.2, 0.11, 0.31, 0.22, 0, -18],
    [-0.2, 0.16, 0.41, -0.22, 0, 18],
    [0.1, 0.21, 0.25, 0, 0.35, 0],
    [0.1, 0.046, 0.046, 0, 0.1, 0],
    [0.1, 0.046, 0.046, 0, -0.1, 0],
    [0.1, 0.046, 0.023, -0.08, -0.605, 0],
    [0.1, 0.023, 0.023, 0, -0.606, 0],
    [0.1, 0.023, 0.046, 0.06, -0.605, 0],
  ];
  // Flat arrays and each ellipse's rotation computed once, not per pixel: the same arithmetic in
  // the same order, so the same image, without per-pixel destructuring and trigonometry.
  const count = ellipses.length;
  const [A, a, b, x0, y0, cos, sin] = Array.from({ length: 7 }, () => new Float64Array(count));
  ellipses.forEach(([intensity, semiX, semiY, centreX, centreY, phi], e) => {
    const p = (phi * Math.PI) / 180;
    A[e] = intensity!;
    a[e] = semiX!;
    b[e] = semiY!;
    x0[e] = centreX!;
    y0[e] = centreY!;
    cos[e] = Math.cos(p);
    sin[e] = Math.sin(p);
  });
  const out = allocFloat32(size * size);
  const half = (size - 1) / 2;
  for (let row = 0; row < size; row++) {
    const y = half === 0 ? 0 : (half - row) / half;
    for (let col = 0; col < size; col++) {
      const x = half === 0 ? 0 : (col - half) / half;
      let v = 0;
      for (let e = 0; e < count; e++) {
        const dx = x - x0[e], dy = y - y0[e];
        const xr = dx * cos[e] + dy * sin[e], yr = -dx * sin[e] + dy * cos[e];
        if ((xr / a[e]) ** 2 + (yr / b[e]) ** 2 <= 1) v += A[e];
      }
      out[row * size + col] = Math.min(1, Math.max(0, v));
    }
    if (onProgress && (row & 63) === 63) onProgress((row + 1) / size);
  }
  return out;
}
