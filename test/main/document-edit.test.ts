/**
 * A run sent as an edit of the document before it (graph/document-edit.ts): whatever the edits, the
 * host runs the very document the page has, the edit is checked at the boundary as strictly as a
 * document, and a host without the edit's base gets the document whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreHost, EngineHostCore, type WorkerHandlers, type WorkerPort } from '../../src-shared/engine/host-core';
import { runOfMessage, type EngineRequest } from '../../src-shared/engine/worker-messages';
import type { GraphDocument, GraphEdge, GraphNode } from '../../src-shared/graph/document';
import { diffDocuments } from '../../src-shared/graph/document-edit';
import { dispatchCall, type HostInfo, type RunAnswer, type RunRequest } from '../../src-shared/protocol';
import { RunRequests } from '../../src-renderer/store/runRequests';

/**
 * An engine host whose worker only records the runs it is sent: the document it makes of each
 * (as the engine worker does: the document sent, or its last one with the edit applied), and
 * how each crossed to it.
 */
class RecordingHost extends CoreHost<WorkerPort> {
  readonly ran: GraphDocument[] = [];
  readonly crossed: ('whole' | 'edit')[] = [];
  /** The running worker's handlers: what it says back, its failure. */
  handlers: WorkerHandlers | undefined;
  protected readonly core = new EngineHostCore<WorkerPort>({
    timers: { setTimeout: () => undefined, clearTimeout: () => undefined },
    startEngine: (handlers) => {
      this.handlers = handlers;
      let held: GraphDocument | undefined;
      return {
        post: (message: EngineRequest) => {
          if (message.kind !== 'run') return;
          // What crosses to a worker is a structured clone: it never sees the host's objects.
          const run = runOfMessage(held, structuredClone(message.request));
          held = run.doc;
          this.ran.push(run.doc);
          this.crossed.push('edit' in message.request ? 'edit' : 'whole');
        },
        terminate: () => undefined,
      };
    },
    startProfiler: () => ({ post: () => undefined, terminate: () => undefined }),
  });
  async info(): Promise<HostInfo> {
    return { version: 'test', mode: 'browser' };
  }
}

/** `run` as serve and IPC make it: checked against the protocol's table, then called on the host. */
async function callRun(host: RecordingHost, request: RunRequest): Promise<RunAnswer> {
  // What crosses a socket is JSON: the host never sees the page's objects.
  const reply = await dispatchCall('run', [JSON.parse(JSON.stringify(request))], () => ({ host }));
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as RunAnswer;
}

const START: GraphDocument = {
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'a', type: 'source.sequence', position: { x: 0, y: 0 }, params: { values: [1, 2, 3] } },
    { id: 'b', type: 'kernel.gaussian', params: { sigma: 2 } },
    { id: 'c', type: 'sink.plot' },
  ],
  edges: [{ id: 'e1', source: 'a', sourceHandle: 'out', target: 'c', targetHandle: 'in' }],
};

