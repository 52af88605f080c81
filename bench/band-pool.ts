/**
 * The band pool's 2-D convolution as the engine calls it, beside one thread, in one sitting:
 * a BufferPool installed with shared = true, the output released back after each call (engine.ts
 * does this when a re-run replaces a memo entry), the input shared once (immutableInputs). Prints,
 * per configuration, wall ms (min / median), the process's CPU ms per call (every thread's) and
 * minor page faults per call. Usage:
 *   node [--experimental-wasm-relaxed-simd] --import tsx bench/band-pool.ts [--size 1024] [--sigma 3] [--calls 40] [--rounds 3]
 *     [--min-work N: the pool's threshold, 0 splits every job] [--only 0,3: those configurations]
 *     [--gap MS: idle between calls, untimed (a slider drag calls about every 16 ms); default 0, back to back]
 * The configurations alternate round by round, so load drifts hit each alike; quote `uptime` with
 * what it prints (docs/image2d-performance.md, "Two threads").
 */
import { loadSimd } from '../src-main/dsp/simd';
import { createParallelDsp } from '../src-main/host/parallel';
import { convolve2d, convolve2dRows, gaussianKernel2d } from '../src-shared/dsp';
import { BufferPool, installBufferPool } from '../src-shared/dsp/buffer-pool';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const size = option('size', 1024), sigma = option('sigma', 3), rounds = option('rounds', 3);
const calls = option('calls', size >= 4096 ? 8 : 40);
const minWork = args.includes('--min-work') ? option('min-work', 0) : undefined;
const gap = option('gap', 0);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
await loadSimd();
const k = 2 * Math.ceil(3 * sigma) + 1;
const kernel = gaussianKernel2d(sigma);
const opts = { mode: 'same' as const, boundary: 'reflect' as const };
const image = new Float32Array(size * size);
for (let i = 0; i < image.length; i++) image[i] = Math.sin(i * 0.37) * 0.5 + 1;
const reference = convolve2d(image, size, size, kernel, k, k, opts).data;

interface Config {
  name: string;
  /** The pool, for the warm-up that waits until its workers compute. */
  dsp?: ReturnType<typeof createParallelDsp>;
  call: () => Promise<Float32Array> | Float32Array;
  release?: (out: Float32Array) => void;
  dispose?: () => Promise<void>;
  /** The band pool's counts (band-pool.ts, ParallelDspStats). */
  stats?: () => string;
}
/** The pool's counts since the warm-up ended. */
const counts = (dsp: ReturnType<typeof createParallelDsp>) => {
  let from = { ...dsp.stats };
  const text = (): string =>
    `bands: ${dsp.stats.tasksPosted - from.tasksPosted} posted, ${dsp.stats.bandsOnCaller - from.bandsOnCaller} on the caller (${dsp.stats.bandsTakenOver - from.bandsTakenOver} taken over)`;
  return Object.assign(text, { reset: () => void (from = { ...dsp.stats }) });
};
const reused = new Float32Array(size * size);
// The image as the engine holds it when it lends band threads (its BufferPool's buffers are shared).
const sharedImage = new Float32Array(new SharedArrayBuffer(4 * size * size));
sharedImage.set(image);
const engineLike = (threads: number): Config => {
  const pool = new BufferPool({ maxBytes: 1 << 30 });
  const dsp = createParallelDsp({ threads, immutableInputs: true, ...(minWork !== undefined ? { minWork } : {}) });
  return {
    name: `pool threads ${threads}, BufferPool shared`,
    dsp,
    call: async () => {
      installBufferPool(pool, true);
      try { return (await dsp.convolve2d(image, size, size, kernel, k, k, opts)).data; } finally { installBufferPool(undefined); }
    },
    release: (out) => void pool.release(out.buffer),
    dispose: () => dsp.dispose(),
    stats: counts(dsp),
  };
};
const fresh = (threads: number): Config => {
  const dsp = createParallelDsp({ threads, immutableInputs: true, ...(minWork !== undefined ? { minWork } : {}) });
  return {
    name: `pool threads ${threads}, no BufferPool`, call: async () => (await dsp.convolve2d(image, size, size, kernel, k, k, opts)).data,
    dispose: () => dsp.dispose(), stats: counts(dsp), dsp,
  };
};
const configs: Config[] = [
  { name: 'one thread, convolve2d (fresh output)', call: () => convolve2d(image, size, size, kernel, k, k, opts).data },
  { name: 'one thread, convolve2dRows (reused)', call: () => { convolve2dRows(image, size, size, kernel, k, k, opts, 0, size, reused); return reused; } },
  {
    name: 'one thread, convolve2dRows, shared image',
    call: () => { convolve2dRows(sharedImage, size, size, kernel, k, k, opts, 0, size, reused); return reused; },
  },
  engineLike(1),
  engineLike(2),
  fresh(2),
].filter((c, i) => !only || only.includes(String(i)));

