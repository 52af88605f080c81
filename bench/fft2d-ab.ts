/**
 * The 2-D FFT on the SIMD path (simd/fft2d-simd.ts), CPU time per call (process.cpuUsage) and
 * minor page faults (process.resourceUsage), median of repeats. Two uses:
 *
 *   node --import tsx bench/fft2d-ab.ts a.wasm [b.wasm …] [--size 1024x1024] [--rounds 7] [--strip 262144,524288]
 *     Modules (and strip sizes of the column pass, in bytes) alternately in one process, each
 *     round a batch of calls into a reused output, forward and inverse. The JavaScript around
 *     the kernels is this checkout's.
 *   node --import tsx bench/fft2d-ab.ts x.wasm --parts [--size 1024x1024] [--rounds 7]
 *     Where one call's time goes: the public fft2d into fresh arrays and into a reused output (and
 *     the plain TypeScript path's, for scale),
 *     and on the module's heap the row pass (as it runs, as it ran before, and its copy and its
 *     FFTs alone), the column pass at several strip widths, the copy out, and a scale pass (what
 *     the inverse ran before its 1/size went into the row FFTs); the parts in turn, each round.
 *
 * A module is out/wasm/convolab-dsp.wasm of a build (copy it aside before rebuilding).
 */
import { readFileSync } from 'node:fs';
import { fft2d, ifft2d } from '../src-shared/dsp';
import { reverseBits } from '../src-shared/dsp/pow2';
import { pow2Plan } from '../src-shared/dsp/simd/fft-simd';
import { fft2dStripColumns, fft2dTuning } from '../src-shared/dsp/simd/fft2d-simd';
import { initSimd, setSimdEnabled, simdRuntime } from '../src-shared/dsp/simd/runtime';
import { medianOf, seededNoise } from './harness';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] ?? fallback : fallback;
};
const files = args.filter((a, i) => a.endsWith('.wasm') && !args[i - 1]?.startsWith('--'));
const [width, height = width] = option('size', '1024').split('x').map(Number);
const rounds = Number(option('rounds', '7'));
const strips = option('strip', String(fft2dTuning.stripBytes)).split(',').map(Number);
const modules = files.map((f) => new Uint8Array(readFileSync(f)));
const size = width * height;


/**
 * CPU ms and minor faults per call of run, medians of `count` single calls after one warm call;
 * `reset` (untimed) runs before each.
 */
function perCall(run: () => void, count: number, reset?: () => void): { ms: number; faults: number } {
  reset?.();
  run();
  const ms: number[] = [], faults: number[] = [];
  for (let c = 0; c < count; c++) {
    reset?.();
    const f0 = process.resourceUsage().minorPageFault;
    const t = process.cpuUsage();
    run();
    const d = process.cpuUsage(t);
    faults.push(process.resourceUsage().minorPageFault - f0);
    ms.push((d.user + d.system) / 1000);
  }
  return { ms: medianOf(ms), faults: medianOf(faults) };
}

/** CPU ms of the column pass alone on the heap (the matrix as the row pass leaves it), strips of stripBytes. */
function columnPass(stripBytes: number): number {
  const rt = simdRuntime()!, k = rt.kernels;
  const logH = Math.log2(height), columnPlan = pow2Plan(rt, logH)!;
  const pitch = width + 8, plane = pitch * height;
  fft2dTuning.stripBytes = stripBytes;
  const columns = fft2dStripColumns(height);
  const rowBytes = 8 * width, strip = 8 * Math.min(width, columns);
  return rt.heap.withScratch(16 * plane, (base) => {
    rt.heap.f64.set(re, base / 8);
    rt.heap.f64.set(im, base / 8 + plane);
    return perCall(() => {
      for (let x0 = 0; x0 < rowBytes; x0 += strip) k.ditColumns(base, base + 8 * plane, 8 * pitch, logH, columnPlan.tables, x0, Math.min(rowBytes, x0 + strip));
    }, calls).ms;
  })!;
}

function load(m: number): void {
  if (!initSimd(modules[m])) throw new Error(`${files[m]}: this runtime does not take it`);
}

const re = seededNoise(size, 1), im = seededNoise(size, 2);
const out = { re: new Float64Array(size), im: new Float64Array(size) };
const calls = Math.max(5, Math.round(4e6 / size));

