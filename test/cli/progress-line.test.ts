/**
 * A single `convolab run` on a terminal says which node is running and how far it is, on one line
 * redrawn in place and erased when the node is done; off a terminal it prints nothing as it works.
 */
import { describe, expect, it } from 'vitest';
import { NodeProgressLine } from '../../src-main/cli/progress';
import { progressOnTerminal } from '../../src-main/cli/run';
import { createRunEngine, runGraph } from '../../src-main/cli/run-graph';
import type { GraphDocument } from '../../src-shared/graph/document';
import { capture, edgesOf } from './helpers';

const CLEAR = '\r\u001b[K';

/** 65,536 × 512 samples, direct: a convolution long enough to report progress a few times (it does, every million multiply-adds). */
const document: GraphDocument = {
  format: 'convolab.graph',
  version: 2,
  nodes: [
    { id: 'a', type: 'source.function', position: { x: 0, y: 0 }, params: { shape: 'noise', t0: 0, t1: 1, rate: 65535 } },
    { id: 'b', type: 'source.function', position: { x: 0, y: 0 }, params: { shape: 'noise', t0: 0, t1: 511 / 65535, rate: 65535 } },
    { id: 'conv', type: 'op.convolve', position: { x: 0, y: 0 }, params: { method: 'direct' } },
    { id: 'plot', type: 'sink.plot', position: { x: 0, y: 0 } },
  ],
  edges: edgesOf([['a', 'out', 'conv', 'a'], ['b', 'out', 'conv', 'b'], ['conv', 'out', 'plot', 'in']]),
};

describe('the progress line of a run on a terminal', () => {
  it('draws the node and its percentage in place, and erases itself once the node is done', async () => {
    const io = Object.assign(capture(), { stderrIsTerminal: true });
    await runGraph(createRunEngine({ graphDir: '/' }), document, progressOnTerminal(document, io, 0));
    const draws = io.err.split(CLEAR).filter(Boolean);
    for (const draw of draws) expect(draw).toMatch(/^convolab: running (a \(source\.function\)|conv \(op\.convolve\)) \d{1,2}%$/);
    const conv = draws.filter((draw) => draw.includes('conv (op.convolve)'));
    expect(conv.length).toBeGreaterThan(2);
    const percents = conv.map((draw) => Number(/(\d+)%$/.exec(draw)![1]));
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    // The source's line is erased when it is done, before the convolution's is drawn.
    expect(io.err).toContain(`(source.function) 99%${CLEAR}${CLEAR}convolab: running conv (op.convolve)`);
    // Erased at the end: what follows starts on a clean line.
    expect(io.err.endsWith(`%${CLEAR}`)).toBe(true);
  });

  it('off a terminal the run writes nothing while it works', async () => {
    const io = Object.assign(capture(), { stderrIsTerminal: false });
    expect(progressOnTerminal(document, io, 0)).toEqual({});
    await runGraph(createRunEngine({ graphDir: '/' }), document, progressOnTerminal(document, io, 0));
    expect(io.err).toBe('');
  });

  it('escapes what it prints and erases only a line it drew', () => {
    let text = '';
    const line = new NodeProgressLine((t) => (text += t));
    line.clear();
    expect(text).toBe('');
    line.show('bad\u001b]0;x\u0007 (op.scale)', 0.999);
    line.clear();
    line.clear();
    expect(text).toBe(`${CLEAR}convolab: running bad\\u001B]0;x\\u0007 (op.scale) 99%${CLEAR}`);
  });
});