const results = configs.map(() => ({ wall: [] as number[], cpu: 0, sys: 0, faults: 0, n: 0 }));
for (const c of configs) {
  const out = await c.call();
  let worst = 0;
  for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i]! - reference[i]!));
  if (worst > 1e-5) throw new Error(`${c.name}: differs from convolve2d by ${worst}`);
  c.release?.(out);
  // Not `c.release?.(await c.call())`: without a release that skips the call itself.
  for (let w = 0; w < 3; w++) {
    const warm = await c.call();
    c.release?.(warm);
  }
}
// A worker takes 0.2-2.8 s to start here (the source bundle, the SIMD module): until it computes,
// the caller takes its bands over, which is not what a warm pool does. Warm each pool until its
// workers have computed a few bands, then count from there.
const warming: string[] = [];
for (const c of configs) {
  if (!c.dsp || c.dsp.threads < 2) continue;
  const started = performance.now();
  let first = 0, calls = 0;
  for (let computed = 0; computed < 3 && performance.now() - started < 10_000; calls++) {
    const before = c.dsp.stats.tasksPosted - c.dsp.stats.bandsTakenOver;
    const warm = await c.call();
    c.release?.(warm);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (c.dsp.stats.tasksPosted - c.dsp.stats.bandsTakenOver > before && computed++ === 0) first = performance.now() - started;
  }
  warming.push(`${c.name}: its worker first computed ${first.toFixed(0)} ms into the warm-up; ${c.dsp.stats.bandsTakenOver} of ${c.dsp.stats.tasksPosted} bands taken over until then (${calls} warm-up calls)`);
}
for (const c of configs) (c.stats as { reset?: () => void } | undefined)?.reset?.();
for (let r = 0; r < rounds; r++) {
  for (let ci = 0; ci < configs.length; ci++) {
    const c = configs[ci]!, res = results[ci]!;
    for (let n = 0; n < calls; n++) {
      const faults = process.resourceUsage().minorPageFault;
      const cpu = process.cpuUsage();
      const t = performance.now();
      const out = await c.call();
      res.wall.push(performance.now() - t);
      const d = process.cpuUsage(cpu);
      res.cpu += (d.user + d.system) / 1000;
      res.sys += d.system / 1000;
      res.faults += process.resourceUsage().minorPageFault - faults;
      res.n++;
      c.release?.(out);
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    }
  }
}
const { loadavg } = await import('node:os');
process.stdout.write(`${size}² σ=${sigma} same/reflect f32, ${rounds} rounds × ${calls} calls${gap > 0 ? ` ${gap} ms apart` : ''}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
for (let ci = 0; ci < configs.length; ci++) {
  const res = results[ci]!, s = res.wall.sort((a, b) => a - b);
  process.stdout.write(
    `${configs[ci]!.name.padEnd(44)} wall min ${s[0]!.toFixed(2)} median ${s[s.length >> 1]!.toFixed(2)}  CPU/call ${(res.cpu / res.n).toFixed(2)} (system ${(res.sys / res.n).toFixed(2)})  faults/call ${(res.faults / res.n).toFixed(0)}${configs[ci]!.stats ? `  ${configs[ci]!.stats!()}` : ''}\n`,
  );
}
for (const line of warming) process.stdout.write(`warm-up, ${line}\n`);
for (const c of configs) await c.dispose?.();
