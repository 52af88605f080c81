/**
 * The relaxed SIMD build's fused multiply-adds — the 2-D kernels (assembly/image2d.ts) and the
 * FFT kernels' complex multiplies (assembly/complex.ts) — against the f64 TypeScript path and
 * against the plain SIMD build, in one process that has relaxed SIMD: relaxed.test.ts runs it in
 * its own process where that runtime has it, else in a child
 * `node --experimental-wasm-relaxed-simd` (Node 20), which prints the result as JSON.
 */
import { dspWasmBase64, dspWasmRelaxedBase64 } from '../../../src-main/dsp/dsp-wasm.generated.js';
import { loadSimd } from '../../../src-main/dsp/simd';
import {
  type BoundaryMode, type Convolve1dMethod, type Convolve2dMethod, type ConvolveMode, convolve1d, convolve2d, convolve2dRows,
  fft2d, flipKernel, gaussianKernel2d, nextPowerOfTwo, planFft, planRealFft, separateKernel,
} from '../../../src-shared/dsp';
import { separableTiling } from '../../../src-shared/dsp/simd/convolve2d-simd';
import {
  defaultSimdThresholds, initSimd, relaxedSimdSupported, setSimdEnabled, simdCallCounts, simdRuntime, simdThresholds,
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
  /**
   * Whether this runtime fuses f64x2.relaxed_madd (one rounding: x86 with FMA3, ARM), probed by a
   * module of one function apart from ours; and whether the relaxed build's complexMultiply does,
   * on operands whose fused and unfused results differ. Where the runtime does not fuse, the
   * relaxed build computes exactly what the plain one does.
   */
  fused: boolean;
  kernelFused: boolean;
  fft: FftCase[];
}

/** One FFT-family case: Euclidean norms over all outputs (re and im), see fftBounds below. */
export interface FftCase {
  name: string;
  /** The simdCallCounts family the case must have run on the relaxed module. */
  family: string;
  /** ‖relaxed − f64 TypeScript path‖₂ and the bound B on each path's distance from the exact result. */
  error: number;
  bound: number;
  /** ‖plain SIMD build − f64 TypeScript path‖₂: the same bound, and what the fusion changed. */
  plainError: number;
  /** ‖relaxed − plain SIMD build‖₂ and the outputs where they differ. */
  apart: number;
  differing: number;
  /** ‖f64 TypeScript path‖₂ (for relative figures). */
  scale: number;
  /** Calls of the family on the relaxed module. */
  calls: number;
  /** ‖inverse(forward x) − x‖₂ / ‖x‖₂ on each build (complex and real power-of-two cases): an exact reference. */
  roundTripPlain?: number;
  roundTripRelaxed?: number;
  /** Calls on the relaxed module whose scatter ran the pass before the last stage (assembly/fft.ts loadTile). */
  fusedScatters: number;
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
  const report: RelaxedReport = { supported, loaded: undefined, cases: [], tilingMismatches: 0, fused: false, kernelFused: false, fft: [] };
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
    initSimd(relaxedBytes, 'relaxed');
    report.fused = runtimeFuses();
    report.kernelFused = probeFused();
    fftCases(report.fft, plainBytes, relaxedBytes);
  } finally {
    // The build this process had loaded, as it was.
    if (report.loaded === 'relaxed') initSimd(relaxedBytes, 'relaxed');
    else initSimd(plainBytes);
    Object.assign(simdThresholds, defaultSimdThresholds);
    Object.assign(separableTiling, tiling);
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// FFT kernels (assembly/complex.ts): every bound is a normwise one, ‖computed − exact‖₂ ≤ B.
//
// Higham (Accuracy and Stability of Numerical Algorithms, 2nd ed., Thm 24.2): an FFT of log2 n
// radix-2 levels, each a butterfly with one complex multiply by a twiddle known to within μ,
// satisfies ‖ŷ − y‖₂ ≤ L·η/(1 − L·η)·‖y‖₂ with L = log2 n and η = μ + γ₄·(√2 + μ),
// γ_k = k·ε/(1 − k·ε), ε = 2^-53, and ‖y‖₂ = √n·‖x‖₂. The complex multiply's √2·γ₂ holds for the
// fused form as for the plain one (assembly/complex.ts derives it), so one B covers both builds.
// Radix 4 and 8 are two and three such levels with trivial inner twiddles (±i, (±1 ± i)/√2: at most
// the √½ rounding, within η). μ: the host's tables are cos/sin within an ulp each; dif8Rest derives
// w3, w5, w6, w7 from them by up to two complex products (each √2·γ₂), so μ ≤ 8ε.
// A direct radix-p pass (mixed radix, p odd) sums p terms with one twiddle: η_p = μ + γ_{p+3}·(√p + μ)
// per prime factor p (η₂ = η), and the bound is Σ η_p instead of L·η.
// Convolution by transforms of length M (L = log2 M), c = a ∗ b, A = DFT a, B = DFT b:
// ‖Â − A‖₂ ≤ Lη·√M‖a‖₂, ‖B‖∞ ≤ ‖b‖₁, the product adds √2γ₂, the inverse Lη of its input, and
// the 1/M scale makes it ‖ĉ − c‖₂ ≤ (2Lη + 3ε)·‖a‖₂‖b‖₁ + Lη·‖a‖₁‖b‖₂ + O(ε²); the real
// packings (even/odd samples in one complex transform, the packed product, the post pass) add a
// few roundings per bin, counted as one more level on each term: C(a, b) below.
// Bluestein: the convolution of a = chirp·x (‖a‖ = ‖x‖) with the chirp (2n − 1 values of modulus
// 1) plus two chirp multiplies. Rader (real, prime n, H = (n − 1)/2): the convolution of
// z = u + i·v (‖z‖₂ ≤ √2‖x‖₂, ‖z‖₁ ≤ 2‖x‖₁) with the kernel (2H values of modulus ≤ 1).
// Overlap-add with J blocks: Σ_j ‖a_j‖₂ ≤ √J·‖a‖₂, Σ_j ‖a_j‖₁ = ‖a‖₁.
// Each path is within B of the exact result, so two of them are within 2B of each other; the
// check asks ‖relaxed − TypeScript‖₂ ≤ B (the TypeScript path's own error is far below B, as is
// the kernels') and ‖relaxed − plain‖₂ ≤ 2B.

const EPS = 2 ** -53;
const gamma = (k: number): number => (k * EPS) / (1 - k * EPS);
const MU = 8 * EPS;
const ETA = MU + gamma(4) * (Math.SQRT2 + MU);
/** L levels of η (Higham's L·η / (1 − L·η)). */
const levels = (eta: number): number => eta / (1 - eta);
const norm2 = (...vs: ArrayLike<number>[]): number => {
  let s = 0;
  for (const v of vs) for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
};
const norm1 = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.abs(v[i]);
  return s;
};

