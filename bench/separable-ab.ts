/**
 * Separable Gaussian builds against each other in one process, alternately: convolve2dRows into a
 * reused output, CPU time per call (process.cpuUsage), min, first quartile and median per side.
 * Usage:
 *   node [--experimental-wasm-relaxed-simd] --import tsx bench/separable-ab.ts SIDE SIDE … \
 *     [--size 1024 --sigma 3 --rounds 8 --calls 30 --block 32 --ring 160 --copies]
 * A SIDE is a module, `a.wasm` (out/wasm/… of a build), run by this checkout's JavaScript, or
 * `DIR=a.wasm`: DIR's src-shared (e.g. `git archive <commit> src-shared | tar -x -C DIR`) with
 * that module. Each checkout's modules keep their own runtime and memory, so JavaScript changes
 * are compared in one process too, not in alternate processes under a different load.
 * --block and --ring set separableTiling (block rows, ring KB) on every side. --copies also times
 * each side with the strip kernel skipped: what is left is the copies into and out of the module
 * and the JavaScript around them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const sides = args.filter((a, i) => a.endsWith('.wasm') && !args[i - 1]?.startsWith('--'));
const size = option('size', 1024), sigma = option('sigma', 3), rounds = option('rounds', 8), calls = option('calls', 30);
const copies = args.includes('--copies');
const k = 2 * Math.ceil(3 * sigma) + 1;

// With --copies every instance's strip kernel is wrapped so that it can be skipped.
let skipKernel = false;
if (copies) {
  const api = WebAssembly as unknown as { Instance: new (m: object, i: object) => { exports: Record<string, unknown> } };
  const Instance = api.Instance;
  api.Instance = function (module: object, imports: object) {
    const exports = { ...new Instance(module, imports).exports };
    const strip = exports.separableStripF32 as (...a: number[]) => void;
    exports.separableStripF32 = (...a: number[]) => { if (!skipKernel) strip(...a); };
    return { exports };
  } as unknown as typeof Instance;
}

interface Side {
  name: string;
  dsp: typeof import('../src-shared/dsp');
  runtime: typeof import('../src-shared/dsp/simd/runtime');
  tiling: typeof import('../src-shared/dsp/simd/convolve2d-simd').separableTiling;
  bytes: Uint8Array;
}
const loaded: Side[] = [];
for (const side of sides) {
  const [dir, file] = side.includes('=') ? side.split('=') : [resolve(import.meta.dirname, '..'), side];
  const root = resolve(dir, 'src-shared/dsp');
  loaded.push({
    name: side,
    dsp: await import(`${root}/index.ts`),
    runtime: await import(`${root}/simd/runtime.ts`),
    tiling: (await import(`${root}/simd/convolve2d-simd.ts`)).separableTiling,
    bytes: new Uint8Array(readFileSync(file)),
  });
}
for (const s of loaded) {
  if (args.includes('--block')) s.tiling.blockRows = option('block', 32);
  if (args.includes('--ring')) s.tiling.ringBytes = option('ring', 160) * 1024;
}

const kernel = loaded[0].dsp.gaussianKernel2d(sigma);
const image = new Float32Array(size * size);
for (let i = 0; i < image.length; i++) image[i] = Math.sin(i * 0.37) * 0.5 + 1;
const out = new Float32Array(size * size);
const opts = { mode: 'same' as const, boundary: 'reflect' as const };
const modes = copies ? [false, true] : [false];
const times = loaded.map(() => modes.map((): number[] => []));
for (let r = 0; r < rounds; r++) {
  loaded.forEach((s, m) => {
    // Sides with the same checkout share its runtime: each round loads the side's module again.
    if (!s.runtime.initSimd(s.bytes)) throw new Error(`${s.name}: this runtime does not take it`);
    const run = (): void => s.dsp.convolve2dRows(image, size, size, kernel, k, k, opts, 0, size, out);
    for (const [j, skip] of modes.entries()) {
      skipKernel = skip;
      for (let w = 0; w < 3; w++) run();
      for (let c = 0; c < calls; c++) {
        const t = process.cpuUsage();
        run();
        const d = process.cpuUsage(t);
        times[m][j].push((d.user + d.system) / 1000);
      }
    }
    skipKernel = false;
  });
}
const stats = (t: number[]): string => {
  const s = [...t].sort((a, b) => a - b);
  return `min ${s[0].toFixed(3)} q1 ${s[s.length >> 2].toFixed(3)} median ${s[s.length >> 1].toFixed(3)}`;
};
loaded.forEach((s, m) => {
  const used = s.runtime.simdCallCounts()['convolve2d-separable'] ?? 0;
  if (used === 0) throw new Error(`${s.name}: the separable SIMD path did not run`);
  const split = copies ? `; kernel skipped ${stats(times[m][1])}` : '';
  process.stdout.write(`${s.name}: ${size}² σ=${sigma} CPU ms ${stats(times[m][0])} (${times[m][0].length} calls)${split}\n`);
});
