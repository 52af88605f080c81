/**
 * CPU time per call of convolve1d on issue 17's two 1-D cases (65536 × 65536 full, the
 * 1,000,000 × 48,000 reverb) and of the power-of-two FFTs, for comparing with bench/scipy-cpu.py
 * on a loaded machine: process.cpuUsage (user + system) around each call, median of repeats,
 * minor page faults per call. Run: nice npx tsx bench/convolve-cpu.ts [repeats]
 */
import { loadSimd } from '../src-main/dsp/simd';
import { convolve1d, planFft, planRealFft } from '../src-shared/dsp';

const repeats = Number(process.argv[2] ?? 30);
const status = await loadSimd();
if (!status.active) throw new Error(`bench/convolve-cpu.ts: the SIMD path is off (${status.reason})`);
let seed = 12345;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
const randomF64 = (n: number) => { const a = new Float64Array(n); for (let i = 0; i < n; i++) a[i] = random(); return a; };

function cpuMs(f: () => void, count: number): { ms: number; faults: number } {
  for (let i = 0; i < 3; i++) f();
  const times: number[] = [];
  const f0 = process.resourceUsage().minorPageFault;
  for (let i = 0; i < count; i++) {
    const c = process.cpuUsage();
    f();
    const d = process.cpuUsage(c);
    times.push((d.user + d.system) / 1000);
  }
  const faults = (process.resourceUsage().minorPageFault - f0) / count;
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(count / 2)], faults };
}

const rows: Array<[string, number, number]> = [];
for (const [na, nb] of [[1 << 16, 1 << 16], [1_000_000, 48_000]] as const) {
  const a = randomF64(na), b = randomF64(nb);
  const count = na > 100_000 ? Math.ceil(repeats / 3) : repeats;
  const r = cpuMs(() => { convolve1d(a, b); }, count);
  rows.push([`convolve1d ${na}x${nb}`, r.ms, r.faults]);
  // The same into one reused output (the engine's pool or a caller's buffer): no fresh pages.
  const out = new Float64Array(na + nb - 1);
  for (const method of ['auto', 'fft', 'overlap-add'] as const) {
    const q = cpuMs(() => { convolve1d(a, b, { method, out }); }, count);
    rows.push([`  ${method}, reused output`, q.ms, q.faults]);
  }
}
for (const n of [1 << 16, 1 << 20]) {
  const plan = planFft(n);
  const xr = randomF64(n), xi = randomF64(n), yr = new Float64Array(n), yi = new Float64Array(n);
  const r = cpuMs(() => plan.forward(xr, xi, yr, yi), n > 100_000 ? Math.ceil(repeats / 3) : repeats);
  rows.push([`fft complex ${n}`, r.ms, r.faults]);
  const real = planRealFft(n);
  const x = randomF64(n), re = new Float64Array(real.bins), im = new Float64Array(real.bins);
  const q = cpuMs(() => real.forward(x, re, im), n > 100_000 ? Math.ceil(repeats / 3) : repeats);
  rows.push([`fft real ${n}`, q.ms, q.faults]);
}
for (const [name, ms, faults] of rows) console.log(`${name.padEnd(32)} ${ms.toFixed(3).padStart(8)} ms CPU  ${faults.toFixed(0).padStart(6)} faults/call`);
