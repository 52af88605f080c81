/**
 * Convolab DSP bench (PERF.md): our core against fft.js and @echogarden/pffft-wasm (SIMD, f32) on
 * the same inputs, alternating implementations, after warm-up, median of repeats. Each case runs
 * in a fresh process of its own (bench/harness.ts), so its number does not depend on what ran
 * before it; `--in-process` runs them all in this one.
 * Clocks (docs/bench.md): everything that runs on this one thread is timed in this process's CPU
 * time (bench.time's default), which a loaded machine inflates far less than wall time; what uses
 * other threads or processes (the two-thread rows, the band pools, param → preview, the CLI, the
 * batch, the host's memory, PyTorch) stays on the wall clock and needs a quiet machine. Each row
 * says which (its clock and peer_clocks).
 * Every implementation's answer is checked against ours before it is timed. "ours" is the path
 * users get — the WebAssembly SIMD kernels unless CONVOLAB_SIMD=0 — and "ours plain" the plain
 * TypeScript path, timed in the same run. bench/native.ts adds FFTW and OpenCV.
 *   npm run bench                 table on stdout
 *   npm run bench -- --json       only a JSON array on stdout
 *   npm run bench -- --filter fft run the cases whose name contains the text
 *   npm run bench -- --case NAME  run the one case of that exact name, here
 * A case is a block that asks `wanted(name)` first; bench/harness.ts holds the rest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import FFT from 'fft.js';
import PFFFT from '@echogarden/pffft-wasm/simd';
import { loadSimd } from '../src-main/dsp/simd';
import { createParallelDsp } from '../src-main/host/parallel';
import {
  type Convolve1dMethod, type Convolve3dMethod, type Convolve3dOptions, backproject, convolve3d, convolve3dGeometry, resolveConvolve3dMethod,
  separateKernel3d, chooseConvolveMethod, convolve1d, convolve2d, convolve2dRows, estimateConvolveCost, fft2d, gaussianKernel2d, planFft,
  planRealFft, projectionAngles,
} from '../src-shared/dsp';
import { conebeam, padConeBeamVolume } from '../src-shared/dsp/conebeam';
import { fdk } from '../src-shared/dsp/fdk';
import { phantom3d } from '../src-shared/dsp/phantom3d';
import { simdChooseConvolveMethod } from '../src-shared/dsp/simd/convolve-simd';
import { setSimdEnabled } from '../src-shared/dsp/simd/runtime';
import { batchCase } from './batch';
import { type Impl, createBench, takenOver, warmPool } from './harness';
import { type UNet3dModel, unet3dForward, unet3dForwardPlain, unet3dModel } from '../src-shared/dsp/unet3d';
import { BufferPool, installBufferPool } from '../src-shared/dsp/buffer-pool';
import { Engine } from '../src-shared/engine/engine';
import { readSafeTensors } from '../src-shared/io/safetensors';
import { makePreview } from '../src-shared/engine/preview';
import type { GraphDocument } from '../src-shared/graph/document';

const bench = createBench(process.argv.slice(2), fileURLToPath(import.meta.url));
const { log, time, timeAsync, agree, record, wanted } = bench;
const simd = await loadSimd();
bench.simd = simd.active;
bench.simdModule = simd.module;
log(`DSP path: ${simd.active ? `WebAssembly SIMD${simd.module === 'relaxed' ? ', the relaxed SIMD build (fused multiply-add)' : ''}` : `plain TypeScript (${simd.reason})`}; "ours plain" is the TypeScript path; ${bench.isolated ? 'each case in a process of its own' : 'every case in this one process'}; one-thread rows in CPU ms, the rest wall ms (each row says)`);
/** f on the plain TypeScript path (the SIMD kernels switched off for the call). */
const plainly = <T>(f: () => T) => (): T => { setSimdEnabled(false); try { return f(); } finally { setSimdEnabled(true); } };

let seed = 12345;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
const randomF64 = (n: number) => { const a = new Float64Array(n); for (let i = 0; i < n; i++) a[i] = random(); return a; };

const pffft = await PFFFT();
function pffftCase(n: number, complex: boolean): { run: () => void; output: () => Float32Array; input: Float32Array; free: () => void } | undefined {
  if (n % (complex ? 16 : 32) !== 0) return undefined; // pffft's SIMD size rule
  const setup = pffft._pffft_new_setup(n, complex ? 1 : 0);
  if (!setup) return undefined;
  const floats = complex ? 2 * n : n;
  const inPtr = pffft._pffft_aligned_malloc(4 * floats), outPtr = pffft._pffft_aligned_malloc(4 * floats), work = pffft._pffft_aligned_malloc(4 * floats);
  return {
    input: new Float32Array(pffft.HEAPF32.buffer, inPtr, floats),
    run: () => pffft._pffft_transform_ordered(setup, inPtr, outPtr, work, 0),
    output: () => new Float32Array(pffft.HEAPF32.buffer, outPtr, floats),
    free: () => { pffft._pffft_aligned_free(inPtr); pffft._pffft_aligned_free(outPtr); pffft._pffft_aligned_free(work); pffft._pffft_destroy_setup(setup); },
  };
}

