/**
 * The soak: the convolution-theorem example run in the engine host again and again, each run
 * with a changed param so that most of the graph really recomputes, while the worker reports its
 * own memory (test/main/fixtures/measured-worker.mjs). Memory must stay flat: no growth per run
 * beyond noise, in the worker that computes and in the host that relays. 3,000 runs in the
 * suite (about 6 s on an idle machine); `npm run soak` runs 100,000 (CONVOLAB_SOAK_RUNS).
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/host/host';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { HostEvent } from '../../src-shared/protocol';

const RUNS = Number(process.env.CONVOLAB_SOAK_RUNS ?? 3_000);
const MEASURE_EVERY = Math.max(100, Math.round(RUNS / 40));
/** Runs before memory is taken as settled (code compiled, caches warm). */
const WARM_UP = Math.max(MEASURE_EVERY, Math.round(RUNS / 10));

interface Sample {
  readonly run: number;
  readonly heapUsed: number;
  readonly arrayBuffers: number;
  readonly external: number;
}

/** Least-squares slope of y over x: bytes per run. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxy = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

describe('soak', () => {
  it(`runs the convolution-theorem example ${RUNS} times in the host with memory flat`, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    process.env.CONVOLAB_MEASURE_EVERY = String(MEASURE_EVERY);
    const example = JSON.parse(readFileSync(new URL('../../examples/convolution-theorem.convolab.json', import.meta.url), 'utf8')) as GraphDocument;
    const host = new EngineHost({ workerUrl: new URL('./fixtures/measured-worker.mjs', import.meta.url), baseDir: process.cwd(), mode: 'browser', version: 'soak' });
    const samples: Sample[] = [];
    let waiting: ((event: Extract<HostEvent, { kind: 'runEnd' }>) => void) | undefined;
    let recomputed = 0;
    let matched = 0;
    let hostHeapAfterWarmUp = 0;
    host.onEvent((event) => {
      if (event.kind === 'runEnd') waiting?.(event);
      else if (event.kind === 'notice' && event.message.startsWith('memory ')) samples.push(JSON.parse(event.message.slice(7)) as Sample);
      else if (event.kind === 'nodesDone') {
        for (const done of event.nodes) {
          if (done.report.id === 'direct' && done.report.status === 'ok' && !done.report.cached) recomputed++;
          const table = done.previews?.sink;
          if (done.report.id === 'table' && table?.kind === 'value' && table.fields.match === 1) matched++;
        }
      }
    });
    try {
      for (let i = 0; i < RUNS; i++) {
        const values = [1 + (i % 89), 2, 3, 4, 5, 6, 5, 3, 1, 0.5 + (i % 7)];
        const doc: GraphDocument = { ...example, nodes: example.nodes.map((node) => (node.id === 'a' ? { ...node, params: { ...node.params, values } } : node)) };
        const ended = new Promise<Extract<HostEvent, { kind: 'runEnd' }>>((resolve) => (waiting = resolve));
        await host.run({ doc });
        const end = await ended;
        if (end.status !== 'done') throw new Error(`run ${i + 1} ended ${end.status}: ${end.error ?? ''}`);
        if (i + 1 === WARM_UP) {
          gc();
          hostHeapAfterWarmUp = process.memoryUsage().heapUsed;
        }
      }
      gc();
      const hostGrowth = process.memoryUsage().heapUsed - hostHeapAfterWarmUp;
      // The last measurement may still be on its way.
      for (let wait = 0; wait < 50 && samples.length < Math.floor(RUNS / MEASURE_EVERY); wait++) await new Promise((resolve) => setTimeout(resolve, 20));

      // Every run recomputed the convolution (a changed input) and the theorem held each time.
      expect(recomputed).toBe(RUNS);
      expect(matched).toBe(RUNS);
      expect(host.restarts).toBe(0);

      const settled = samples.filter((sample) => sample.run >= WARM_UP);
      expect(settled.length).toBeGreaterThanOrEqual(10);
      const heap = slope(settled.map((sample) => ({ x: sample.run, y: sample.heapUsed })));
      const buffers = slope(settled.map((sample) => ({ x: sample.run, y: sample.arrayBuffers + sample.external })));
      const spread = Math.max(...settled.map((s) => s.heapUsed)) - Math.min(...settled.map((s) => s.heapUsed));
      const report = `worker heap ${(settled[0].heapUsed / 1e6).toFixed(1)} → ${(settled.at(-1).heapUsed / 1e6).toFixed(1)} MB (slope ${heap.toFixed(1)} B/run, spread ${(spread / 1e6).toFixed(2)} MB), buffers slope ${buffers.toFixed(1)} B/run, host heap growth ${(hostGrowth / 1e6).toFixed(2)} MB`;
      // A run allocates kilobytes (previews, spectra); keeping even a tenth of that per run
      // would be a slope of hundreds of bytes. Noise after a full collection is far below.
      expect(heap, report).toBeLessThan(128);
      expect(buffers, report).toBeLessThan(128);
      expect(spread, report).toBeLessThan(4 * 1024 * 1024);
      expect(hostGrowth, report).toBeLessThan(16 * 1024 * 1024);
      if (process.env.CONVOLAB_SOAK_REPORT) process.stdout.write(`soak: ${RUNS} runs: ${report}\n`);
    } finally {
      await host.dispose();
    }
  }, Math.max(600_000, RUNS * 20));
});
