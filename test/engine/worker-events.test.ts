/**
 * How an engine worker reports a run at its port (src-shared/engine/worker-core.ts): results that
 * finish one after another leave as one nodesDone, so a param change in a large graph is a few
 * messages, not one per node; yet no result waits behind a node's computation, and each node's
 * events keep their order.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src-shared/engine/engine';
import { createEngineWorkerCore } from '../../src-shared/engine/worker-core';
import { eventsOf, type FromWorker } from '../../src-shared/engine/worker-messages';
import type { GraphDocument } from '../../src-shared/graph/document';
import type { HostEvent } from '../../src-shared/protocol';
import { writeWav } from '../../src-shared/io/wav';
import { nodeResults } from '../node-results';

/** `chains` chains of source.sequence → sink.plot; chain 0's values are `first`. */
function chains(count: number, first: readonly number[] = [1, 2, 3]): GraphDocument {
  const nodes: GraphDocument['nodes'][number][] = [];
  const edges: GraphDocument['edges'][number][] = [];
  for (let i = 0; i < count; i++) {
    nodes.push({ id: `s${i}`, type: 'source.sequence', params: { values: i === 0 ? [...first] : [i, -i, 2 * i] } }, { id: `p${i}`, type: 'sink.plot' });
    edges.push({ id: `e${i}`, source: `s${i}`, sourceHandle: 'out', target: `p${i}`, targetHandle: 'in' });
  }
  return { format: 'convolab.graph', version: 2, nodes, edges };
}

interface Port {
  /** Every message the worker posted, in order. */
  readonly messages: FromWorker[];
  readonly events: () => HostEvent[];
  run(runId: number, doc: GraphDocument): Promise<HostEvent[]>;
}

function workerAt(options: { readFile?: (path: string) => Promise<Uint8Array>; newest?: () => number; now?: () => number } = {}): Port {
  const messages: FromWorker[] = [];
  const ended = new Map<number, () => void>();
  const core = createEngineWorkerCore({
    post: (message) => {
      messages.push(message);
      for (const event of eventsOf(message)) if (event.kind === 'runEnd') ended.get(event.runId)?.();
    },
    loadKernels: () => Promise.resolve(),
    yieldToEvents: () => Promise.resolve(),
    now: () => performance.now(),
  });
  const readFile = options.readFile ?? ((path: string) => Promise.reject(new Error(`no file ${path} here`)));
  core.start({ engine: new Engine({ readFile, ...(options.now ? { now: options.now } : {}) }), isCancelled: (runId) => runId < (options.newest?.() ?? runId), readFile });
  const events = (): HostEvent[] => messages.flatMap(eventsOf);
  return {
    messages,
    events,
    run(runId, doc) {
      const done = new Promise<void>((resolve) => ended.set(runId, resolve));
      const before = events().length;
      core.handle({ kind: 'run', runId, request: { doc } });
      return done.then(() => events().slice(before));
    },
  };
}

