/**
 * Measures the constants of convolve1d's cost model on this machine (minimum of repeats, which
 * is what a shared noisy machine can measure): nanoseconds per direct multiply-add and per
 * output; per point of one overlap-add block of each power-of-two size, measured inside a real
 * overlap-add run over a long signal (copy in, planRealFilter.apply, add out, with the caches
 * as that loop leaves them); and per point of building the filter plan.
 * Prints them as the tables convolve1d.ts uses. Run: npx tsx bench/fit-convolve.ts
 */
import { convolveDirectWindow, convolveOverlapAddWindow } from '../src-shared/dsp/convolve1d';
import { planRealFilter } from '../src-shared/dsp/fft';

function fastest(f: () => void, budgetMs = 300): number {
  for (let warm = performance.now(); performance.now() - warm < 100;) f();
  let best = Infinity;
  for (let start = performance.now(), count = 0; count < 5 || performance.now() - start < budgetMs; count++) {
    const s = performance.now();
    f();
    best = Math.min(best, performance.now() - s);
  }
  return best;
}
const random = (n: number) => Float64Array.from({ length: n }, () => Math.random() - 0.5);

// Direct: time = a·(multiply-adds) + b·(outputs), from two shapes with different tap counts.
const directFit: Array<{ taps: number; nsPerMac: number }> = [];
for (const [na, nb] of [[1 << 16, 8], [1 << 16, 64], [1 << 14, 1024]]) {
  const a = random(na), b = random(nb), out = new Float64Array(na + nb - 1);
  const ms = fastest(() => convolveDirectWindow(a, b, 0, out));
  directFit.push({ taps: nb, nsPerMac: (ms * 1e6) / (na * nb) });
}
const apply: number[] = [], plan: number[] = [];
const long = random(1 << 21);
for (let log = 2; log <= 22; log++) {
  const n = 1 << log;
  const f = random(n >> 1);
  plan[log] = (fastest(() => planRealFilter(f, n), log > 18 ? 1500 : 300) * 1e6) / n;
  // Blocks of n points with a kernel of n/8 taps over max(2^21, 4n) samples, plan excluded.
  const signal = n * 4 > long.length ? random(4 * n) : long, taps = Math.max(1, n >> 3);
  const step = n - taps + 1, blocks = Math.ceil(signal.length / step);
  const kernel = random(taps), out = new Float64Array(signal.length + taps - 1);
  const whole = fastest(() => convolveOverlapAddWindow(signal, kernel, 0, out, n), log > 18 ? 3000 : 600);
  apply[log] = Math.max(0, (whole * 1e6 - plan[log] * n) / (blocks * n));
}
const fmt = (t: number[]) => '[' + t.map((v) => (v === undefined ? '0' : v.toFixed(2))).join(', ') + ']';
console.log('direct ns per multiply-add:', directFit.map((d) => `${d.taps} taps ${d.nsPerMac.toFixed(3)}`).join(', '));
console.log(`const BLOCK_NS = ${fmt(apply)}; // per point of one overlap-add block, index log2 n`);
console.log(`const PLAN_NS = ${fmt(plan)}; // per point of building a filter plan, index log2 n`);