// ---- FFTs
const fftSizes = [...Array.from({ length: 13 }, (_, i) => 1 << (i + 10)), 1000, 4095, 100003];
for (const n of fftSizes) {
  if (!wanted(`fft complex ${n}`)) continue;
  const re = randomF64(n), im = randomF64(n), or = new Float64Array(n), oi = new Float64Array(n);
  const plan = planFft(n);
  const impls: Impl[] = [{ name: 'ours', run: () => plan.forward(re, im, or, oi) }];
  const pr = new Float64Array(n), pi = new Float64Array(n);
  impls.push({ name: 'ours plain', run: plainly(() => plan.forward(re, im, pr, pi)), check: () => agree('ours plain', or, pr, 1e-12) });
  const pow2 = (n & (n - 1)) === 0;
  const peers: Record<string, number | null> = { 'ours plain': null, 'fft.js': null, pffft: null };
  if (pow2) {
    const f = new FFT(n), input = f.createComplexArray(), output = f.createComplexArray();
    for (let i = 0; i < n; i++) { input[2 * i] = re[i]; input[2 * i + 1] = im[i]; }
    impls.push({ name: 'fft.js', run: () => f.transform(output, input), check: () => { agree('fft.js', or, output.filter((_: number, i: number) => i % 2 === 0), 1e-9); } });
  }
  const pf = pffftCase(n, true);
  if (pf) {
    const p = pf;
    for (let i = 0; i < n; i++) { p.input[2 * i] = re[i]; p.input[2 * i + 1] = im[i]; }
    impls.push({ name: 'pffft', run: p.run, check: () => { const o = p.output(); agree('pffft', or, Float64Array.from({ length: n }, (_, i) => o[2 * i]), 2e-3); } });
  }
  const times = time(impls, 1500, 'cpu');
  impls.forEach((impl, i) => { if (impl.name !== 'ours') peers[impl.name] = times[i]; });
  pf?.free();
  record({ op: 'fft complex f64', n, ours_ms: times[0], peers });
}
for (const n of fftSizes) {
  if (!wanted(`fft real ${n}`)) continue;
  const x = randomF64(n), plan = planRealFft(n), or = new Float64Array(plan.bins), oi = new Float64Array(plan.bins);
  const impls: Impl[] = [{ name: 'ours', run: () => plan.forward(x, or, oi) }];
  const pr = new Float64Array(plan.bins), pi = new Float64Array(plan.bins);
  impls.push({ name: 'ours plain', run: plainly(() => plan.forward(x, pr, pi)), check: () => agree('ours plain', or, pr, 1e-12) });
  const peers: Record<string, number | null> = { 'ours plain': null, 'fft.js': null, pffft: null };
  if ((n & (n - 1)) === 0) {
    const f = new FFT(n), input = Array.from(x), output = f.createComplexArray();
    impls.push({ name: 'fft.js', run: () => f.realTransform(output, input), check: () => agree('fft.js', or, output.filter((_: number, i: number) => i % 2 === 0), 1e-9, n / 2) });
  }
  const pf = pffftCase(n, false);
  if (pf) {
    pf.input.set(Float32Array.from(x));
    // pffft's ordered real output: [X0.re, X(n/2).re, X1.re, X1.im, …]
    impls.push({ name: 'pffft', run: pf.run, check: () => { const o = pf.output(); agree('pffft', or.subarray(1, n / 2), Float64Array.from({ length: n / 2 - 1 }, (_, i) => o[2 * (i + 1)]), 2e-3); } });
  }
  const times = time(impls, 1500, 'cpu');
  impls.forEach((impl, i) => { if (impl.name !== 'ours') peers[impl.name] = times[i]; });
  pf?.free();
  record({ op: 'fft real f64', n, ours_ms: times[0], peers });
}

for (const n of fftSizes) {
  if ((n & (n - 1)) !== 0 || !wanted(`fft real inverse ${n}`)) continue;
  const plan = planRealFft(n), re = new Float64Array(plan.bins), im = new Float64Array(plan.bins);
  plan.forward(randomF64(n), re, im);
  const out = new Float64Array(n), plainOut = new Float64Array(n);
  const times = time([
    { name: 'ours', run: () => plan.inverse(re, im, out) },
    { name: 'ours plain', run: plainly(() => plan.inverse(re, im, plainOut)), check: () => agree('ours plain', out, plainOut, 1e-12) },
  ], 1500, 'cpu');
  record({ op: 'fft real inverse f64', n, ours_ms: times[0], peers: { 'ours plain': times[1] } });
}

