/**
 * A/B of FFT routes at lengths that are not powers of two, in CPU time (process.cpuUsage: the
 * machine is shared, so wall-clock is not what we compare). Each named route runs alternately
 * after warm-up, in rounds of enough calls for ~20 ms of CPU; the median per call is printed with
 * the load average. Routes: "simd" (the SIMD path as planned), "plain" (the TypeScript path),
 * and the next power of two on the SIMD path for the 4× target of /work/wt/shared/PERF.md.
 *
 * "simd pow2 Bluestein" is the SIMD Bluestein over a power-of-two inner length (the route before
 * docs/fft-any-length.md's change) for lengths the planner runs by Bluestein.
 *
 *   npx tsx bench/fft-any-length.ts [n …]
 */
import { loadavg } from 'node:os';
import { loadSimd } from '../src-main/dsp/simd';
import { fftAlgorithm, nextPowerOfTwo, planFft, planRealFft } from '../src-shared/dsp/fft';
import { simdComplexTransform } from '../src-shared/dsp/simd/fft-simd';
import { setSimdEnabled } from '../src-shared/dsp/simd/runtime';

const simd = await loadSimd();
if (!simd.active) throw new Error(`bench/fft-any-length.ts: the SIMD kernels did not load (${simd.reason})`);

const sizes = process.argv.slice(2).map(Number);
const lengths = sizes.length > 0 ? sizes : [1000, 4095, 100003];

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

type Route = { name: string; simd: boolean; run: () => void };

function complexRoutes(n: number): Route[] {
  const re = Float64Array.from({ length: n }, (_, k) => Math.sin(0.37 * k) + 0.1 * (k % 7));
  const im = Float64Array.from({ length: n }, (_, k) => Math.cos(0.11 * k));
  const or = new Float64Array(n), oi = new Float64Array(n);
  const p = nextPowerOfTwo(n), pr = new Float64Array(p), pi = new Float64Array(p);
  const routes = [
    { name: 'simd', simd: true, run: () => planFft(n).forward(re, im, or, oi) },
    { name: 'plain', simd: false, run: () => planFft(n).forward(re, im, or, oi) },
    { name: `simd ${p}`, simd: true, run: () => planFft(p).forward(pr, pi, pr, pi) },
  ];
  // Bluestein as the SIMD path ran it before the mixed-radix inner lengths: over the power of two.
  if (fftAlgorithm(n) === 'bluestein') {
    routes.push({ name: 'simd pow2 Bluestein', simd: true, run: () => void simdComplexTransform(n, re, im, or, oi, false, false) });
  }
  return routes;
}

function realRoutes(n: number): Route[] {
  const x = Float64Array.from({ length: n }, (_, k) => Math.sin(0.37 * k) + 0.1 * (k % 7));
  const bins = (n >> 1) + 1, or = new Float64Array(bins), oi = new Float64Array(bins);
  const p = nextPowerOfTwo(n), px = new Float64Array(p), qr = new Float64Array(p / 2 + 1), qi = new Float64Array(p / 2 + 1);
  return [
    { name: 'simd', simd: true, run: () => planRealFft(n).forward(x, or, oi) },
    { name: 'plain', simd: false, run: () => planRealFft(n).forward(x, or, oi) },
    { name: `simd ${p}`, simd: true, run: () => planRealFft(p).forward(px, qr, qi) },
  ];
}

function measure(label: string, routes: Route[]): void {
  const calls: number[] = [];
  for (const r of routes) {
    setSimdEnabled(r.simd);
    r.run();
    const t0 = cpuMs();
    let k = 0;
    while (cpuMs() - t0 < 20) {
      r.run();
      k++;
    }
    calls.push(Math.max(1, k));
  }
  const samples: number[][] = routes.map(() => []);
  for (let round = 0; round < 15; round++) {
    routes.forEach((r, i) => {
      setSimdEnabled(r.simd);
      const t0 = cpuMs();
      for (let k = 0; k < calls[i]; k++) r.run();
      samples[i].push((cpuMs() - t0) / calls[i]);
    });
  }
  setSimdEnabled(true);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const cells = routes.map((r, i) => `${r.name} ${median(samples[i]).toFixed(4)}`);
  process.stdout.write(`${label}: ${cells.join(' | ')} ms CPU/call\n`);
}

process.stdout.write(`load average ${loadavg().map((v) => v.toFixed(2)).join(' / ')}\n`);
for (const n of lengths) {
  measure(`complex ${n}`, complexRoutes(n));
  measure(`real ${n}`, realRoutes(n));
}
process.stdout.write(`load average ${loadavg().map((v) => v.toFixed(2)).join(' / ')}\n`);
