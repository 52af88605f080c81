/**
 * Old module against new in one process, alternately: the separable Gaussian into a reused output
 * (convolve2dRows), CPU time per call (process.cpuUsage), min and median per module. Usage:
 *   node [--experimental-wasm-relaxed-simd] --import tsx bench/separable-ab.ts a.wasm b.wasm [--size 1024 --sigma 3 --rounds 8]
 * A module is a .wasm file (out/wasm/… of a build). The JavaScript around the kernels is this
 * checkout's, so changes to convolve2d-simd.ts are compared by separate processes instead.
 */
import { readFileSync } from 'node:fs';
import { convolve2dRows, gaussianKernel2d } from '../src-shared/dsp';
import { initSimd } from '../src-shared/dsp/simd/runtime';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const files = args.filter((a, i) => a.endsWith('.wasm') && !args[i - 1]?.startsWith('--'));
const size = option('size', 1024), sigma = option('sigma', 3), rounds = option('rounds', 8), calls = option('calls', 30);
const k = 2 * Math.ceil(3 * sigma) + 1;
const kernel = gaussianKernel2d(sigma);
const image = new Float32Array(size * size);
for (let i = 0; i < image.length; i++) image[i] = Math.sin(i * 0.37) * 0.5 + 1;
const out = new Float32Array(size * size);
const modules = files.map((f) => new Uint8Array(readFileSync(f)));
const times: number[][] = files.map(() => []);
const opts = { mode: 'same' as const, boundary: 'reflect' as const };
for (let r = 0; r < rounds; r++) {
  for (let m = 0; m < modules.length; m++) {
    if (!initSimd(modules[m])) throw new Error(`${files[m]}: this runtime does not take it`);
    for (let w = 0; w < 5; w++) convolve2dRows(image, size, size, kernel, k, k, opts, 0, size, out);
    for (let c = 0; c < calls; c++) {
      const t = process.cpuUsage();
      convolve2dRows(image, size, size, kernel, k, k, opts, 0, size, out);
      const d = process.cpuUsage(t);
      times[m].push((d.user + d.system) / 1000);
    }
  }
}
for (let m = 0; m < files.length; m++) {
  const s = times[m].sort((a, b) => a - b);
  process.stdout.write(`${files[m]}: ${size}² σ=${sigma} CPU ms min ${s[0].toFixed(3)} median ${s[s.length >> 1].toFixed(3)} (${s.length} calls)\n`);
}
