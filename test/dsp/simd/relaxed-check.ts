/**
 * The 2-D kernels of the relaxed SIMD build (fused multiply-add, assembly/image2d.ts) against the
 * f64 TypeScript path and against the plain SIMD build, in one process that has relaxed SIMD:
 * relaxed.test.ts runs it in its own process where that runtime has it, else in a child
 * `node --experimental-wasm-relaxed-simd` (Node 20), which prints the result as JSON.
 */
import { dspWasmBase64, dspWasmRelaxedBase64 } from '../../../src-main/dsp/dsp-wasm.generated.js';
import { loadSimd } from '../../../src-main/dsp/simd';
import {
  type BoundaryMode, type Convolve2dMethod, type ConvolveMode, convolve2d, convolve2dRows, flipKernel, gaussianKernel2d,
  separateKernel,
} from '../../../src-shared/dsp';
import { separableTiling } from '../../../src-shared/dsp/simd/convolve2d-simd';
import {
  defaultSimdThresholds, initSimd, relaxedSimdSupported, setSimdEnabled, simdCallCounts, simdThresholds,
} from '../../../src-shared/dsp/simd/runtime';

export interface RelaxedCase {
  name: string;
  /** Largest |relaxed − f64 path| and the bound the kernels' comment derives (test/dsp/image2d-f32.test.ts). */
  error: number;
  bound: number;
  /** Largest |relaxed − plain SIMD build| and pixels where they differ. */
  apart: number;
  differing: number;
  /** SIMD calls of the method's family this case made, and output pixels ('valid' may have none). */
  calls: number;
  pixels: number;
}

export interface RelaxedReport {
  supported: boolean;
  /** What loadSimd() chose in this process. */
  loaded: string | undefined;
  cases: RelaxedCase[];
  /** Tiled (strips, blocks, bands) against untiled, relaxed build: pixels that differ (must be 0). */
  tilingMismatches: number;
}

const U = 2 ** -24;
const BOUNDARIES: BoundaryMode[] = ['zero', 'reflect', 'nearest', 'wrap'];
const sumAbs = (v: Float64Array): number => v.reduce((s, x) => s + Math.abs(x), 0);
const maxAbs = (v: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
};

function bound(method: Convolve2dMethod, kernel: Float64Array, kw: number, kh: number, image: Float32Array): number {
  if (method === 'separable') {
    const f = separateKernel(flipKernel(kernel, kw, kh), kw, kh)!;
    return (kw + kh + 3) * U * sumAbs(f.column) * sumAbs(f.row) * maxAbs(image);
  }
  return (kw + 2) * U * sumAbs(kernel) * maxAbs(image);
}

export async function relaxedReport(): Promise<RelaxedReport> {
  const supported = relaxedSimdSupported();
  const report: RelaxedReport = { supported, loaded: undefined, cases: [], tilingMismatches: 0 };
  if (!supported) return report;
  report.loaded = (await loadSimd({})).module;
  const plainBytes = new Uint8Array(Buffer.from(dspWasmBase64, 'base64'));
  const relaxedBytes = new Uint8Array(Buffer.from(dspWasmRelaxedBase64, 'base64'));
  const tiling = { ...separableTiling };
  setSimdEnabled(true);
  for (const key of Object.keys(simdThresholds) as (keyof typeof simdThresholds)[]) simdThresholds[key] = 1;
  try {
    let seed = 4242;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    // Random sizes (odd widths, every width mod 16), images narrower than the kernel, one pixel.
    const sizes: Array<[number, number]> = [[1, 1], [5, 3], [13, 40], [203, 61], [157, 53], [8, 100]];
    for (let t = 0; t < 6; t++) sizes.push([1 + Math.floor(random() * 150), 1 + Math.floor(random() * 60)]);
    const kernels: Array<[string, Convolve2dMethod, Float64Array, number, number]> = [
      ['gaussian σ=3', 'separable', gaussianKernel2d(3), 19, 19],
      ['gaussian σ=1', 'separable', gaussianKernel2d(1), 7, 7],
      ['rank 1, not mirrored', 'separable', Float64Array.from([1, -2, 0.5, 3, 0.25].flatMap((c) => [0.3, 1, -0.7, 2].map((r) => c * r))), 4, 5],
      ['generic 9×7', 'direct', Float64Array.from({ length: 63 }, () => random() - 0.5), 9, 7],
    ];
    for (const [w, h] of sizes) {
      const image = Float32Array.from({ length: w * h }, () => random() * 4 - 1);
      for (const [name, method, kernel, kw, kh] of kernels) {
        for (const boundary of BOUNDARIES) {
          for (const mode of ['same', 'full', 'valid'] as ConvolveMode[]) {
            const options = { method, boundary, mode };
            setSimdEnabled(false);
            const oracle = convolve2d(image, w, h, kernel, kw, kh, options).data;
            setSimdEnabled(true);
            initSimd(plainBytes);
            const plain = convolve2d(image, w, h, kernel, kw, kh, options).data;
            initSimd(relaxedBytes, 'relaxed');
            const family = `convolve2d-${method}`;
            const before = simdCallCounts()[family] ?? 0;
            const got = convolve2d(image, w, h, kernel, kw, kh, options).data;
            let error = 0, apart = 0, differing = 0;
            for (let i = 0; i < got.length; i++) {
              error = Math.max(error, Math.abs(got[i] - oracle[i]));
              apart = Math.max(apart, Math.abs(got[i] - plain[i]));
              if (got[i] !== plain[i]) differing++;
            }
            report.cases.push({
              name: `${name} ${w}×${h} ${boundary} ${mode}`, error, bound: bound(method, kernel, kw, kh, image), apart, differing,
              calls: (simdCallCounts()[family] ?? 0) - before, pixels: got.length,
            });
          }
        }
      }
    }
    // Strips, blocks and bands cut at odd rows give the untiled pixels on the relaxed build too.
    const w = 203, h = 61, kernel = gaussianKernel2d(2.5), k = 17;
    const image = Float32Array.from({ length: w * h }, random);
    for (const boundary of BOUNDARIES) {
      const options = { method: 'separable' as const, boundary, mode: 'same' as const };
      Object.assign(separableTiling, { ringBytes: 1 << 30, blockRows: 1000 });
      const whole = convolve2d(image, w, h, kernel, k, k, options).data;
      Object.assign(separableTiling, { ringBytes: 4 * k * 64, blockRows: 5 });
      const banded = new Float32Array(w * h);
      const cuts = [0, 1, 4, 30, 31, h];
      for (let b = 0; b + 1 < cuts.length; b++) convolve2dRows(image, w, h, kernel, k, k, options, cuts[b], cuts[b + 1], banded);
      for (let i = 0; i < whole.length; i++) if (banded[i] !== whole[i]) report.tilingMismatches++;
    }
  } finally {
    // The build this process had loaded, as it was.
    if (report.loaded === 'relaxed') initSimd(relaxedBytes, 'relaxed');
    else initSimd(plainBytes);
    Object.assign(simdThresholds, defaultSimdThresholds);
    Object.assign(separableTiling, tiling);
  }
  return report;
}

if (process.argv[1]?.endsWith('relaxed-check.ts')) {
  process.stdout.write(`${JSON.stringify(await relaxedReport())}\n`);
}
