/**
 * Page faults and CPU time per re-run of the 2048² preview graph (issue 17): the phantom
 * (source.testImage) ⊛ kernel.gaussian (same, reflect) → sink.image, σ changed on every run,
 * with two band threads as the host lends them, once with the engine's buffer pool
 * (dsp/buffer-pool.ts) and once without. Faults (process.resourceUsage().minorPageFault, the
 * whole process: band threads included) and CPU time do not depend on the machine's load the way
 * wall time does.
 *
 *   npx tsx bench/page-faults.ts [--size N] [--runs N] [--json]
 */
import { loadSimd } from '../src-main/dsp/simd';
import { createParallelDsp } from '../src-main/host/parallel';
import { BufferPool } from '../src-shared/dsp/buffer-pool';
import { Engine } from '../src-shared/engine/engine';
import { makePreview } from '../src-shared/engine/preview';
import type { GraphDocument } from '../src-shared/graph/document';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) || fallback : fallback;
};
const size = option('--size', 2048);
const runs = option('--runs', 12);

function graph(sigma: number): GraphDocument {
  const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
  const edge = (id: string, source: string, target: string, targetHandle: string) => ({ id, source, sourceHandle: 'out', target, targetHandle });
  return {
    format: 'convolab.graph',
    version: 1,
    nodes: [
      node('image', 'source.testImage', { pattern: 'phantom', size }),
      node('kernel', 'kernel.gaussian', { sigma }),
      node('blur', 'op.convolve', { mode: 'same', boundary: 'reflect' }),
      node('view', 'sink.image'),
    ],
    edges: [edge('e1', 'image', 'blur', 'a'), edge('e2', 'kernel', 'blur', 'b'), edge('e3', 'blur', 'view', 'in')],
  } as unknown as GraphDocument;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function measure(pooled: boolean): Promise<{ faults: number; cpu_ms: number; wall_ms: number; reused: number }> {
  const parallel = createParallelDsp({ threads: 2, immutableInputs: true });
  const pool = pooled ? new BufferPool() : undefined;
  const engine = new Engine({ parallel, ...(pool ? { bufferPool: pool } : {}) });
  const faults: number[] = [], cpu: number[] = [], wall: number[] = [];
  const sigmas = [2, 3, 4, 5];
  for (let r = 0; r < runs + 2; r++) {
    const f0 = process.resourceUsage().minorPageFault;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await engine.run(graph(sigmas[r % sigmas.length]!), {
      onNodeDone: (outcome) => {
        for (const value of Object.values(outcome.outputs)) makePreview(value);
        if (outcome.sink) makePreview(outcome.sink);
      },
    });
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    const f1 = process.resourceUsage().minorPageFault;
    if (result.reports.some((report) => report.status !== 'ok')) throw new Error(JSON.stringify(result.reports));
    // The first run makes the source; the second is the first re-run, which has nothing to reuse yet.
    if (r >= 2) {
      faults.push(f1 - f0);
      cpu.push((c1.user + c1.system) / 1000);
      wall.push(t1 - t0);
    }
  }
  await parallel.dispose();
  return { faults: median(faults), cpu_ms: median(cpu), wall_ms: median(wall), reused: pool?.stats.reused ?? 0 };
}

await loadSimd();
const without = await measure(false);
const withPool = await measure(true);
const result = { size, runs, without_pool: without, with_pool: withPool };
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(`${size}² phantom ⊛ Gaussian → image, median of ${runs} re-runs (σ changed each time), two band threads\n`);
  for (const [label, row] of [['without pool', without], ['with pool', withPool]] as const) {
    process.stdout.write(`  ${label.padEnd(13)} ${String(row.faults).padStart(6)} minor faults  ${row.cpu_ms.toFixed(1).padStart(7)} ms CPU  ${row.wall_ms.toFixed(1).padStart(7)} ms wall\n`);
  }
}