// ---- 1-D convolution
const convShapes: Array<[number, number]> = [[1 << 16, 64], [1 << 16, 1 << 16], [1 << 20, 1 << 12], [1_000_000, 48_000]];
for (const [na, nb] of convShapes) {
  const shape = `${na}x${nb}`;
  if (!wanted(`convolve1d ${shape}`)) continue;
  const a = randomF64(na), b = randomF64(nb);
  const estimate = estimateConvolveCost(na, nb);
  const reference = convolve1d(a, b, { method: 'fft' });
  const methods: Convolve1dMethod[] = ['direct', 'fft', 'overlap-add'];
  const times: Record<string, number | null> = {};
  for (const method of methods) {
    if (method === 'direct' && estimate.direct > 20_000) { times[method] = null; continue; }
    const out = { v: reference };
    const [t] = time([{ name: method, run: () => { out.v = convolve1d(a, b, { method }); }, check: () => agree(method, reference, out.v, 1e-9) }], method === 'direct' ? 1 : 1500, 'cpu');
    times[method] = t;
  }
  const auto = simdChooseConvolveMethod(na, nb) ?? chooseConvolveMethod(na, nb);
  const autoPlain = chooseConvolveMethod(na, nb);
  const plainOut = { v: reference };
  const [tAuto, tPlain] = time([
    { name: 'auto', run: () => convolve1d(a, b) },
    { name: 'auto plain', run: plainly(() => { plainOut.v = convolve1d(a, b); }), check: () => agree('plain', reference, plainOut.v, 1e-9) },
  ], 1500, 'cpu');
  const best = Math.min(...Object.values(times).filter((t): t is number => t !== null));
  record({
    op: 'convolve1d full f64', shape, ours_ms: tAuto,
    peers: { 'ours plain': tPlain, direct: times.direct, fft: times.fft, 'overlap-add': times['overlap-add'] },
    note: `auto→${auto} (plain→${autoPlain}), ${(tAuto / best).toFixed(2)}× best${times.direct === null ? `; direct skipped (est. ${(estimate.direct / 1000).toFixed(0)} s)` : ''}`,
  });
}

