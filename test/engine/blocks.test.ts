import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import { createEngineWorkerCore } from '../../src-shared/engine/worker-core';
import { eventsOf, type FromWorker } from '../../src-shared/engine/worker-messages';
import type { GraphDocument } from '../../src-shared/graph/document';
import { TWO_SCALES, documentOf, fftConvolutionDocument } from './block-documents';
import { nodeResults } from '../node-results';

/** x → block (first ×2, second ×gain) → plot, and the block's `half` output → its own plot. */
function scalesDocument(gain: number): GraphDocument {
  return documentOf(
    [
      { id: 'x', type: 'source.sequence', params: { values: [1, 2, 3] } },
      { id: 'blk', type: 'block', block: 'bscales', params: { gain } },
      { id: 'plot', type: 'sink.plot' },
      { id: 'halfPlot', type: 'sink.plot' },
    ],
    [
      ['x', 'out', 'blk', 'in'],
      ['blk', 'out', 'plot', 'in'],
      ['blk', 'half', 'halfPlot', 'in'],
    ],
    { bscales: TWO_SCALES },
  );
}

async function computed(engine: Engine, document: GraphDocument, isCancelled?: () => boolean): Promise<string[]> {
  const started: string[] = [];
  await engine.run(document, { onNodeStart: (id) => started.push(id), ...(isCancelled ? { isCancelled } : {}) });
  return started;
}

describe('the engine runs a block as its inner nodes', () => {
  it('memoises inner nodes: changing a promoted param re-runs only what it binds and what lies downstream', async () => {
    const engine = new Engine();
    expect(await computed(engine, scalesDocument(3))).toEqual(['x', 'blk/first', 'blk/second', 'plot', 'halfPlot']);
    expect(await computed(engine, scalesDocument(3))).toEqual([]);
    expect(await computed(engine, scalesDocument(5))).toEqual(['blk/second', 'plot']);
    expect([...(engine.outcome('plot')!.sink as Signal).data]).toEqual([10, 20, 30]);
    expect([...(engine.outcome('halfPlot')!.sink as Signal).data]).toEqual([2, 4, 6]);
  });

  it('an error inside a block belongs to the inner node; what depends on it, outside too, is skipped; the rest runs', async () => {
    const engine = new Engine();
    // n = 4 is shorter than either signal: both FFTs refuse it.
    const result = await engine.run(fftConvolutionDocument(4));
    const status = Object.fromEntries(result.reports.map((report) => [report.id, report.status]));
    expect(status).toEqual({
      a: 'ok',
      b: 'ok',
      'conv/fftA': 'error',
      'conv/fftB': 'error',
      'conv/product': 'skipped',
      'conv/back': 'skipped',
      plot: 'skipped',
      direct: 'ok',
      directPlot: 'ok',
    });
    expect(engine.outcome('conv/fftA')?.report.error).toMatch(/\bn\b/);
    expect(engine.outcome('plot')?.report.error).toBe('skipped: input from conv/back has no value');
  });

  it('a cancelled run keeps the inner nodes it finished: the next run computes only the rest', async () => {
    const engine = new Engine();
    let done = 0;
    const cancelAfterThree = (): boolean => done >= 3;
    const result = await engine.run(fftConvolutionDocument(), { isCancelled: cancelAfterThree, onNodeDone: () => done++ });
    expect(result.status).toBe('cancelled');
    expect(result.reports.map((report) => report.id)).toEqual(['a', 'b', 'conv/fftA']);
    expect(await computed(engine, fftConvolutionDocument())).toEqual(['conv/fftB', 'conv/product', 'conv/back', 'plot', 'direct', 'directPlot']);
  });
});

describe('the engine worker answers for inner nodes by flat id', () => {
  /** An engine worker core over a fake shell that keeps every message; `run` resolves at its runEnd. */
  function worker() {
    const messages: FromWorker[] = [];
    const waiting = new Map<number, () => void>();
    const core = createEngineWorkerCore({
      post(message) {
        messages.push(message);
        for (const event of eventsOf(message)) if (event.kind === 'runEnd') waiting.get(event.runId)?.();
      },
      loadKernels: () => Promise.resolve(),
      yieldToEvents: () => Promise.resolve(),
      now: () => 0,
    });
    core.start({ engine: new Engine(), isCancelled: () => false, readFile: () => Promise.reject(new Error('no files here')) });
    const run = (runId: number, document: GraphDocument): Promise<void> => {
      const ended = new Promise<void>((resolve) => waiting.set(runId, resolve));
      core.handle({ kind: 'run', runId, request: { doc: document } });
      return ended;
    };
    return { core, messages, run };
  }

  async function workerAfterRun(document: GraphDocument) {
    const started = worker();
    await started.run(1, document);
    return started;
  }

  it('does not post an unchanged inner node\'s previews again on the next run', async () => {
    const document = fftConvolutionDocument();
    const { messages, run } = await workerAfterRun(document);
    const before = messages.length;
    // A copy, as each run's document arrives over the wire.
    await run(2, structuredClone(document));
    const again = nodeResults(messages.slice(before).flatMap(eventsOf));
    const back = again.find((event) => event.report.id === 'conv/back');
    expect(back?.report.cached).toBe(true);
    expect(back?.previews).toBeUndefined();
  });

  it('posts each inner node with its previews, and getValue and probes find it', async () => {
    const { core, messages } = await workerAfterRun(fftConvolutionDocument());
    const done = nodeResults(messages.flatMap(eventsOf));
    const back = done.find((event) => event.report.id === 'conv/back');
    expect(back?.report.status).toBe('ok');
    expect(back?.previews?.out).toBeDefined();

    core.handle({ kind: 'getValue', requestId: 7, nodeId: 'conv/back', port: 'out', options: {} });
    const value = messages.find((message) => message.kind === 'value' && message.requestId === 7);
    expect(value?.kind === 'value' && value.value?.kind).toBe('signal');

    // The probe finds the inner node in the run's document (op.fft offers none, and says so).
    core.handle({ kind: 'probe', requestId: 8, nodeId: 'conv/fftA', probe: 'features', args: {} });
    let answer: FromWorker | undefined;
    for (let i = 0; i < 20 && !answer; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      answer = messages.find((message) => message.kind === 'answer' && message.requestId === 8);
    }
    expect(answer?.kind === 'answer' && answer.error).toBe('node conv/fftA (op.fft) offers no probe "features"');
  });
});
