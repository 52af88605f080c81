/**
 * Old module against new in one process, alternately, for the power-of-two FFT: the public
 * entry points (planFft(n).forward, planRealFft(n).forward / inverse), CPU time per call
 * (process.cpuUsage over a batch of calls long enough for its resolution), median per module
 * and size. Usage:
 *   node --import tsx bench/fft-ab.ts old.wasm new.wasm [--from 10 --to 22 --rounds 7 --kind complex,real,inverse]
 *   node --import tsx bench/fft-ab.ts old.wasm new.wasm --kernel | --difdit [--from 10 --to 22]
 *   node --import tsx bench/fft-ab.ts new.wasm --breakdown [--from 16 --to 20]
 *   node --import tsx bench/fft-ab.ts old.wasm new.wasm --cold [--kind complex --from 16 --to 20]
 *   node --import tsx bench/fft-ab.ts new.wasm --real-breakdown [--from 12 --to 22]
 * A module is a .wasm file (out/wasm/convolab-dsp.wasm of a build). The JavaScript around the
 * kernels is this checkout's. --breakdown times the parts of one complex transform on the heap:
 * the copies in and out, difPow2 (convolution's stages with the last one in place), fftPow2 out of
 * place, the sequence the complex entry point runs on the heap (copy in, fftPow2 in place, copy
 * out) and the public call. --kernel times what the complex entry point does on the heap (copy in,
 * fftPow2, copy out), --difdit what convolution does (difPow2 then ditPow2). --cold times each
 * public call alone after an untimed sweep over 32 MiB, which leaves the input, the output and the
 * heap out of cache, as bench/run.ts's alternation with the other implementations does (FFTW's
 * timing loop, bench/fftw.c, runs warm). --real-breakdown times the parts of the real FFT of n on
 * the heap (the half-length transform of h = n/2 on the planes the entry points lay out): forward
 * — copy x in, fftPow2Interleaved, realForwardPost, copy the bins out, and the sequence; inverse —
 * copy the bins in, realInversePre, fftPow2ToInterleaved (the scatter into the output), copy out;
 * and the half-length transform in place, for comparison.
 */
import { readFileSync } from 'node:fs';
import { planFft, planRealFft } from '../src-shared/dsp';
import { pow2Plan, realTables } from '../src-shared/dsp/simd/fft-simd';
import { initSimd, simdRuntime } from '../src-shared/dsp/simd/runtime';
import { medianOf, seededNoise } from './harness';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const specs = args.filter((a, i) => /\.wasm(@oop)?$/.test(a) && !args[i - 1]?.startsWith('--'));
const files = specs.map((a) => a.replace(/@oop$/, ''));
const outOfPlace = specs.map((a) => a.endsWith('@oop'));
const names = specs.map((a) => a.split('/').pop()!);
const from = Number(option('from', '10')), to = Number(option('to', '22')), rounds = Number(option('rounds', '7'));
const kinds = option('kind', 'complex,real,inverse').split(',');
const modules = files.map((f) => new Uint8Array(readFileSync(f)));

/** CPU ms per call of run, over a batch of at least ~20 ms of CPU. */
function cpuPerCall(run: () => void): number {
  let calls = 1;
  for (;;) {
    const t = process.cpuUsage();
    for (let c = 0; c < calls; c++) run();
    const d = process.cpuUsage(t);
    const ms = (d.user + d.system) / 1000;
    if (ms >= 20 || calls >= 1 << 16) return ms / calls;
    calls *= ms < 2 ? 8 : 2;
  }
}

const cold = args.includes('--cold');
const sweep = new Float64Array(1 << 22);

/** CPU ms of one call of run after an untimed sweep over 32 MiB (caches cold), median of 15. */
function coldPerCall(run: () => void): number {
  const samples: number[] = [];
  for (let c = 0; c < 15; c++) {
    for (let i = 0; i < sweep.length; i += 8) sweep[i] += 1;
    const t = process.cpuUsage();
    run();
    const d = process.cpuUsage(t);
    samples.push((d.user + d.system) / 1000);
  }
  return medianOf(samples);
}


/**
 * The second module's time over the first's: of the medians, and the median of the rounds'
 * own ratios (each round times both back to back, so a busy spell on the machine moves both
 * of its samples: the paired figure is the steadier one under load).
 */
function ratios(times: number[][], label: string): string {
  if (times.length < 2) return '';
  const paired = medianOf(times[1].map((t, r) => t / times[0][r]));
  return `  ${label} ${(medianOf(times[1]) / medianOf(times[0])).toFixed(3)} (paired ${paired.toFixed(3)})`;
}

function load(m: number): void {
  if (!initSimd(modules[m])) throw new Error(`${files[m]}: this runtime does not take it`);
}