if (args.includes('--parts')) {
  // Each part is timed once per round (a median of `calls` calls), the parts in turn, `rounds`
  // rounds; the medians of the rounds are printed.
  load(0);
  const parts: Array<{ name: string; run: () => void; heap: boolean }> = [];
  let heapParts = false;
  const part = (name: string, run: () => void): void => {
    parts.push({ name, run, heap: heapParts });
  };
  part('fft2d into new arrays', () => fft2d(re, im, width, height));
  part('fft2d into a reused output', () => fft2d(re, im, width, height, out));
  part('ifft2d into a reused output', () => ifft2d(re, im, width, height, out));
  part('plain path into a reused output', () => {
    setSimdEnabled(false);
    try {
      fft2d(re, im, width, height, out);
    } finally {
      setSimdEnabled(true);
    }
  });
  part('two new arrays of the size, filled', () => {
    new Float64Array(size).fill(1);
    new Float64Array(size).fill(1);
  });
  const rt = simdRuntime()!, k = rt.kernels;
  const logW = Math.log2(width), logH = Math.log2(height);
  const rowPlan = pow2Plan(rt, logW)!, columnPlan = pow2Plan(rt, logH)!;
  const pitch = width + 8, plane = pitch * height;
  // The heap parts work in the scratch region each call takes (the same address every time),
  // refilled with the input before each timed call so repeated transforms do not overflow.
  const base = rt.heap.withScratch(16 * plane + 16 * width, (at) => at)!;
  const mr = base, mi = base + 8 * plane, tr = mi + 8 * plane, ti = tr + 8 * width;
  const refill = (): void => {
    rt.heap.f64.set(re, mr / 8);
    rt.heap.f64.set(im, mi / 8);
  };
  heapParts = true;
  {
    part('rows: copy into the matrix row, FFT in place', () => {
      for (let y = 0; y < height; y++) {
        const f64 = rt.heap.f64, from = y * width;
        const to = 8 * pitch * reverseBits(y, logH);
        f64.set(re.subarray(from, from + width), (mr + to) / 8);
        f64.set(im.subarray(from, from + width), (mi + to) / 8);
        k.fftPow2(mr + to, mi + to, mr + to, mi + to, logW, rowPlan.tables);
      }
    });
    part('rows: copy into a row buffer, FFT into the matrix', () => {
      for (let y = 0; y < height; y++) {
        const f64 = rt.heap.f64, from = y * width;
        f64.set(re.subarray(from, from + width), tr / 8);
        f64.set(im.subarray(from, from + width), ti / 8);
        const to = 8 * pitch * reverseBits(y, logH);
        k.fftPow2(tr, ti, mr + to, mi + to, logW, rowPlan.tables);
      }
    });
    part('rows: copy in alone (into the row buffer)', () => {
      for (let y = 0; y < height; y++) {
        const f64 = rt.heap.f64, from = y * width;
        f64.set(re.subarray(from, from + width), tr / 8);
        f64.set(im.subarray(from, from + width), ti / 8);
      }
    });
    part('rows: row FFTs alone, in place', () => {
      for (let y = 0; y < height; y++) k.fftPow2(mr + 8 * pitch * y, mi + 8 * pitch * y, mr + 8 * pitch * y, mi + 8 * pitch * y, logW, rowPlan.tables);
    });
    for (const columns of [...new Set([8, 16, 32, 64, 128, 256, width])]) {
      const rowBytes = 8 * width, strip = 8 * Math.min(width, columns);
      part(`columns: strips of ${columns}`, () => {
        for (let x0 = 0; x0 < rowBytes; x0 += strip) k.ditColumns(mr, mi, 8 * pitch, logH, columnPlan.tables, x0, Math.min(rowBytes, x0 + strip));
      });
    }
    part('copy out', () => {
      const f64 = rt.heap.f64;
      for (let y = 0; y < height; y++) {
        const from = mr / 8 + y * pitch, to = y * width;
        out.re.set(f64.subarray(from, from + width), to);
        out.im.set(f64.subarray(from + plane, from + plane + width), to);
      }
    });
    part('a scale pass over both planes', () => k.scale(mr, 2 * plane, 1 / size));
  }
  const ms = parts.map(() => [] as number[]), faults = parts.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    parts.forEach((p, i) => {
      const t = p.heap ? rt.heap.withScratch(16 * plane + 16 * width, () => perCall(p.run, calls, refill))! : perCall(p.run, calls);
      ms[i].push(t.ms);
      faults[i].push(t.faults);
    });
  }
  process.stdout.write(`${width}×${height}, ${rounds} rounds, CPU ms and minor faults per call, median of rounds (min … max)\n`);
  parts.forEach((p, i) => {
    process.stdout.write(`  ${p.name.padEnd(50)} ${medianOf(ms[i]).toFixed(2).padStart(7)} (${Math.min(...ms[i]).toFixed(2)} … ${Math.max(...ms[i]).toFixed(2)}) ms  ${String(medianOf(faults[i])).padStart(5)} faults\n`);
  });
} else {
  // Every (module, strip) pair, alternately, rounds times; a round is `calls` calls of each kind.
  const variants = modules.flatMap((_, m) => strips.map((stripBytes) => ({ m, stripBytes, name: `${files[m].split('/').pop()}${strips.length > 1 ? `@${stripBytes}` : ''}` })));
  const times = variants.map(() => ({ forward: [] as number[], inverse: [] as number[], columns: [] as number[] }));
  const check = variants.map(() => new Float64Array(0));
  for (let r = 0; r < rounds; r++) {
    variants.forEach((v, i) => {
      load(v.m);
      fft2dTuning.stripBytes = v.stripBytes;
      times[i].forward.push(perCall(() => fft2d(re, im, width, height, out), calls).ms);
      if (r === 0) check[i] = out.re.slice(0, 4096);
      times[i].inverse.push(perCall(() => ifft2d(re, im, width, height, out), calls).ms);
      times[i].columns.push(columnPass(v.stripBytes));
    });
  }
  check.forEach((c, i) => {
    for (let j = 0; j < c.length; j++) {
      if (Math.abs(c[j] - check[0][j]) > 1e-9 * Math.abs(check[0][j]) + 1e-9) throw new Error(`${variants[i].name} disagrees with ${variants[0].name} at ${j}`);
    }
  });
  process.stdout.write(`${width}×${height}, ${rounds} rounds of ${calls} calls, CPU ms per call into a reused output, median of rounds (min … max)\n`);
  variants.forEach((v, i) => {
    const f = times[i].forward, b = times[i].inverse;
    const range = (xs: number[]): string => `${medianOf(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)} … ${Math.max(...xs).toFixed(2)})`;
    process.stdout.write(`  ${v.name.padEnd(36)} forward ${range(f)}  inverse ${range(b)}  column pass alone ${range(times[i].columns)}\n`);
  });
}
