/**
 * The four-step FFT's cheap proxy (docs/fft-performance.md, fifth round): the SIMD 2-D FFT of
 * w × h (row FFTs, then the column kernels, into a reused output) against the 1-D power-of-two
 * FFT of w·h points, alternately in one process, CPU ms per call. If the 2-D transform, which
 * does the four-step's work without its twiddles and transposition, is not well under the 1-D
 * call, a four-step 1-D transform built from the same kernels cannot be either.
 *   node --import tsx bench/fft-2d-proxy.ts out/wasm/convolab-dsp.wasm [--rounds 9]
 */
import { readFileSync } from 'node:fs';
import { planFft } from '../src-shared/dsp';
import { fft2d } from '../src-shared/dsp/fft2d';
import { initSimd } from '../src-shared/dsp/simd/runtime';
import { medianOf, seededNoise } from './harness';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 9;
if (!initSimd(new Uint8Array(readFileSync(args[0])))) throw new Error(`${args[0]}: this runtime does not take it`);

/** CPU ms per call of run, over a batch of at least 20 ms of CPU. */
function cpuPerCall(run: () => void): number {
  for (let calls = 1; ; calls *= 2) {
    const t = process.cpuUsage();
    for (let c = 0; c < calls; c++) run();
    const d = process.cpuUsage(t);
    const ms = (d.user + d.system) / 1000;
    if (ms >= 20) return ms / calls;
  }
}

for (const [w, h] of [[256, 256], [512, 256], [512, 512]]) {
  const n = w * h;
  const xr = seededNoise(n, 1), xi = seededNoise(n, 2), yr = new Float64Array(n), yi = new Float64Array(n);
  const plan = planFft(n);
  const out = { re: new Float64Array(n), im: new Float64Array(n) };
  const oneD: number[] = [], twoD: number[] = [];
  for (let r = 0; r < rounds; r++) {
    oneD.push(cpuPerCall(() => plan.forward(xr, xi, yr, yi)));
    twoD.push(cpuPerCall(() => fft2d(xr, xi, w, h, out)));
  }
  const paired = medianOf(twoD.map((t, r) => t / oneD[r]));
  process.stdout.write(`n = ${n}: 1-D ${medianOf(oneD).toFixed(4)} ms, 2-D ${w} × ${h} ${medianOf(twoD).toFixed(4)} ms, 2-D/1-D ${paired.toFixed(3)}\n`);
}