/** Σ η_p over n's prime factors (η₂ = η per radix-2 level). */
function mixedEta(n: number): number {
  let eta = 0;
  for (let p = 2; n > 1; p++) {
    while (n % p === 0) {
      eta += p === 2 ? ETA : MU + gamma(p + 3) * (Math.sqrt(p) + MU);
      n /= p;
    }
  }
  return eta;
}

/** The convolution bound C above for transforms of log2 length L (real packings: one more level). */
function convolutionBound(L: number, a2: number, a1: number, b2: number, b1: number): number {
  const le = levels((L + 1) * ETA);
  return (2 * le + 3 * EPS) * a2 * b1 + le * a1 * b2;
}

/**
 * f(a, b, c) = lane 0 of f64x2.relaxed_madd(splat a, splat b, splat c), hand-assembled: the
 * runtime's own relaxed_madd, independent of the kernels' build.
 */
const MADD_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7c, 0x7c, 0x7c, 0x01, 0x7c, // type: (f64, f64, f64) → f64
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // exported as "f"
  0x0a, 0x16, 0x01, 0x14, 0x00, // code: one body of 20 bytes, no locals
  0x20, 0x00, 0xfd, 0x14, 0x20, 0x01, 0xfd, 0x14, 0x20, 0x02, 0xfd, 0x14, // local.get i; f64x2.splat (× 3)
  0xfd, 0x87, 0x02, 0xfd, 0x21, 0x00, 0x0b, // f64x2.relaxed_madd; f64x2.extract_lane 0; end
]);

/** Whether the runtime's relaxed_madd rounds once: (1 + 2^-30)·(1 − 2^-30) − 1 = −2^-60 fused, 0 unfused. */
function runtimeFuses(): boolean {
  const f = new WebAssembly.Instance(new WebAssembly.Module(MADD_MODULE)).exports.f as (a: number, b: number, c: number) => number;
  return f(1 + 2 ** -30, 1 - 2 ** -30, -1) === -(2 ** -60);
}

/** Whether the relaxed build's complexMultiply rounds once: Im((1 + i·(1 + 2^-30))·(1 − 2^-30 − i)) = −2^-60 fused, 0 unfused. */
function probeFused(): boolean {
  const rt = simdRuntime()!;
  return rt.heap.withScratch(256, (base) => {
    const f64 = rt.heap.f64, at = base / 8;
    // a = (1, 1 + 2^-30) at base, b = (1 − 2^-30, −1) at base + 32; two lanes each, y at base + 64.
    f64.set([1, 1, 1 + 2 ** -30, 1 + 2 ** -30, 1 - 2 ** -30, 1 - 2 ** -30, -1, -1], at);
    rt.kernels.complexMultiply(base, base + 16, base + 32, base + 48, base + 64, base + 80, 2, 0, 0);
    return rt.heap.f64[at + 10] === -(2 ** -60);
  }) === true;
}

