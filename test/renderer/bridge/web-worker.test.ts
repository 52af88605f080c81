/**
 * The web build's engine worker (web-host/worker.ts), run in this process with the worker's
 * global scope stubbed: its messages in, its replies out. Without a shared cancel cell (a page
 * that is not cross-origin isolated) it learns of newer runs only from their messages.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWebWorker } from '../../../src-renderer/bridge/web-host/messages';
import { eventsOf } from '../../../src-shared/engine/worker-messages';
import type { GraphDocument } from '../../../src-shared/graph/document';
import { writeWav } from '../../../src-shared/io/wav';
import type { HostEvent } from '../../../src-shared/protocol';
import { nodeResults } from '../../node-results';

// The kernels are the DSP tests' business; here the plain path computes.
vi.mock('../../../src-renderer/bridge/web-host/kernels', () => ({ loadKernels: async () => false }));

const replies: FromWorker[] = [];
let deliver: ((event: { data: ToWebWorker }) => void) | undefined;

beforeAll(async () => {
  vi.stubGlobal('postMessage', (message: FromWorker) => replies.push(message));
  vi.stubGlobal('addEventListener', (type: string, listener: (event: { data: ToWebWorker }) => void) => {
    if (type === 'message') deliver = listener;
  });
  await import('../../../src-renderer/bridge/web-host/worker');
  deliver!({ data: { kind: 'init', modelsUrl: 'http://127.0.0.1/models/' } });
});
afterAll(() => vi.unstubAllGlobals());

const sequenceToPlot = (values: number[]): GraphDocument => ({
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'seq', type: 'source.sequence', params: { values } },
    { id: 'plot', type: 'sink.plot' },
  ],
  edges: [{ id: 'e1', source: 'seq', sourceHandle: 'out', target: 'plot', targetHandle: 'in' }],
});

function events(): HostEvent[] {
  return replies.flatMap(eventsOf);
}

/** Waits (a bounded number of short looks) for the end of run `runId`. */
async function runEnd(runId: number): Promise<HostEvent> {
  for (let look = 0; look < 400; look++) {
    const end = events().find((event) => event.kind === 'runEnd' && event.runId === runId);
    if (end) return end;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`run ${runId} did not end`);
}

describe('the web build\'s engine worker', () => {
  it('runs a graph and says so once, on the plain path, when the kernels do not load', async () => {
    deliver!({ data: { kind: 'run', runId: 1, request: { doc: sequenceToPlot([1, 2, 3]) } } });
    expect(await runEnd(1)).toMatchObject({ status: 'done' });
    const done = nodeResults(events()).filter((done) => done.runId === 1);
    expect(done).toHaveLength(2);
    const notices = events().filter((event) => event.kind === 'notice');
    expect(notices).toEqual([{ kind: 'notice', level: 'warning', message: expect.stringContaining('no WebAssembly SIMD') }]);
  });

  it('skips a run superseded by one whose message came while it waited its turn, instead of computing it in full', async () => {
    deliver!({ data: { kind: 'run', runId: 2, request: { doc: sequenceToPlot([1]) } } });
    expect(await runEnd(2)).toMatchObject({ status: 'done' });
    // Runs 3 and 4 arrive as two messages already queued, one behind the other, as they are when
    // both were sent while a run computed without giving the event loop a turn. Run 3 must not
    // compute: run 4 supersedes it.
    setTimeout(() => deliver!({ data: { kind: 'run', runId: 3, request: { doc: sequenceToPlot([2]) } } }), 0);
    setTimeout(() => deliver!({ data: { kind: 'run', runId: 4, request: { doc: sequenceToPlot([3]) } } }), 0);
    expect(await runEnd(4)).toMatchObject({ status: 'done' });
    expect(await runEnd(3)).toMatchObject({ status: 'cancelled' });
    expect(events().some((event) => event.kind === 'nodeStart' && event.runId === 3)).toBe(false);
  });

  it('answers a value from the memo, and a picked file becomes what a path param reads', async () => {
    deliver!({ data: { kind: 'getValue', requestId: 7, nodeId: 'seq', port: 'out', options: {} } });
    expect(replies.find((reply) => reply.kind === 'value' && reply.requestId === 7)).toMatchObject({ value: { kind: 'signal', length: 1 } });

    const doc: GraphDocument = { format: 'convolab.graph', version: 2, nodes: [{ id: 'audio', type: 'source.audio', params: { path: 'tone.wav' } }], edges: [] };
    deliver!({ data: { kind: 'run', runId: 5, request: { doc } } });
    await runEnd(5);
    const failed = nodeResults(events()).find((done) => done.runId === 5);
    expect(failed).toMatchObject({ report: { status: 'error', error: expect.stringContaining('tone.wav: not a file picked in this tab') } });

    const wav = writeWav([[0.5, -0.5, 0.25]], 8000);
    if (!wav.ok) throw new Error(wav.error);
    deliver!({ data: { kind: 'file', name: 'tone.wav', file: new Blob([new Uint8Array(wav.value)]) } });
    deliver!({ data: { kind: 'run', runId: 6, request: { doc } } });
    expect(await runEnd(6)).toMatchObject({ status: 'done' });
    const read = nodeResults(events()).find((done) => done.runId === 6);
    expect(read).toMatchObject({ report: { status: 'ok' }, previews: { out: { kind: 'signal', length: 3 } } });
  });
});
