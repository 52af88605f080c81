/**
 * The engine worker frees a replaced value (issue 17, "Memory"): a source of 2^21 samples
 * (16 MiB) re-made with a new seed on every run, with the worker reporting its own memory after
 * a full collection (test/main/fixtures/measured-worker.mjs). What it still references must be
 * the one value the memo holds and the one its buffer pool keeps idle for the next run, whatever
 * the worker keeps beside them (previews, probe state, the band pool's shared copies), however
 * many runs replaced it.
 */
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/host/host';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { HostEvent } from '../../src-shared/protocol';

const SAMPLES = 1 << 21;
const VALUE_BYTES = 8 * SAMPLES;
const RUNS = 12;

function graph(seed: number): GraphDocument {
  return {
    format: 'convolab.graph',
    version: 1,
    nodes: [
      { id: 'x', type: 'source.function', position: { x: 0, y: 0 }, params: { shape: 'noise', t0: 0, t1: (SAMPLES - 1) / SAMPLES, rate: SAMPLES, seed } },
      { id: 'plot', type: 'sink.plot', position: { x: 0, y: 0 }, params: {} },
    ],
    edges: [{ id: 'e', source: 'x', sourceHandle: 'out', target: 'plot', targetHandle: 'in' }],
  } as GraphDocument;
}

describe('the engine worker memory', () => {
  it(`holds one ${VALUE_BYTES / 2 ** 20} MiB value and one idle for the next run after ${RUNS} runs that each replaced it`, async () => {
    process.env.CONVOLAB_MEASURE_EVERY = '1';
    process.env.CONVOLAB_MEASURE_SETTLE = '1';
    const host = new EngineHost({ workerUrl: new URL('./fixtures/measured-worker.mjs', import.meta.url), baseDir: process.cwd(), mode: 'browser', version: 'memory' });
    const buffers: number[] = [];
    let waiting: ((event: Extract<HostEvent, { kind: 'runEnd' }>) => void) | undefined;
    let measured: (() => void) | undefined;
    host.onEvent((event) => {
      if (event.kind === 'runEnd') waiting?.(event);
      else if (event.kind === 'notice' && event.message.startsWith('memory ')) {
        buffers.push((JSON.parse(event.message.slice(7)) as { arrayBuffers: number }).arrayBuffers);
        measured?.();
      }
    });
    try {
      for (let run = 1; run <= RUNS; run++) {
        const ended = new Promise<Extract<HostEvent, { kind: 'runEnd' }>>((resolve) => (waiting = resolve));
        const reported = new Promise<void>((resolve) => (measured = resolve));
        await host.run({ doc: graph(run) });
        expect((await ended).status).toBe('done');
        // The next run allocates its value: measure this one's leftovers before it starts.
        await reported;
      }
      expect(buffers).toHaveLength(RUNS);
      // After full collections: the memo's one value, and from the second run on the engine's
      // buffer pool's one idle buffer of that size (the value the run replaced, kept for the next
      // run to fill: buffer-pool.ts, bounded to four per size and a quarter of the memory limit),
      // and a little besides. A dead buffer may still be counted while V8 frees it off the thread
      // (the worker reports the least of ten collections; on a loaded machine half the single
      // collections still counted one more), so most measurements hold two values and none more
      // than three; a third value kept anywhere puts every measurement at three or more, and a
      // value kept per run grows past three.
      const report = buffers.map((bytes) => (bytes / 2 ** 20).toFixed(1)).join(' ');
      const sorted = [...buffers].sort((a, b) => a - b);
      expect(sorted[0], report).toBeGreaterThanOrEqual(VALUE_BYTES);
      expect(sorted[RUNS >> 1], report).toBeLessThan(2.5 * VALUE_BYTES);
      expect(sorted[RUNS - 1], report).toBeLessThan(3.5 * VALUE_BYTES);
    } finally {
      await host.dispose();
    }
  });
});
