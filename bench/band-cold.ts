/**
 * What a warmed band pool buys the first split jobs of a session (docs/image2d-performance.md,
 * "Still open"): a pool made 150 ms before four 2048² σ = 3 blurs, its worker started at the first
 * job (`cold`) or by warm() at once (`warm`). Prints each job's wall ms and the pool's stats.
 *
 *   node --import tsx bench/band-cold.ts cold|warm [band-worker url, default the built one]
 */
import { createParallelDsp } from '../src-main/host/parallel';
import { loadSimd } from '../src-main/dsp/simd';
import { gaussianKernel2d } from '../src-shared/dsp';

await loadSimd();
const warm = process.argv[2] === 'warm';
const workerUrl = new URL(process.argv[3] ?? new URL('../out/cli/band-worker.mjs', import.meta.url).href);
const n = 2048;
const image = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 13) / 13);
const kernel = gaussianKernel2d(3);
const side = Math.sqrt(kernel.length);
const dsp = createParallelDsp({ threads: 2, immutableInputs: true, workerUrl });
if (warm) dsp.warm?.();
// The user opens a graph: some time passes before its first run computes.
await new Promise((resolve) => setTimeout(resolve, 150));
const times: number[] = [];
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  await dsp.convolve2d(image, n, n, kernel, side, side, { mode: 'same', boundary: 'reflect' });
  times.push(performance.now() - t0);
}
console.log(warm ? 'warm' : 'cold', times.map((t) => t.toFixed(1)).join(' '), JSON.stringify(dsp.stats));
await dsp.dispose();