/** One change as the editor's commands make them: a new object for what changed, the rest kept. */
type Step =
  | { kind: 'param'; at: number; value: number }
  | { kind: 'move'; at: number; x: number }
  | { kind: 'addNode'; at: number }
  | { kind: 'removeNode'; at: number }
  | { kind: 'swapNodes'; at: number; with: number }
  | { kind: 'addEdge'; from: number; to: number }
  | { kind: 'removeEdge'; at: number }
  | { kind: 'meta'; title: string | undefined }
  | { kind: 'viewport'; zoom: number | undefined }
  | { kind: 'blocks'; on: boolean }
  | { kind: 'same' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('param' as const), at: fc.nat(), value: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }),
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), x: fc.integer({ min: -5000, max: 5000 }) }),
  fc.record({ kind: fc.constant('addNode' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('removeNode' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapNodes' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('addEdge' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('removeEdge' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('meta' as const), title: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('viewport' as const), zoom: fc.option(fc.double({ min: 0.1, max: 4, noNaN: true }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('blocks' as const), on: fc.boolean() }),
  fc.constant({ kind: 'same' as const }),
);

let fresh = 0;
function applyStep(doc: GraphDocument, change: Step): GraphDocument {
  const nodes = doc.nodes;
  const pick = <T,>(list: readonly T[], at: number): number => (list.length === 0 ? -1 : at % list.length);
  const withNode = (index: number, node: GraphNode): GraphDocument => ({ ...doc, nodes: nodes.map((old, i) => (i === index ? node : old)) });
  switch (change.kind) {
    case 'param': {
      const i = pick(nodes, change.at);
      return i < 0 ? doc : withNode(i, { ...nodes[i]!, params: { ...nodes[i]!.params, sigma: change.value } });
    }
    case 'move': {
      const i = pick(nodes, change.at);
      return i < 0 ? doc : withNode(i, { ...nodes[i]!, position: { x: change.x, y: 0 } });
    }
    case 'addNode': {
      const node: GraphNode = { id: `n${++fresh}`, type: 'source.sequence', params: { values: [change.at % 7] } };
      const at = change.at % (nodes.length + 1);
      return { ...doc, nodes: [...nodes.slice(0, at), node, ...nodes.slice(at)] };
    }
    case 'removeNode': {
      const i = pick(nodes, change.at);
      if (i < 0) return doc;
      const gone = nodes[i]!.id;
      return { ...doc, nodes: nodes.filter((_, j) => j !== i), edges: doc.edges.filter((edge) => edge.source !== gone && edge.target !== gone) };
    }
    case 'swapNodes': {
      const i = pick(nodes, change.at);
      const j = pick(nodes, change.with);
      if (i < 0 || i === j) return doc;
      const next = [...nodes];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return { ...doc, nodes: next };
    }
    case 'addEdge': {
      const i = pick(nodes, change.from);
      const j = pick(nodes, change.to);
      if (i < 0) return doc;
      const edge: GraphEdge = { id: `wire${++fresh}`, source: nodes[i]!.id, sourceHandle: 'out', target: nodes[j]!.id, targetHandle: 'in' };
      return { ...doc, edges: [...doc.edges, edge] };
    }
    case 'removeEdge': {
      const i = pick(doc.edges, change.at);
      return i < 0 ? doc : { ...doc, edges: doc.edges.filter((_, j) => j !== i) };
    }
    case 'meta': {
      if (change.title === undefined) {
        const { meta: _meta, ...rest } = doc;
        return rest;
      }
      return { ...doc, meta: { ...doc.meta, title: change.title } };
    }
    case 'viewport': {
      if (change.zoom === undefined) {
        const { viewport: _viewport, ...rest } = doc;
        return rest;
      }
      return { ...doc, viewport: { x: 1, y: 2, zoom: change.zoom } };
    }
    case 'blocks': {
      if (!change.on) {
        const { blocks: _blocks, ...rest } = doc;
        return { ...rest, version: 2 };
      }
      const definition = { title: 'B', nodes: [{ id: 'k', type: 'kernel.box' }], edges: [], inputs: [], outputs: [] };
      return { ...doc, version: 3, blocks: { [`blk${++fresh}`]: definition } };
    }
    case 'same':
      return { ...doc };
  }
}

describe('runs sent as edits of the document before', () => {
  it('run the very document the page has, whatever the edits (random edit sequences)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const host = new RecordingHost();
        // The same documents sent whole, to a host of their own.
        const wholeHost = new RecordingHost();
        let doc = START;
        const page = new RunRequests({ run: (request: RunRequest) => callRun(host, request) });
        await page.run(doc, true);
        await callRun(wholeHost, { doc });
        for (const change of steps) {
          doc = applyStep(doc, change);
          await page.run(doc, false);
          await callRun(wholeHost, { doc });
        }
        expect(host.ran).toEqual(wholeHost.ran);
        expect(host.ran).toHaveLength(steps.length + 1);
        expect(host.ran.at(-1)).toEqual(JSON.parse(JSON.stringify(doc)));
        // Only the first went whole: every later one was an edit the host took, and passed on as one.
        expect(page.counts).toEqual({ whole: 1, edits: steps.length });
        expect(host.crossed).toEqual(['whole', ...steps.map(() => 'edit')]);
      }),
      { numRuns: 150 },
    );
  });

  it('passes an edit on to the worker only when it holds the edit\'s base: a new worker, or one after a failed run, gets the document whole', async () => {
    const host = new RecordingHost();
    const page = new RunRequests({ run: (request: RunRequest) => callRun(host, request) });
    const docs = [START];
    for (let i = 1; i <= 5; i++) docs.push(applyStep(docs[i - 1]!, { kind: 'param', at: i, value: i }));
    await page.run(docs[0]!, true);
    await page.run(docs[1]!, false);
    expect(host.crossed).toEqual(['whole', 'edit']);
    // The worker crashed: its replacement runs the last document again, whole, and then takes edits of it.
    host.handlers!.failed('the engine worker crashed');
    expect(host.crossed).toEqual(['whole', 'edit', 'whole']);
    await page.run(docs[2]!, false);
    expect(host.crossed.at(-1)).toBe('edit');
    // A failed run: the next goes whole, whatever the worker holds.
    host.handlers!.message({ kind: 'event', event: { kind: 'runEnd', runId: 3, status: 'failed', ms: 0, error: 'test' } });
    await page.run(docs[3]!, false);
    await page.run(docs[4]!, false);
    expect(host.crossed.slice(-2)).toEqual(['whole', 'edit']);
    expect(page.counts).toEqual({ whole: 1, edits: 4 });
    expect(host.ran.map((doc) => doc.nodes.map((node) => node.params?.sigma))).toEqual(
      [docs[0], docs[1], docs[1], docs[2], docs[3], docs[4]].map((doc) => doc!.nodes.map((node) => node.params?.sigma)),
    );
  });

  it('a document whose ids are not unique goes whole, and runs as it is', async () => {
    const host = new RecordingHost();
    const page = new RunRequests({ run: (request: RunRequest) => callRun(host, request) });
    await page.run(START, true);
    const twice = { ...START, edges: [...START.edges, { ...START.edges[0]!, target: 'b' }] };
    await page.run(twice, false);
    expect(page.counts).toEqual({ whole: 2, edits: 0 });
    expect(host.ran).toEqual([START, twice]);
  });

  it('a param change in a 300-node graph sends the one node it changed', async () => {
    const nodes: GraphNode[] = Array.from({ length: 300 }, (_, i) => ({ id: `k${i}`, type: 'kernel.gaussian', position: { x: i, y: i }, params: { sigma: 1 } }));
    const before: GraphDocument = { format: 'convolab.graph', version: 2, nodes, edges: [] };
    const after: GraphDocument = { ...before, nodes: nodes.map((node, i) => (i === 42 ? { ...node, params: { sigma: 2.5 } } : node)) };
    const edit = diffDocuments(before, after, 'p.1', 'p.2');
    expect(edit).toEqual({ base: 'p.1', version: 'p.2', nodes: { set: [after.nodes[42]] } });
    expect(JSON.stringify(edit).length).toBeLessThan(JSON.stringify(after).length / 50);
  });

  it('a host that lacks the base (a new host: serve or the app restarted) answers so, and the page sends the document whole', async () => {
    let host = new RecordingHost();
    const page = new RunRequests({ run: (request: RunRequest) => callRun(host, request) });
    const first = START;
    const second = applyStep(first, { kind: 'param', at: 1, value: 3 });
    const third = applyStep(second, { kind: 'addNode', at: 0 });
    await page.run(first, true);
    await page.run(second, false);
    expect(page.counts).toEqual({ whole: 1, edits: 1 });
    host = new RecordingHost();
    const answer = await page.run(third, false);
    expect(answer).toEqual({ runId: 1 });
    expect(page.counts).toEqual({ whole: 2, edits: 2 });
    expect(host.ran).toEqual([third]);
    // And the next edit is on that document.
    const fourth = applyStep(third, { kind: 'param', at: 0, value: 9 });
    await page.run(fourth, false);
    expect(page.counts).toEqual({ whole: 2, edits: 3 });
    expect(host.ran).toEqual([third, fourth]);
  });

  it('an edit the host refuses goes again whole, so the run still happens', async () => {
    const host = new RecordingHost();
    const refusing = (request: RunRequest): Promise<RunAnswer> => ('edit' in request ? Promise.reject(new Error('run: bad edit: test')) : callRun(host, request));
    const page = new RunRequests({ run: refusing });
    const second = applyStep(START, { kind: 'param', at: 0, value: 4 });
    await page.run(START, true);
    expect(await page.run(second, false)).toEqual({ runId: 2 });
    expect(page.counts).toEqual({ whole: 2, edits: 1 });
    expect(host.ran).toEqual([START, second]);
  });

  it('an edit of another version than the one held runs nothing', async () => {
    const host = new RecordingHost();
    expect(await callRun(host, { doc: START, version: 'p.1' })).toEqual({ runId: 1 });
    expect(await callRun(host, { edit: { base: 'p.0', version: 'p.2' } })).toEqual({ needsDocument: true });
    // A whole document without a version leaves nothing to edit.
    expect(await callRun(host, { doc: START })).toEqual({ runId: 2 });
    expect(await callRun(host, { edit: { base: 'p.1', version: 'p.2' } })).toEqual({ needsDocument: true });
    expect(host.ran).toHaveLength(2);
  });

  it('checks an edit as strictly as a document, and one that does not fit its base is refused in one line', async () => {
    const host = new RecordingHost();
    await callRun(host, { doc: START, version: 'v1' });
    const refused = async (edit: unknown): Promise<string> => {
      const reply = await dispatchCall('run', [{ edit }], () => ({ host }));
      expect(reply.ok).toBe(false);
      return reply.ok ? '' : reply.error;
    };
    const node = { id: 'a', type: 'source.sequence', params: { values: [1] } };
    // What a whole document would be refused for.
    expect(await refused({ base: 'v1', version: 'v2', nodes: { set: [{ ...node, extra: 1 }] } })).toMatch(/^run: bad arguments at 0\.edit\.nodes\.set\.0: /);
    expect(await refused({ base: 'v1', version: 'v2', nodes: { set: [{ ...node, params: { values: [Number.POSITIVE_INFINITY] } }] } })).toMatch(/^run: bad arguments at 0\.edit\.nodes\.set\.0\.params\.values/);
    expect(await refused({ base: 'v1', version: 'v2', nodes: { set: [{ ...node, position: { x: 1e12, y: 0 } }] } })).toMatch(/^run: bad arguments/);
    expect(await refused({ base: 'v1', version: 'v2', edges: { set: [{ id: 'e', source: 'a' }] } })).toMatch(/^run: bad arguments/);
    expect(await refused({ base: 'v1', version: 'v2', fields: { version: 99 } })).toMatch(/^run: bad arguments/);
    expect(await refused({ base: 'v1', version: 'v2', fields: { format: 'other' } })).toMatch(/^run: bad arguments/);
    expect(await refused({ base: 'v1', version: 'v2', drop: ['nodes'] })).toMatch(/^run: bad arguments/);
    expect(await refused({ base: 'v1', version: 'v2', whole: true })).toMatch(/^run: bad arguments/);
    expect(await refused({ base: 'v1', version: 'v2', nodes: { set: [], order: Array.from({ length: 10_001 }, (_, i) => `n${i}`) } })).toMatch(/^run: bad arguments/);
    // What only the base can tell.
    await callRun(host, { doc: START, version: 'v1' });
    expect(await refused({ base: 'v1', version: 'v2', nodes: { set: [{ ...node, id: 'new' }] } })).toBe('run: bad edit: nodes.set: "new" is not in the base document and the edit gives no order');
    await callRun(host, { doc: START, version: 'v1' });
    expect(await refused({ base: 'v1', version: 'v2', nodes: { set: [node, node] } })).toBe('run: bad edit: nodes.set: "a" comes twice');
    await callRun(host, { doc: START, version: 'v1' });
    expect(await refused({ base: 'v1', version: 'v2', nodes: { set: [], order: ['a', 'a'] } })).toBe('run: bad edit: nodes.order.1: "a" comes twice');
    await callRun(host, { doc: START, version: 'v1' });
    expect(await refused({ base: 'v1', version: 'v2', edges: { set: [], order: ['zz'] } })).toBe('run: bad edit: edges.order.0: "zz" is neither in the base document nor in the edit');
    await callRun(host, { doc: START, version: 'v1' });
    expect(await refused({ base: 'v1', version: 'v2', nodes: { set: [{ ...node, id: 'x' }], order: ['a'] } })).toBe('run: bad edit: nodes.set: "x" is not in the order');
    // A refused edit leaves no base: the page's next edit gets `needsDocument`, not a run of a guess.
    expect(await callRun(host, { edit: { base: 'v1', version: 'v3' } })).toEqual({ needsDocument: true });
    // None of those ran.
    expect(host.ran).toHaveLength(6);
  });
});