if (args.includes('--kernel')) {
  // What simdComplexTransform does, on the heap: copy in, fftPow2, copy out; modules alternately.
  // A module given as file.wasm@oop runs out of place over four planes (the layout before the
  // in-place scatter), else in place over two.
  for (let log = from; log <= to; log++) {
    const n = 2 ** log;
    const times: number[][] = files.map(() => []);
    const xr = seededNoise(n, 1), xi = seededNoise(n, 2), yr = new Float64Array(n), yi = new Float64Array(n);
    for (let r = 0; r < rounds; r++) {
      for (let m = 0; m < modules.length; m++) {
        load(m);
        const rt = simdRuntime()!;
        const plan = pow2Plan(rt, log)!;
        const oop = outOfPlace[m], gap = 1024;
        rt.heap.withScratch((oop ? 32 : 16) * n + 3 * gap, (base) => {
          const ar = base, ai = ar + 8 * n + gap, br = oop ? ai + 8 * n + gap : ar, bi = oop ? br + 8 * n + gap : ai;
          const f64 = rt.heap.f64;
          const call = (): void => {
            f64.set(xr, ar / 8);
            f64.set(xi, ai / 8);
            rt.kernels.fftPow2(ar, ai, br, bi, log, plan.tables);
            yr.set(f64.subarray(br / 8, br / 8 + n));
            yi.set(f64.subarray(bi / 8, bi / 8 + n));
          };
          call();
          times[m].push(cpuPerCall(call));
        });
      }
    }
    const meds = times.map((t) => medianOf(t));
    const ratio = ratios(times, 'second/first');
    process.stdout.write(`fftPow2 2^${log}: ` + meds.map((t, m) => `${names[m]} ${t.toFixed(4)}`).join('  ') + ` ms${ratio}\n`);
  }
} else if (args.includes('--difdit')) {
  // What fast convolution runs per transform pair: difPow2 then ditPow2 in place on the heap.
  for (let log = from; log <= to; log++) {
    const n = 2 ** log;
    const times: number[][] = files.map(() => []);
    const xr = seededNoise(n, 1), xi = seededNoise(n, 2);
    for (let r = 0; r < rounds; r++) {
      for (let m = 0; m < modules.length; m++) {
        load(m);
        const rt = simdRuntime()!;
        const plan = pow2Plan(rt, log)!;
        rt.heap.withScratch(16 * n + 1024, (base) => {
          const ar = base, ai = ar + 8 * n + 1024;
          const f64 = rt.heap.f64;
          const call = (): void => {
            f64.set(xr, ar / 8);
            f64.set(xi, ai / 8);
            rt.kernels.difPow2(ar, ai, log, plan.tables);
            rt.kernels.ditPow2(ai, ar, log, plan.tables);
          };
          call();
          times[m].push(cpuPerCall(call));
        });
      }
    }
    const meds = times.map((t) => medianOf(t));
    const ratio = ratios(times, 'second/first');
    process.stdout.write(`difPow2+ditPow2 2^${log}: ` + meds.map((t, m) => `${names[m]} ${t.toFixed(4)}`).join('  ') + ` ms${ratio}\n`);
  }
} else if (args.includes('--breakdown')) {
  load(0);
  const rt = simdRuntime()!;
  for (let log = from; log <= to; log++) {
    const n = 2 ** log;
    const plan = pow2Plan(rt, log)!;
    const xr = seededNoise(n, 1), xi = seededNoise(n, 2), yr = new Float64Array(n), yi = new Float64Array(n);
    const parts: Record<string, number[]> = { copyIn: [], copyOut: [], difPow2: [], fftPow2: [], entrySequence: [], public: [] };
    const gap = 1024;
    const f = planFft(n);
    rt.heap.withScratch(32 * n + 3 * gap, (base) => {
      const ar = base, ai = ar + 8 * n + gap, br = ai + 8 * n + gap, bi = br + 8 * n + gap;
      for (let r = 0; r < rounds; r++) {
        const f64 = rt.heap.f64;
        parts.copyIn.push(cpuPerCall(() => { f64.set(xr, ar / 8); f64.set(xi, ai / 8); }));
        parts.copyOut.push(cpuPerCall(() => { yr.set(f64.subarray(br / 8, br / 8 + n)); yi.set(f64.subarray(bi / 8, bi / 8 + n)); }));
        parts.difPow2.push(cpuPerCall(() => rt.kernels.difPow2(ar, ai, log, plan.tables)));
        parts.fftPow2.push(cpuPerCall(() => rt.kernels.fftPow2(ar, ai, br, bi, log, plan.tables)));
        parts.entrySequence.push(cpuPerCall(() => {
          f64.set(xr, ar / 8);
          f64.set(xi, ai / 8);
          rt.kernels.fftPow2(ar, ai, ar, ai, log, plan.tables);
          yr.set(f64.subarray(ar / 8, ar / 8 + n));
          yi.set(f64.subarray(ai / 8, ai / 8 + n));
        }));
      }
      return true;
    });
    for (let r = 0; r < rounds; r++) parts.public.push(cpuPerCall(() => f.forward(xr, xi, yr, yi)));
    process.stdout.write(`2^${log}: ` + Object.entries(parts).map(([k, v]) => `${k} ${medianOf(v).toFixed(4)}`).join(', ') + ' ms\n');
  }
} else if (args.includes('--real-breakdown')) {
  load(0);
  const rt = simdRuntime()!;
  const k = rt.kernels;
  for (let log = from; log <= to; log++) {
    const n = 2 ** log, h = n / 2, bins = h + 1, pad = bins + (bins & 1), gap = 1024;
    const plan = pow2Plan(rt, log - 1)!, w = realTables(rt, n)!;
    const x = seededNoise(n, 1), out = new Float64Array(n);
    // the bins of x (input of the inverse's parts), and where the forward's copy out goes
    const [re, im, reOut, imOut] = Array.from({ length: 4 }, () => new Float64Array(bins));
    planRealFft(n).forward(x, re, im);
    const parts: Record<string, number[]> = {};
    const time = (name: string, run: () => void): void => {
      (parts[name] ??= []).push(cpuPerCall(run));
    };
    // A: x, then the bins (forward) / the bins, then the samples (inverse); B: the planes (zr, zi)
    rt.heap.withScratch(32 * pad + gap, (base) => {
      const a = base, ai = a + 8 * pad, zr = base + 16 * pad, zi = zr + 8 * pad + gap;
      const f64 = rt.heap.f64, f = 2 / n;
      const copyIn = (): void => f64.set(x, a / 8);
      const copyBinsIn = (): void => { f64.set(re, a / 8); f64.set(im, ai / 8); };
      for (let r = 0; r < rounds; r++) {
        time('copyIn', copyIn);
        time('fftPow2Interleaved', () => { copyIn(); k.fftPow2Interleaved(a, zr, zi, zr, zi, log - 1, plan.tables); });
        time('realForwardPost', () => k.realForwardPost(zr, zi, w.wr, w.wi, a, ai, h));
        time('copyBinsOut', () => { reOut.set(f64.subarray(a / 8, a / 8 + bins)); imOut.set(f64.subarray(ai / 8, ai / 8 + bins)); });
        time('forward', () => {
          copyIn();
          k.fftPow2Interleaved(a, zr, zi, zr, zi, log - 1, plan.tables);
          k.realForwardPost(zr, zi, w.wr, w.wi, a, ai, h);
          reOut.set(f64.subarray(a / 8, a / 8 + bins));
          imOut.set(f64.subarray(ai / 8, ai / 8 + bins));
        });
        time('copyBinsIn', copyBinsIn);
        time('realInversePre', () => k.realInversePre(a, ai, w.wr, w.wi, zr, zi, h));
        time('pre+fftPow2ToInterleaved', () => {
          copyBinsIn();
          k.realInversePre(a, ai, w.wr, w.wi, zr, zi, h);
          k.fftPow2ToInterleaved(zr, zi, a, log - 1, plan.tables, f, -f);
        });
        // for comparison: the half-length transform in place (its scatter into its own planes),
        // after a copy of h values per plane as copyBinsIn's
        time('copy+fftPow2 (h) in place', () => {
          f64.set(re.subarray(0, h), zr / 8);
          f64.set(im.subarray(0, h), zi / 8);
          k.fftPow2(zr, zi, zr, zi, log - 1, plan.tables);
        });
        time('copyOut', () => out.set(f64.subarray(a / 8, a / 8 + n)));
      }
      return true;
    });
    process.stdout.write(`2^${log}: ` + Object.entries(parts).map(([name, v]) => `${name} ${medianOf(v).toFixed(4)}`).join(', ') + ' ms\n');
  }
} else {
  for (const kind of kinds) {
    for (let log = from; log <= to; log++) {
      const n = 2 ** log;
      const times: number[][] = files.map(() => []);
      const x = seededNoise(n, 1), y = seededNoise(n, 2), or = new Float64Array(n), oi = new Float64Array(n);
      const real = planRealFft(n), bins = real.bins;
      const br = new Float64Array(bins), bi = new Float64Array(bins);
      real.forward(x, br, bi);
      const out = new Float64Array(n);
      const plan = planFft(n);
      const run =
        kind === 'complex' ? () => plan.forward(x, y, or, oi)
        : kind === 'real' ? () => real.forward(x, or, oi)
        : () => real.inverse(br, bi, out);
      for (let r = 0; r < rounds; r++) {
        for (let m = 0; m < modules.length; m++) {
          load(m);
          run();
          times[m].push(cold ? coldPerCall(run) : cpuPerCall(run));
        }
      }
      const meds = times.map((t) => medianOf(t));
      const ratio = ratios(times, 'new/old');
      process.stdout.write(`${kind} 2^${log}: ` + meds.map((t, m) => `${names[m]} ${t.toFixed(4)}`).join('  ') + ` ms${ratio}\n`);
    }
  }
}