// ---- 2-D
// The pool as the engine lends it: an input handed over again (a preview re-run on the same
// image) is shared once, since wire values never change; the first call's copy is in the warm-up.
// Two threads are the calling thread and one worker (band-pool.ts).
const parallel = createParallelDsp({ threads: 2, immutableInputs: true });
async function image2d(op: string, size: number, kernel: Float64Array, k: number, opts: { mode: 'same'; boundary: 'reflect' }) {
  const shape = `${size}x${size} k${k}`;
  if (!wanted(`${op} ${shape}`)) return;
  const img = new Float32Array(size * size);
  for (let i = 0; i < img.length; i++) img[i] = random() + 0.5;
  const single = convolve2d(img, size, size, kernel, k, k, opts);
  const plainData = { v: single.data };
  // The same rows into one output array kept across calls: the compute without the first touch
  // of a fresh output's pages (see docs/image2d-performance.md: at 4096² that is most of the time).
  const reused = new Float32Array(size * size);
  const [t, tPlain, tReused] = time([
    { name: 'ours', run: () => convolve2d(img, size, size, kernel, k, k, opts) },
    { name: 'ours plain', run: plainly(() => { plainData.v = convolve2d(img, size, size, kernel, k, k, opts).data; }), check: () => agree('plain', single.data, plainData.v, 1e-5) },
    { name: 'ours, reused output', run: () => convolve2dRows(img, size, size, kernel, k, k, opts, 0, size, reused), check: () => agree('reused output', single.data, reused, 0) },
  ], 2000, 'cpu');
  const faults = pageFaults(() => convolve2d(img, size, size, kernel, k, k, opts));
  // The two-thread path (the calling thread and one worker) as the engine calls it: a BufferPool
  // installed with shared = true, each output given back after its call (the memo does when a
  // re-run replaces it); timed with awaits (not alternated with the synchronous rows), on the
  // wall clock (its CPU time is both threads'). Then without a pool, as a caller outside the
  // engine gets it: a fresh SharedArrayBuffer output every call and its page faults.
  const buffers = new BufferPool({ maxBytes: 2 ** 30 });
  const twoThreads = async (engineLike: boolean): Promise<Float32Array> => {
    if (engineLike) installBufferPool(buffers, true);
    try {
      return (await parallel.convolve2d(img, size, size, kernel, k, k, opts)).data;
    } finally {
      installBufferPool(undefined);
    }
  };
  const wall: Record<'engine' | 'fresh', number[]> = { engine: [], fresh: [] };
  const warming = await warmPool(parallel, async () => buffers.release((await twoThreads(true)).buffer));
  const from = { ...parallel.stats };
  for (const engineLike of [true, false]) {
    const par = await twoThreads(engineLike);
    agree(engineLike ? '2 threads' : '2 threads, fresh output', single.data, par, 1e-5);
    buffers.release(par.buffer);
    const samples = wall[engineLike ? 'engine' : 'fresh'];
    for (let r = 0; r < Math.max(3, Math.min(20, Math.floor(2000 / t))); r++) {
      const s = performance.now();
      const out = await twoThreads(engineLike);
      samples.push(performance.now() - s);
      buffers.release(out.buffer);
    }
    samples.sort((x, y) => x - y);
  }
  const tTwo = wall.engine[wall.engine.length >> 1]!, tTwoFresh = wall.fresh[wall.fresh.length >> 1]!;
  const digits = (ms: number): string => ms.toFixed(ms >= 10 ? 1 : 2);
  record({
    op, shape, ours_ms: t,
    peers: { 'ours plain': tPlain, 'ours 2 threads': tTwo, 'ours 2 threads, fresh output': tTwoFresh, 'ours, reused output': tReused },
    note: `into a reused output ${digits(tReused)} ms; a fresh output: ${faults} page faults; 2 threads with a fresh output every call ${digits(tTwoFresh)} ms; 2 threads: ${warming}, ${takenOver(parallel, from)}`,
  });
}
/** Minor page faults (first touches of fresh memory) this process takes during f. */
function pageFaults(f: () => void): number {
  const before = process.resourceUsage().minorPageFault;
  f();
  return process.resourceUsage().minorPageFault - before;
}
for (const [sigma, size] of [[3, 1024], [10, 1024], [3, 4096], [10, 4096]]) {
  const g = gaussianKernel2d(sigma);
  await image2d(`gaussian sigma=${sigma} same/reflect f32`, size, g, 2 * Math.ceil(3 * sigma) + 1, { mode: 'same', boundary: 'reflect' });
}
{
  const k = randomF64(31 * 31);
  await image2d('generic 31x31 same/reflect f32', 1024, k, 31, { mode: 'same', boundary: 'reflect' });
}
/** A normalised Gaussian of σ on a (2·ceil(3σ) + 1)³ grid, as kernel.gaussian with dims 3 makes it. */
function gaussianKernel3d(sigma: number): Float64Array {
  const r = Math.ceil(3 * sigma), n = 2 * r + 1;
  const g = Array.from({ length: n }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = g.reduce((a, b) => a + b, 0);
  return Float64Array.from({ length: n ** 3 }, (_, i) => (g[Math.floor(i / (n * n))] * g[Math.floor(i / n) % n] * g[i % n]) / sum ** 3);
}

// ---- 3-D convolution (issue 16): auto's choice on both cores and two threads, and each path forced.
async function volume3d(op: string, size: number, kernel: Float64Array, k: number, opts: Convolve3dOptions) {
  const shape = `${size}^3 k${k}${opts.stride && opts.stride > 1 ? ` stride ${opts.stride}` : ''}`;
  if (!wanted(`${op} ${shape}`)) return;
  const volume = new Float32Array(size ** 3);
  for (let i = 0; i < volume.length; i++) volume[i] = random() + 0.5;
  const run = (method: Convolve3dMethod) => () => convolve3d(volume, size, size, size, kernel, k, k, k, { ...opts, method });
  const single = run('auto')();
  const plainData = { v: single.data };
  const factors = separateKernel3d(kernel, k, k, k) !== undefined;
  const methods: Convolve3dMethod[] = factors ? ['separable', 'direct', 'fft'] : ['direct', 'fft'];
  const impls: Impl[] = [
    { name: 'ours', run: run('auto') },
    { name: 'ours plain', run: plainly(() => { plainData.v = run('auto')().data; }), check: () => agree('plain', single.data, plainData.v, 1e-5) },
    ...methods.map((method) => ({ name: method, run: run(method), check: () => agree(method, single.data, run(method)().data, 1e-5) })),
  ];
  const [t, tPlain, ...forced] = time(impls, 3000, 'cpu');
  const par = await parallel.convolve3d(volume, size, size, size, kernel, k, k, k, opts);
  agree('2 threads', single.data, par.data, 1e-5);
  const warming = await warmPool(parallel, () => parallel.convolve3d(volume, size, size, size, kernel, k, k, k, opts));
  const from = { ...parallel.stats };
  const samples: number[] = [];
  for (let r = 0; r < Math.max(3, Math.min(20, Math.floor(3000 / t))); r++) {
    const s = performance.now();
    await parallel.convolve3d(volume, size, size, size, kernel, k, k, k, opts);
    samples.push(performance.now() - s);
  }
  samples.sort((x, y) => x - y);
  const g = convolve3dGeometry(size, size, size, k, k, k, opts);
  const chosen = resolveConvolve3dMethod('auto', g.width, g.height, g.depth, kernel.slice().reverse(), k, k, k, g.stride).method;
  record({
    op, shape, ours_ms: t,
    peers: { 'ours plain': tPlain, 'ours 2 threads': samples[samples.length >> 1], ...Object.fromEntries(methods.map((m, i) => [m, forced[i]])) },
    note: `auto chose ${chosen}; 2 threads: ${warming}, ${takenOver(parallel, from)}`,
  });
}
{
  const g = gaussianKernel3d(2);
  await volume3d('gaussian sigma=2 same/reflect f32', 64, g, 13, { mode: 'same', boundary: 'reflect' });
  await volume3d('generic 5x5x5 same/reflect f32', 64, randomF64(125), 5, { mode: 'same', boundary: 'reflect' });
  await volume3d('generic 5x5x5 same/reflect f32', 64, randomF64(125), 5, { mode: 'same', boundary: 'reflect', stride: 2 });
  await volume3d('generic 15x15x15 same/reflect f32', 64, randomF64(15 ** 3), 15, { mode: 'same', boundary: 'reflect' });
}
await parallel.dispose();
// The 2-D FFT in two rows (docs/fft-performance.md, "2-D"), in CPU time per call (as scipy.py's
// rows for it): on this shared machine wall time was the load's, 11 ms of CPU reading as 40 ms.
// Into a reused output: the transform itself, and what scipy's row is too, since numpy gets a
// freed result's 16 MB straight back from malloc. Into new arrays on every call: V8 frees a
// dropped result only at a later GC, so each call's 16 MB are mostly fresh pages the system
// faults in, and the row's time and spread are those of the faults (counted in its note).
if (wanted('fft2d 1024x1024')) {
  const n = 1024 * 1024, re = randomF64(n), im = randomF64(n);
  const out = { re: new Float64Array(n), im: new Float64Array(n) }, plainOut = { re: new Float64Array(n), im: new Float64Array(n) };
  const [t, tPlain] = time([
    { name: 'ours', run: () => fft2d(re, im, 1024, 1024, out) },
    { name: 'ours plain', run: plainly(() => fft2d(re, im, 1024, 1024, plainOut)), check: () => agree('ours plain', out.re, plainOut.re, 1e-12) },
  ], 1500, 'cpu');
  record({ op: 'fft2d complex f64', shape: '1024x1024', ours_ms: t, peers: { 'ours plain': tPlain }, note: 'CPU ms, into a reused output' });
}
if (wanted('fft2d fresh output 1024x1024')) {
  const n = 1024 * 1024, re = randomF64(n), im = randomF64(n);
  // Faults over every call the timing made (warm-up included): whether a call's 16 MB are fresh
  // pages depends on when V8 last freed the earlier results, so a separate count can say 0.
  let calls = 0;
  const f0 = process.resourceUsage().minorPageFault;
  const [t] = time([{ name: 'ours', run: () => { calls++; fft2d(re, im, 1024, 1024); } }], 1500, 'cpu');
  const perCall = Math.round((process.resourceUsage().minorPageFault - f0) / calls);
  record({ op: 'fft2d complex f64 fresh output', shape: '1024x1024', ours_ms: t, peers: {}, note: `CPU ms, new arrays each call: ${perCall} minor page faults a call (mean of ${calls})` });
}
if (wanted('backproject 512x512')) {
  const angles = projectionAngles(180), detectors = 729, sino = new Float32Array(180 * detectors);
  for (let i = 0; i < sino.length; i++) sino[i] = random() + 0.5;
  const [t, tPlain] = time([{ name: 'ours', run: () => backproject(sino, detectors, angles, 512) }, { name: 'ours plain', run: plainly(() => backproject(sino, detectors, angles, 512)) }], 1500, 'cpu');
  record({ op: 'backproject f32', shape: '512x512 180 views', ours_ms: t, peers: { 'ours plain': tPlain } });
}
// Cone-beam CT (issue 16): ≤ 100 ms each for 64³ from 24 views, ≤ 1.5 s each for 128³ from 180
// views, both cores. "ours" is one thread (conebeam and FDK's backprojection on their SIMD
// kernels), "ours plain" their TypeScript paths, and "2 threads" the band pool the app and the CLI lend
// the nodes (views for conebeam, y planes for FDK).
for (const [size, views, target] of [[64, 24, 100], [128, 180, 1500]] as const) {
  const label = `${size}^3 ${views} views`;
  if (!wanted(`conebeam ${label}`) && !wanted(`fdk ${label}`)) continue;
  const grid = { width: size, height: size, depth: size };
  const volume = phantom3d('shepp-logan', size);
  const projections = conebeam(volume, grid, { views });
  const pool = createParallelDsp({ threads: 2, immutableInputs: true });
  const budget = size > 64 ? 8000 : 3000;
  if (wanted(`conebeam ${label}`)) {
    const padded = padConeBeamVolume(volume, grid);
    // One thread: CPU time; the pool's two threads: wall time.
    const single = await timeAsync(async () => conebeam(volume, grid, { views }), budget, 'cpu');
    const plain = await timeAsync(async () => plainly(() => conebeam(volume, grid, { views }))(), budget, 'cpu');
    agree('conebeam plain', projections.data, plainly(() => conebeam(volume, grid, { views }))().data, 1e-5);
    const warming = await warmPool(pool, () => pool.conebeam(padded, grid, projections.geometry, projections.angles));
    const from = { ...pool.stats };
    const split = await timeAsync(() => pool.conebeam(padded, grid, projections.geometry, projections.angles), budget);
    const taken = takenOver(pool, from);
    agree('conebeam on 2 threads', projections.data, await pool.conebeam(padded, grid, projections.geometry, projections.angles), 1e-6);
    record({ op: 'conebeam f32', shape: `${label} ${projections.geometry.U}x${projections.geometry.V}`, ours_ms: single, peers: { 'ours plain': plain, '2 threads': split }, note: `target ≤ ${target} ms on both cores; 2 threads: ${warming}, ${taken}` });
  }
  if (wanted(`fdk ${label}`)) {
    const single = await timeAsync(async () => fdk(projections.data, projections.geometry, projections.angles, grid), budget, 'cpu');
    const plain = await timeAsync(async () => plainly(() => fdk(projections.data, projections.geometry, projections.angles, grid))(), budget, 'cpu');
    agree('fdk plain', fdk(projections.data, projections.geometry, projections.angles, grid), plainly(() => fdk(projections.data, projections.geometry, projections.angles, grid))(), 1e-5);
    const warming = await warmPool(pool, () => pool.fdk(projections.data, projections.geometry, projections.angles, grid, 'ram-lak'));
    const from = { ...pool.stats };
    const split = await timeAsync(() => pool.fdk(projections.data, projections.geometry, projections.angles, grid, 'ram-lak'), budget);
    const taken = takenOver(pool, from);
    agree('fdk on 2 threads', fdk(projections.data, projections.geometry, projections.angles, grid), await pool.fdk(projections.data, projections.geometry, projections.angles, grid, 'ram-lak'), 1e-5);
    record({ op: 'fdk f32', shape: label, ours_ms: single, peers: { 'ours plain': plain, '2 threads': split }, note: `target ≤ ${target} ms on both cores; 2 threads: ${warming}, ${taken}` });
  }
  await pool.dispose();
}

// ---- U-Net forward (issue 16): 64³, base 8, 3 levels, beside PyTorch on two threads
// (bench/torch_unet.py, Debian's python3-torch), which also writes the weights, input and output
// our answer is checked against. PERF.md target: ≤ 0.5× PyTorch's time.
if (wanted('unet3d 64^3')) {
  const size = 64, python = process.env.CONVOLAB_TORCH_PYTHON ?? '/usr/bin/python3';
  const dir = mkdtempSync(join(tmpdir(), 'convolab-unet-'));
  const child = spawnSync(python, [fileURLToPath(new URL('./torch_unet.py', import.meta.url)), dir, String(size), '8', '3'], { encoding: 'utf8' });
  const torch = child.status === 0 ? (JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; torch: string }) : undefined;
  let model: UNet3dModel;
  let input: Float32Array;
  let expected: Float32Array | undefined;
  if (torch) {
    const file = readSafeTensors(new Uint8Array(readFileSync(join(dir, 'model.safetensors'))));
    if (!file.ok) throw new Error(file.error);
    const built = unet3dModel(file.value.tensors, file.value.metadata);
    if (typeof built === 'string') throw new Error(built);
    model = built;
    input = new Float32Array(new Uint8Array(readFileSync(join(dir, 'input.f32'))).buffer);
    expected = new Float32Array(new Uint8Array(readFileSync(join(dir, 'output.f32'))).buffer);
  } else {
    // Without PyTorch: random weights of the same architecture, so our column still has a number.
    const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
    const c = [8, 16, 32];
    const add = (name: string, shape: number[], outputs: number) => {
      tensors.set(`${name}.weight`, { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.2 * random()) });
      tensors.set(`${name}.bias`, { shape: [outputs], data: Float32Array.from({ length: outputs }, () => 0.1 * random()) });
    };
    for (let i = 0; i < 3; i++) {
      add(`enc.${i}.conv1`, [c[i], i ? c[i - 1] : 1, 3, 3, 3], c[i]);
      add(`enc.${i}.conv2`, [c[i], c[i], 3, 3, 3], c[i]);
      if (i < 2) {
        add(`down.${i}`, [c[i], c[i], 2, 2, 2], c[i]); add(`up.${i}`, [c[i + 1], c[i], 2, 2, 2], c[i]);
        add(`dec.${i}.conv1`, [c[i], 2 * c[i], 3, 3, 3], c[i]); add(`dec.${i}.conv2`, [c[i], c[i], 3, 3, 3], c[i]);
      }
    }
    add('head', [1, 8, 1, 1, 1], 1);
    model = unet3dModel(tensors, { arch: 'convolab.unet3d', levels: '3', base: '8' }) as UNet3dModel;
    input = Float32Array.from({ length: size ** 3 }, () => random() + 0.5);
  }
  rmSync(dir, { recursive: true, force: true });
  const forward = () => unet3dForward(input, size, size, size, model, true);
  // Wall clock, as PyTorch's two threads are timed: the note's ratio needs one clock.
  const [t] = time([{ name: 'ours', run: forward, check: () => { if (expected) agree('PyTorch', forward(), expected, 1e-4); } }], 3000, 'wall');
  // The plain path once (tens of seconds would go to repeats of it).
  const p0 = performance.now();
  const plainOut = plainly(() => unet3dForwardPlain(input, size, size, size, model, true))();
  const tPlain = performance.now() - p0;
  if (expected) agree('ours plain vs PyTorch', plainOut, expected, 1e-4);
  record({
    op: 'unet3d forward f32', shape: '64^3 base 8 levels 3', ours_ms: t, peers: { 'ours plain (1 run)': tPlain, 'pytorch 2 threads': torch ? torch.ms : null },
    note: torch ? `PyTorch ${torch.torch}; ours ${(t / torch.ms).toFixed(2)}× PyTorch's time, target ≤ 0.5×` : `PyTorch not found (${python} with torch): column empty`,
  });
}