function fftCases(cases: FftCase[], plainBytes: Uint8Array, relaxedBytes: Uint8Array): void {
  let seed = 777;
  const noise = (n: number): Float64Array => Float64Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5);
  /** Runs body on the TypeScript path, the plain module and the relaxed one; outputs concatenated. */
  const three = (
    body: () => Float64Array[], family: string,
  ): { oracle: Float64Array[]; plain: Float64Array[]; got: Float64Array[]; calls: number; fusedScatters: number } => {
    setSimdEnabled(false);
    const oracle = body();
    setSimdEnabled(true);
    initSimd(plainBytes);
    const plain = body();
    initSimd(relaxedBytes, 'relaxed');
    const before = simdCallCounts()[family] ?? 0;
    const fusedBefore = simdRuntime()!.kernels.fftFusedScatters?.() ?? 0;
    const got = body();
    const fusedScatters = (simdRuntime()!.kernels.fftFusedScatters?.() ?? 0) - fusedBefore;
    return { oracle, plain, got, calls: (simdCallCounts()[family] ?? 0) - before, fusedScatters };
  };
  const push = (name: string, family: string, bound: number, r: ReturnType<typeof three>, extra: Partial<FftCase> = {}): void => {
    let e = 0, p = 0, d = 0, differing = 0;
    for (let v = 0; v < r.got.length; v++) {
      for (let i = 0; i < r.got[v].length; i++) {
        e += (r.got[v][i] - r.oracle[v][i]) ** 2;
        p += (r.plain[v][i] - r.oracle[v][i]) ** 2;
        d += (r.got[v][i] - r.plain[v][i]) ** 2;
        if (r.got[v][i] !== r.plain[v][i]) differing++;
      }
    }
    cases.push({ name, family, error: Math.sqrt(e), bound, plainError: Math.sqrt(p), apart: Math.sqrt(d), differing, scale: norm2(...r.oracle), calls: r.calls, fusedScatters: r.fusedScatters, ...extra });
  };
  /** ‖inverse(forward) − x‖₂ / ‖x‖₂ on one module. */
  const roundTrip = (bytes: Uint8Array, kind: 'relaxed' | 'simd', body: () => Float64Array[], x: Float64Array[]): number => {
    initSimd(bytes, kind);
    const back = body();
    let e = 0;
    for (let v = 0; v < x.length; v++) for (let i = 0; i < x[v].length; i++) e += (back[v][i] - x[v][i]) ** 2;
    return Math.sqrt(e) / norm2(...x);
  };

  // Complex and real power-of-two transforms, 2^2 … 2^20.
  for (let log = 2; log <= 20; log++) {
    const n = 2 ** log;
    const re = noise(n), im = noise(n);
    const plan = planFft(n);
    const forward = (): Float64Array[] => {
      const yr = new Float64Array(n), yi = new Float64Array(n);
      plan.forward(re, im, yr, yi);
      return [yr, yi];
    };
    const trip = (): Float64Array[] => {
      const [yr, yi] = forward();
      plan.inverse(yr, yi, yr, yi);
      return [yr, yi];
    };
    const b = levels(log * ETA) * Math.sqrt(n) * norm2(re, im);
    push(`complex 2^${log}`, 'fft', b, three(forward, 'fft'), {
      roundTripPlain: roundTrip(plainBytes, 'simd', trip, [re, im]), roundTripRelaxed: roundTrip(relaxedBytes, 'relaxed', trip, [re, im]),
    });
    if (log < 3) continue;
    const real = planRealFft(n);
    const x = re;
    const rforward = (): Float64Array[] => {
      const br = new Float64Array(real.bins), bi = new Float64Array(real.bins);
      real.forward(x, br, bi);
      return [br, bi];
    };
    const rtrip = (): Float64Array[] => {
      const [br, bi] = rforward();
      const out = new Float64Array(n);
      real.inverse(br, bi, out);
      return [out];
    };
    // The half-length complex transform, then the post pass (one level more); ‖bins‖₂ ≤ √n‖x‖₂.
    push(`real 2^${log}`, 'rfft', levels(log * ETA) * Math.sqrt(n) * norm2(x), three(rforward, 'rfft'), {
      roundTripPlain: roundTrip(plainBytes, 'simd', rtrip, [x]), roundTripRelaxed: roundTrip(relaxedBytes, 'relaxed', rtrip, [x]),
    });
  }

  // Mixed radix (2, 3, 4, 5, 7 and the generic pass: 11, 13), Bluestein (complex primes and a
  // length with a large prime factor), Rader (real primes).
  for (const n of [6, 12, 360, 1000, 2187, 6720, 2288, 3 * 5 * 7 * 11 * 13, 100000]) {
    const re = noise(n), im = noise(n), plan = planFft(n);
    const forward = (): Float64Array[] => {
      const yr = new Float64Array(n), yi = new Float64Array(n);
      plan.forward(re, im, yr, yi);
      return [yr, yi];
    };
    push(`mixed radix ${n}`, 'fft-mixed', levels(mixedEta(n)) * Math.sqrt(n) * norm2(re, im), three(forward, 'fft-mixed'));
  }
  for (const n of [1009, 4099, 2 * 8191, 65537]) {
    const re = noise(n), im = noise(n), plan = planFft(n);
    const forward = (): Float64Array[] => {
      const yr = new Float64Array(n), yi = new Float64Array(n);
      plan.forward(re, im, yr, yi);
      return [yr, yi];
    };
    const L = Math.log2(nextPowerOfTwo(2 * n - 1));
    const x2 = norm2(re, im), x1 = norm1(re) + norm1(im);
    const bound = convolutionBound(L, x2, x1, Math.sqrt(2 * n - 1), 2 * n - 1) + 2 * Math.SQRT2 * gamma(2) * Math.sqrt(n) * x2;
    push(`Bluestein ${n}`, 'fft-bluestein', bound, three(forward, 'fft-bluestein'));
  }
  for (const n of [257, 1009, 4099, 65537]) {
    const x = noise(n), real = planRealFft(n);
    const forward = (): Float64Array[] => {
      const br = new Float64Array(real.bins), bi = new Float64Array(real.bins);
      real.forward(x, br, bi);
      return [br, bi];
    };
    const h = (n - 1) / 2, L = Math.log2(nextPowerOfTwo(2 * h - 1));
    // Plus bin 0's sum of n terms (γ_n·‖x‖₁) and x[0] added to every other bin (ε·‖y‖₂ ≤ ε·√n·‖x‖₂).
    const bound = convolutionBound(L, Math.SQRT2 * norm2(x), 2 * norm1(x), Math.sqrt(2 * h), 2 * h) + gamma(n) * norm1(x) + EPS * Math.sqrt(n) * norm2(x);
    push(`Rader real ${n}`, 'rfft-rader', bound, three(forward, 'rfft-rader'));
  }

  // 2-D, power-of-two sides: rows, then columns (assembly/columns.ts): log2(w·h) levels in all,
  // ‖Y‖₂ = √(wh)·‖x‖₂.
  for (const [w, h] of [[16, 16], [64, 32], [256, 512], [1024, 256]] as Array<[number, number]>) {
    const re = noise(w * h), im = noise(w * h);
    const forward = (): Float64Array[] => {
      const y = fft2d(re, im, w, h);
      return [y.re, y.im];
    };
    push(`fft2d ${w}×${h}`, 'fft2d', levels(Math.log2(w * h) * ETA) * Math.sqrt(w * h) * norm2(re, im), three(forward, 'fft2d'));
  }

  // convolve1d through the FFT (one transform) and overlap-add (blocks), every mode.
  const pairs: Array<[number, number]> = [[40, 7], [1000, 37], [5000, 300], [20000, 1025], [100000, 129], [3, 4000]];
  for (const [na, nb] of pairs) {
    const a = noise(na), b = noise(nb);
    for (const method of ['fft', 'overlap-add'] as Convolve1dMethod[]) {
      for (const mode of ['full', 'same', 'valid'] as ConvolveMode[]) {
        const family = method === 'fft' ? 'convolve1d-fft' : 'convolve1d-overlap-add';
        const r = three(() => [convolve1d(a, b, { method, mode })], family);
        if (r.got[0].length === 0) continue;
        // One transform of at most 2·nextPow2(na + nb) points; overlap-add: blocks of at least two
        // new samples each (step = size − short + 1 ≥ 2), so J ≤ ⌈long / 2⌉.
        const L = Math.log2(nextPowerOfTwo(na + nb)) + 1;
        const [long, short] = na >= nb ? [a, b] : [b, a];
        const J = method === 'fft' ? 1 : Math.ceil(long.length / 2);
        const bound = convolutionBound(L, Math.sqrt(J) * norm2(long), norm1(long), norm2(short), norm1(short));
        push(`convolve1d ${method} ${na}∗${nb} ${mode}`, family, bound, r);
      }
    }
  }
}

if (process.argv[1]?.endsWith('relaxed-check.ts')) {
  process.stdout.write(`${JSON.stringify(await relaxedReport())}\n`);
}
