import { describe, expect, it } from 'vitest';
import {
  backproject, boxKernel, convolve1d, convolveOutputStart, correlateOutputStart, fft, gaussianKernel1d, gaussianKernel2d,
  identityKernel, laplacianKernel, projectionAngles, radon, rampFilterSinogram, rampKernel, rampWindow, sharpenKernel,
  sheppLoganPhantom, sobelKernel,
} from '../../src-shared/dsp';

describe('kernels (NODES.md formulas)', () => {
  it('gaussian 1-D: exp(−i²/2σ²) over −ceil(3σ)..ceil(3σ), sums to 1', () => {
    const g = gaussianKernel1d(2);
    expect(g.length).toBe(13);
    expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(g[6 + 2] / g[6]).toBeCloseTo(Math.exp(-4 / 8), 14);
    const raw = gaussianKernel1d(1, 2, false);
    expect(Array.from(raw)).toEqual([-2, -1, 0, 1, 2].map((i) => Math.exp(-i * i / 2)));
  });
  it('gaussian 2-D is the outer product', () => {
    const g1 = gaussianKernel1d(1.5, 4), g2 = gaussianKernel2d(1.5, 4);
    expect(g2.length).toBe(81);
    expect(g2[2 * 9 + 7]).toBeCloseTo(g1[2] * g1[7], 15);
  });
  it('box, identity, laplacian, sobel, sharpen', () => {
    expect(Array.from(boxKernel(3, 1))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(boxKernel(3).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
    expect(Array.from(identityKernel(3))).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(laplacianKernel(4))).toEqual([0, -1, 0, -1, 4, -1, 0, -1, 0]);
    expect(laplacianKernel(8).reduce((s, v) => s + v, 0)).toBe(0);
    expect(Array.from(sobelKernel('x'))).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
    expect(Array.from(sobelKernel('y'))).toEqual([-1, -2, -1, 0, 0, 0, 1, 2, 1]);
    expect(Array.from(sharpenKernel(2))).toEqual([0, -2, 0, -2, 9, -2, 0, -2, 0]);
  });
  it('ramp ram-lak: h[0] = 1/4, h[odd k] = −1/(πk)², h[even] = 0, centred', () => {
    const h = rampKernel(9);
    expect(h[4]).toBe(0.25);
    expect(h[5]).toBeCloseTo(-1 / Math.PI ** 2, 16);
    expect(h[3]).toBe(h[5]);
    expect(h[7]).toBeCloseTo(-1 / (9 * Math.PI ** 2), 16);
    expect(h[6]).toBe(0);
  });
  it('ramp windows multiply the DFT of the ram-lak taps by W(f)', () => {
    const n = 33, half = 16;
    const base = rampKernel(n), windowed = rampKernel(n, 'hann');
    const circ = (h: Float64Array) => { const r = new Float64Array(n); for (let k = -half; k <= half; k++) r[(k + n) % n] = h[k + half]; return fft(r, new Float64Array(n)); };
    const B = circ(base), W = circ(windowed);
    for (let m = 0; m < n; m++) {
      const f = (m <= half ? m : m - n) / n;
      expect(W.re[m]).toBeCloseTo(B.re[m] * rampWindow('hann', f), 12);
    }
    expect(windowed[half]).toBeLessThan(base[half]);
  });
});

describe('1-D output starts (NODES.md)', () => {
  it('full starts at a.start + b.start, same at a.start, valid where b fits inside a', () => {
    expect(convolveOutputStart(1, 1, 6, 6, 'full')).toBe(2); // two dice: sums from 2
    expect(convolveOutputStart(3, -2, 10, 5, 'same')).toBe(3);
    expect(convolveOutputStart(0, -2, 10, 5, 'valid')).toBe(2);
    expect(correlateOutputStart(0, 0, 10, 3, 'full')).toBe(-2);
  });
  it('same follows the kernel start, not its size', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5), b = Float64Array.of(1, 10);
    // b starts at 0: output[k] = a[k] + 10·a[k−1]
    expect(Array.from(convolve1d(a, b, { mode: 'same', bStart: 0 }))).toEqual([1, 12, 23, 34, 45]);
    // b starts at −1: output[k] = a[k+1] + 10·a[k]
    expect(Array.from(convolve1d(a, b, { mode: 'same', bStart: -1 }))).toEqual([12, 23, 34, 45, 50]);
  });
  it('two dice: the PMF of the sum', () => {
    const die = new Float64Array(6).fill(1 / 6);
    const sum = convolve1d(die, die);
    expect(sum.length).toBe(11);
    expect(sum[7 - 2]).toBeCloseTo(6 / 36, 15);
  });
});

describe('CT: radon → ramp filter → backproject', () => {
  const N = 128, views = 180, D = Math.ceil(N * Math.SQRT2);
  const phantom = sheppLoganPhantom(N);
  const angles = projectionAngles(views);
  const recon = backproject(rampFilterSinogram(radon(phantom, N, N, angles, D), D, views, 'ram-lak'), D, angles, N);
  const errors = (flipRows: boolean) => {
    let se = 0, count = 0, sumRec = 0, sumRef = 0;
    for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) {
      const x = (c - (N - 1) / 2) / ((N - 1) / 2), y = (r - (N - 1) / 2) / ((N - 1) / 2);
      if (x * x + y * y > 0.9) continue;
      const v = recon[(flipRows ? N - 1 - r : r) * N + c];
      se += (v - phantom[r * N + c]) ** 2;
      count++;
      sumRec += v;
      sumRef += phantom[r * N + c];
    }
    return { rmse: Math.sqrt(se / count), ratio: sumRec / sumRef };
  };
  it('phantom: values in [0, 1], skimage intensities (1, 0.2, 0.3 …)', () => {
    expect(Math.max(...phantom)).toBeCloseTo(1, 6);
    expect(Math.min(...phantom)).toBe(0);
    expect(phantom[(N / 2) * N + N / 2]).toBeCloseTo(0.2, 6);
  });
  it('reconstructs the phantom upright at the right amplitude (RMSE < 0.08 inside the disc)', () => {
    const { rmse, ratio } = errors(false);
    expect(rmse).toBeLessThan(0.08); // measured 0.064 at 128², 180 views, ram-lak
    expect(Math.abs(ratio - 1)).toBeLessThan(0.02);
    expect(errors(true).rmse).toBeGreaterThan(2 * rmse); // a mirrored result would fail
  });
  it('a single off-centre point projects to the detector where s = x cos θ + y sin θ', () => {
    const img = new Float32Array(33 * 33);
    img[16 * 33 + 26] = 1; // x = +10, y = 0
    const sino = radon(img, 33, 33, Float64Array.of(0, 90, 180), 47);
    const peak = (v: number) => { let best = 0; for (let d = 0; d < 47; d++) if (sino[v * 47 + d] > sino[v * 47 + best]) best = d; return best - 23; };
    expect([peak(0), peak(1), peak(2)]).toEqual([10, 0, -10]);
  });
});