// ---- Param change → preview: the engine re-runs what the change touched and makes the previews
// the host sends (the renderer's paint is not included), with the band threads the host lends it.
// PERF.md: ≤ 16 ms moonshot.
async function previewCase(name: string, doc: GraphDocument, nodeId: string, param: string, values: number[]): Promise<void> {
  if (!wanted(`preview ${name}`)) return;
  // The plain measurement lends no pool: its band workers would load the SIMD kernels.
  const measure = async (threaded: boolean): Promise<number[]> => {
    const pool = threaded ? createParallelDsp({ threads: 2, immutableInputs: true }) : undefined;
    // A buffer pool as the host's engine workers have (re-runs reuse replaced outputs' memory).
    const engine = new Engine({ bufferPool: new BufferPool(), ...(pool ? { parallel: pool } : {}) });
    const runWith = (value: number) => {
      const changed = { ...doc, nodes: doc.nodes.map((node) => (node.id === nodeId ? { ...node, params: { ...node.params, [param]: value } } : node)) };
      return engine.run(changed, { onNodeDone: (outcome) => { for (const v of Object.values(outcome.outputs)) makePreview(v); if (outcome.sink) makePreview(outcome.sink); } });
    };
    // The editor's engine starts its band workers with it (warmBands): so does this one.
    let warmUps = 0;
    if (pool) warming = await warmPool(pool, () => runWith(values[warmUps++ % values.length]));
    const samples: number[] = [];
    for (let r = 0; r < 2 + 3 * values.length; r++) {
      const s = performance.now();
      await runWith(values[(warmUps + r) % values.length]);
      if (r >= 2) samples.push(performance.now() - s);
    }
    await pool?.dispose();
    return samples;
  };
  let warming = '';
  const ours = await measure(true);
  setSimdEnabled(false);
  const plainSamples = await measure(false).finally(() => setSimdEnabled(true));
  record({ op: 'param → preview', shape: name, ours_ms: bench.median(ours), peers: { 'ours plain 1 thread': bench.median(plainSamples) }, note: `band pool: ${warming}` });
}
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
const edge = (id: string, source: string, target: string, targetHandle: string, sourceHandle = 'out') => ({ id, source, sourceHandle, target, targetHandle });
const graph = (nodes: ReturnType<typeof node>[], edges: ReturnType<typeof edge>[]) => ({ format: 'convolab.graph', version: 1, nodes, edges }) as unknown as GraphDocument;
for (const size of [512, 2048]) {
  await previewCase(`image ${size}² gaussian σ blur`, graph(
    [node('image', 'source.testImage', { pattern: 'phantom', size }), node('kernel', 'kernel.gaussian', { sigma: 3 }), node('blur', 'op.convolve', { mode: 'same', boundary: 'reflect' }), node('view', 'sink.image')],
    [edge('e1', 'image', 'blur', 'a'), edge('e2', 'kernel', 'blur', 'b'), edge('e3', 'blur', 'view', 'in')],
  ), 'kernel', 'sigma', [2, 3, 4, 5]);
}
await previewCase('signal 2^16 * 4096-tap decay', graph(
  [node('x', 'source.function', { shape: 'noise', t0: 0, t1: 1, rate: 65536, seed: 3 }), node('h', 'source.function', { shape: 'exponential', t0: 0, t1: 0.0625, rate: 65536, width: 0.01 }),
    node('y', 'op.convolve', {}), node('plot', 'sink.plot')],
  [edge('e1', 'x', 'y', 'a'), edge('e2', 'h', 'y', 'b'), edge('e3', 'y', 'plot', 'in')],
), 'h', 'width', [0.01, 0.02, 0.03]);

