/**
 * Measures the constants of convolve1d's cost model on this machine: nanoseconds per direct
 * multiply-add, per n·log2 n of a real FFT, per spectrum bin. Prints them; paste into
 * src-shared/dsp/convolve1d.ts. Run: npx tsx bench/fit-convolve.ts
 */
import { convolveDirectWindow, convolveOverlapAddWindow } from '../src-shared/dsp/convolve1d';
import { planRealFft } from '../src-shared/dsp/fft';

function median(f: () => void, reps: number): number {
  f();
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const s = performance.now();
    f();
    t.push(performance.now() - s);
  }
  t.sort((x, y) => x - y);
  return t[t.length >> 1];
}
const random = (n: number) => Float64Array.from({ length: n }, () => Math.random() - 0.5);

const directRates: number[] = [];
for (const [na, nb] of [[1 << 16, 64], [1 << 14, 1024], [4096, 4096]]) {
  const a = random(na), b = random(nb), out = new Float64Array(na + nb - 1);
  const ms = median(() => convolveDirectWindow(a, b, 0, out), 5);
  directRates.push((ms * 1e6) / (na * nb));
}
const fftRates: number[] = [];
for (const n of [1 << 12, 1 << 16, 1 << 18, 1 << 20]) {
  const plan = planRealFft(n);
  const x = random(n), re = new Float64Array(n / 2 + 1), im = new Float64Array(n / 2 + 1);
  const ms = median(() => plan.forward(x, re, im), 7);
  fftRates.push((ms * 1e6) / (n * Math.log2(n)));
}
const a = random(1 << 18), b = random(1000), out = new Float64Array(a.length + b.length - 1);
const oa = median(() => convolveOverlapAddWindow(a, b, 0, out, 4096), 5);
console.log({ directNsPerMac: directRates, fftNsPerNLogN: fftRates, overlapAdd4096Ms: oa });