describe('the engine worker\'s run events', () => {
  it('reports a run of 200 cached nodes in a few messages, each node once, previews named by version', async () => {
    const port = workerAt();
    const first = await port.run(1, chains(100));
    expect(nodeResults(first)).toHaveLength(200);
    const before = port.messages.length;
    const again = await port.run(2, chains(100));
    // runStart, one nodesDone, runEnd: not one message per node.
    expect(port.messages.length - before).toBeLessThanOrEqual(3);
    const results = nodeResults(again);
    expect(results.map((done) => done.report.id)).toEqual(nodeResults(first).map((done) => done.report.id));
    expect(results.every((done) => done.report.cached && done.previews === undefined)).toBe(true);
    expect(results.map((done) => done.previewVersion)).toEqual(nodeResults(first).map((done) => done.previewVersion));
  });

  it('sends a param change in a large graph as a few messages whatever its size, with the changed node\'s new previews', async () => {
    const port = workerAt();
    await port.run(1, chains(100));
    const before = port.messages.length;
    const changed = await port.run(2, chains(100, [7, 8]));
    // runStart with s0's start; s0's result with p0's (a quick sink); the 198 cached nodes after them with runEnd.
    expect(port.messages.length - before).toBeLessThanOrEqual(3);
    // The changed plot leaves as soon as it is computed, not behind the cached nodes after it.
    const plotMessage = changed.find((event) => event.kind === 'nodesDone' && event.nodes.some((done) => done.report.id === 'p0'));
    expect(plotMessage?.kind === 'nodesDone' ? plotMessage.nodes.at(-1)?.report.id : undefined).toBe('p0');
    const results = nodeResults(changed);
    expect(results).toHaveLength(200);
    const plot = results.find((done) => done.report.id === 'p0');
    expect(plot).toMatchObject({ report: { cached: false }, previews: { sink: { kind: 'signal', length: 2 } } });
    expect(results.filter((done) => !done.report.cached).map((done) => done.report.id)).toEqual(['s0', 'p0']);
  });

  it('sends a quick sink\'s result in the message of the node it shows, and quick nodes\' starts not at all', async () => {
    // A clock that stands still: every node takes 0 ms, whatever this machine's load.
    const port = workerAt({ now: () => 0 });
    const first = await port.run(1, chains(3));
    // The first time a node's cost is unknown: it is announced before it computes.
    expect(first.filter((event) => event.kind === 'nodeStart').map((event) => (event.kind === 'nodeStart' ? event.id : ''))).toEqual(['s0', 'p0', 's1', 'p1', 's2', 'p2']);
    const before = port.messages.length;
    const changed = await port.run(2, chains(3, [4, 5, 6]));
    const messages = port.messages.slice(before);
    const carrying = (id: string): number => messages.findIndex((message) => eventsOf(message).some((event) => event.kind === 'nodesDone' && event.nodes.some((done) => done.report.id === id)));
    expect(carrying('p0')).toBeGreaterThan(-1);
    expect(carrying('p0')).toBe(carrying('s0'));
    // s0 and p0 as one nodesDone, s0 first, and nothing of the cached chains after them in it.
    const results = eventsOf(messages[carrying('p0')]!).flatMap((event) => (event.kind === 'nodesDone' ? event.nodes.map((done) => done.report.id) : []));
    expect(results).toEqual(['s0', 'p0']);
    // Both took under a millisecond last time: their results say all their starts would have.
    expect(changed.filter((event) => event.kind === 'nodeStart')).toEqual([]);
    // Two messages: the run's start with s0 and p0; the cached chains with the run's end.
    expect(messages.map((message) => eventsOf(message).map((event) => event.kind))).toEqual([
      ['runStart', 'nodesDone'],
      ['nodesDone', 'runEnd'],
    ]);
    expect(nodeResults(changed).find((done) => done.report.id === 'p0')).toMatchObject({ report: { cached: false }, previews: { sink: { kind: 'signal', length: 3 } } });
  });

  it('holds a quick node\'s start only while no computed result waits: a result never waits behind a node that is not a sink', async () => {
    const port = workerAt({ now: () => 0 });
    const doc = (values: number[]): GraphDocument => ({
      format: 'convolab.graph',
      version: 2,
      nodes: [
        { id: 's', type: 'source.sequence', params: { values } },
        { id: 'x', type: 'op.scale', params: { factor: 2 } },
        { id: 'p', type: 'sink.plot' },
      ],
      edges: [
        { id: 'e1', source: 's', sourceHandle: 'out', target: 'x', targetHandle: 'in' },
        { id: 'e2', source: 'x', sourceHandle: 'out', target: 'p', targetHandle: 'in' },
      ],
    });
    await port.run(1, doc([1, 2]));
    const before = port.messages.length;
    const changed = await port.run(2, doc([3, 4, 5]));
    const messages = port.messages.slice(before).map((message) => eventsOf(message));
    // s (quick, nothing computed before it) goes unannounced; x is quick too, but s's new result
    // waits for nothing: it leaves as x starts. p (a quick sink) rides with x.
    expect(messages.map((events) => events.map((event) => (event.kind === 'nodesDone' ? `done:${event.nodes.map((done) => done.report.id).join(',')}` : event.kind === 'nodeStart' ? `start:${event.id}` : event.kind)))).toEqual([
      ['runStart', 'done:s', 'start:x'],
      ['done:x,p', 'runEnd'],
    ]);
    expect(nodeResults(changed).find((done) => done.report.id === 'p')).toMatchObject({ report: { cached: false }, previews: { sink: { kind: 'signal', length: 3 } } });
  });

  it('announces a sink that took 1 ms or more last time before it computes, like any node', async () => {
    // A clock that moves 2 ms each time it is read: every node takes 2 ms.
    let clock = 0;
    const port = workerAt({ now: () => (clock += 2) });
    await port.run(1, chains(2));
    const before = port.messages.length;
    await port.run(2, chains(2, [9]));
    const messages = port.messages.slice(before);
    const startOfPlot = messages.findIndex((message) => eventsOf(message).some((event) => event.kind === 'nodeStart' && event.id === 'p0'));
    const resultOfPlot = messages.findIndex((message) => eventsOf(message).some((event) => event.kind === 'nodesDone' && event.nodes.some((done) => done.report.id === 'p0')));
    expect(startOfPlot).toBeGreaterThan(-1);
    // Its start left in a message before its result, and ended that message (nothing waited behind it).
    expect(resultOfPlot).toBeGreaterThan(startOfPlot);
    expect(eventsOf(messages[startOfPlot]!).at(-1)).toEqual({ kind: 'nodeStart', runId: 2, id: 'p0' });
  });

  it('keeps each node\'s events in order: start, then its result, and the run\'s end after all of them', async () => {
    const port = workerAt();
    const events = await port.run(1, chains(5));
    expect(events[0]).toEqual({ kind: 'runStart', runId: 1 });
    expect(events.at(-1)).toMatchObject({ kind: 'runEnd', runId: 1, status: 'done' });
    // Where each node's start and result fall in the stream (a result's place is its batch's).
    const place = (predicate: (event: HostEvent) => boolean): number => events.findIndex(predicate);
    for (let i = 0; i < 5; i++) {
      for (const id of [`s${i}`, `p${i}`]) {
        const started = place((event) => event.kind === 'nodeStart' && event.id === id);
        const finished = place((event) => event.kind === 'nodesDone' && event.nodes.some((done) => done.report.id === id));
        expect(started).toBeGreaterThan(0);
        expect(finished).toBeGreaterThan(started);
      }
    }
    // Results in the order the engine finished them: each source before its plot, in document order.
    expect(nodeResults(events).map((done) => done.report.id)).toEqual(['s0', 'p0', 's1', 'p1', 's2', 'p2', 's3', 'p3', 's4', 'p4']);
  });

  it('posts a finished node before the next node computes, so a slow node does not hold back what is done', async () => {
    const wav = writeWav([[0.5, -0.5, 0.25]], 8000);
    if (!wav.ok) throw new Error(wav.error);
    const seenWhenReading: string[][] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // readFile runs during the run, long after this initialiser: it may name the port.
    const port: Port = workerAt({
      // The slow node: what was posted when it began is what the page has while it computes.
      readFile: async () => {
        seenWhenReading.push(nodeResults(port.events()).map((done) => done.report.id));
        await released;
        return new Uint8Array(wav.value);
      },
    });
    const doc = chains(2);
    doc.nodes.push({ id: 'slow', type: 'source.audio', params: { path: 'tone.wav' } });
    const running = port.run(1, doc);
    for (let i = 0; i < 100 && seenWhenReading.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seenWhenReading).toEqual([['s0', 'p0', 's1', 'p1']]);
    expect(port.events().some((event) => event.kind === 'runEnd')).toBe(false);
    release();
    const events = await running;
    expect(nodeResults(events).at(-1)).toMatchObject({ report: { id: 'slow', status: 'ok' } });
  });

  it('ends a superseded run with what it finished before it noticed, and nothing of it after its end', async () => {
    let newest = 1;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const port = workerAt({
      newest: () => newest,
      readFile: async () => {
        await released;
        return new Uint8Array(0);
      },
    });
    const doc = chains(3);
    doc.nodes.splice(2, 0, { id: 'slow', type: 'source.audio', params: { path: 'tone.wav' } });
    const first = port.run(1, doc);
    for (let i = 0; i < 100 && !port.events().some((event) => event.kind === 'nodeStart' && event.id === 'slow'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    newest = 2;
    release();
    const events = await first;
    expect(events.at(-1)).toMatchObject({ kind: 'runEnd', runId: 1, status: 'cancelled' });
    // The slow node finished (with its read's error) before the run noticed; nothing after it ran.
    expect(nodeResults(events).map((done) => done.report.id)).toEqual(['s0', 'p0', 'slow']);
    await port.run(2, chains(3));
    const afterEnd = port.events().slice(port.events().indexOf(events.at(-1)!) + 1);
    expect(afterEnd.every((event) => !('runId' in event) || event.runId === 2)).toBe(true);
  });
});
