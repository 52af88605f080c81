/**
 * What the first transform of a power of two pays in a fresh process: the SIMD plan (pow2Plan's
 * twiddle tables; with --real, the half length's plan and realTables), then the first public
 * forward call on it, then a second one (warm: the steady state, for comparison). Wall time
 * (performance.now) and CPU time (process.cpuUsage) in ms, one JSON line. The plan is cached per
 * process, so measure each side in its own process, alternating. Usage:
 *   node --import tsx bench/fft-plan-first.ts <log2 n> [fft-simd module] [--real]
 * The module (default: this checkout's src-shared/dsp/simd/fft-simd.ts) supplies pow2Plan and
 * realTables, e.g. a copy of an older fft-simd.ts with its './runtime' import pointed at this
 * checkout's runtime.ts: its plan lands in the same cache the public call then reads.
 */
import { pathToFileURL } from 'node:url';
import { dspWasmBase64 } from '../src-main/dsp/dsp-wasm.generated.js';
import { planFft, planRealFft } from '../src-shared/dsp';
import * as current from '../src-shared/dsp/simd/fft-simd';
import { initSimd, simdRuntime } from '../src-shared/dsp/simd/runtime';
import { seededNoise } from './harness';

const args = process.argv.slice(2);
const real = args.includes('--real');
const [logArg, modulePath] = args.filter((a) => !a.startsWith('--'));
const log = Number(logArg), n = 2 ** log;
const impl = (modulePath ? await import(pathToFileURL(modulePath).href) : current) as typeof current;
if (!initSimd(new Uint8Array(Buffer.from(dspWasmBase64, 'base64')))) throw new Error('no SIMD runtime');
const rt = simdRuntime()!;

/** Wall and CPU ms of run. */
function timed(run: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage(), w = performance.now();
  run();
  const wall = performance.now() - w, d = process.cpuUsage(c);
  return { wall: +wall.toFixed(2), cpu: +((d.user + d.system) / 1000).toFixed(2) };
}

const x = seededNoise(n, 1), xi = seededNoise(n, 2);
let plan: { wall: number; cpu: number }, first, second;
if (real) {
  plan = timed(() => {
    impl.pow2Plan(rt, log - 1);
    impl.realTables(rt, n);
  });
  const p = planRealFft(n), re = new Float64Array(p.bins), im = new Float64Array(p.bins);
  first = timed(() => p.forward(x, re, im));
  second = timed(() => p.forward(x, re, im));
} else {
  plan = timed(() => impl.pow2Plan(rt, log));
  const p = planFft(n), yr = new Float64Array(n), yi = new Float64Array(n);
  first = timed(() => p.forward(x, xi, yr, yi));
  second = timed(() => p.forward(x, xi, yr, yi));
}
console.log(JSON.stringify({ log, real, module: modulePath ?? 'current', plan, first, second }));