// ---- CLI start (issue 17): `convolab --version` and a small `convolab run` as a user starts them
// (bin/convolab.mjs: the built CLI when `npm run build:cli` has made it). PERF.md: ≤ 300 ms each.
for (const [label, cliArgs] of [['--version', ['--version']], ['run two-dice', ['run', 'examples/two-dice.convolab.json', '--out']]] as const) {
  if (!wanted(`cli ${label}`)) continue;
  const bin = fileURLToPath(new URL('../bin/convolab.mjs', import.meta.url));
  const out = mkdtempSync(join(tmpdir(), 'convolab-cli-'));
  const args = [bin, ...cliArgs, ...(cliArgs[0] === 'run' ? [out] : [])];
  const samples: number[] = [];
  for (let r = 0; r < 10; r++) {
    const s = performance.now();
    const child = spawnSync(process.execPath, args, { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`cli ${label} failed: ${child.stderr.trim()}`);
    if (r > 0) samples.push(performance.now() - s);
  }
  rmSync(out, { recursive: true, force: true });
  const built = existsSync(fileURLToPath(new URL('../out/cli/convolab.mjs', import.meta.url)));
  record({ op: 'cli start', shape: label, ours_ms: bench.median(samples), peers: {}, note: `${built ? 'built CLI' : 'from source (no out/cli)'}; target ≤ 300 ms` });
}

// ---- Memory: ten 1,000,001-sample nodes held by an engine host, in a process of its own
// (bench/memory-host.ts), its worker started from source and, when `npm run build:cli` has made
// it, from the built file; then 1,000 param changes. PERF.md: under 300 MB in the host, however
// it is started.
const builtWorker = fileURLToPath(new URL('../out/cli/engine-worker.mjs', import.meta.url));
for (const started of ['source', 'built'] as const) {
  if (!wanted(`host memory ${started} worker`)) continue;
  if (started === 'built' && !existsSync(builtWorker)) {
    record({ op: 'host memory', shape: 'built worker', ours_ms: null, peers: {}, note: 'out/cli/engine-worker.mjs not built: run npm run build:cli' });
    continue;
  }
  const env = started === 'built' ? { ...process.env, CONVOLAB_WORKER: builtWorker } : process.env;
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./memory-host.ts', import.meta.url))], { encoding: 'utf8', env });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  const m = JSON.parse(line) as { status: string; rssIdleMB: number; rssAfterMB: number; rssAfter100ChangesMB: number; rssAfter1000ChangesMB: number; ms: number };
  if (m.status !== 'done') throw new Error(`host memory: the graph did not run (${line})`);
  record({
    op: 'host memory', shape: `${started} worker`, ours_ms: m.ms, peers: {},
    note: `ten 1,000,001-sample nodes: host RSS ${m.rssAfterMB} MB after the run (target < 300), ${m.rssIdleMB} MB idle, ${m.rssAfter100ChangesMB} / ${m.rssAfter1000ChangesMB} MB after 100 / 1,000 param changes`,
  });
}

// ---- Batch runs (issue 18 §5): 1,000 WAVs through the reverb example, -j 1 and -j 2 (bench/batch.ts).
await batchCase(bench);

bench.finish();
