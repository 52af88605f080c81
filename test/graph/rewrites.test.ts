/**
 * Rewrites that prove themselves: each is applied to a small graph as the editor applies it (one
 * batch command), the graph is RUN with the engine, and the compare it adds must say match = 1.
 * A deliberately broken variant of each rewrite (too small an n, no flip, swapped passes, a
 * cropped merged kernel) must make the same compare say 0, so the checks can fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValueRecord } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphDocument, GraphEdge, GraphNode, ParamValue } from '../../src-shared/graph/document';
import type { SignalPreview } from '../../src-shared/engine/preview';
import { loadGraph } from '../../src-shared/graph/load';
import { findRewrite, rewritesFor, type Rewrite, type RewriteKind, type RewriteOptions } from '../../src-shared/graph/rewrites';
import { validateDocument } from '../../src-shared/graph/validate';
import { applyCommand, fixCommand } from '../../src-renderer/store/commands';
import { record, startHistory, undo } from '../../src-renderer/store/history';

function graph(nodes: GraphNode[], links: [string, string, string, string][]): GraphDocument {
  const edges: GraphEdge[] = links.map(([source, sourceHandle, target, targetHandle], i) => ({ id: `e${i + 1}`, source, sourceHandle, target, targetHandle }));
  // Laid out left to right, one column per node, as a user would have them.
  return { format: 'convolab.graph', version: 2, nodes: nodes.map((node, i) => ({ position: { x: 300 * i, y: 0 }, ...node })), edges };
}

function rewriteOf(document: GraphDocument, id: string, kind: RewriteKind, options: RewriteOptions = {}): Rewrite {
  const outcome = findRewrite(document, id, kind, options);
  if (!outcome.ok) throw new Error(`expected ${kind} to apply to ${id}: ${outcome.reason}`);
  return outcome.rewrite;
}

function reasonOf(document: GraphDocument, id: string, kind: RewriteKind, options: RewriteOptions = {}): string {
  const outcome = findRewrite(document, id, kind, options);
  if (outcome.ok) throw new Error(`expected ${kind} not to apply to ${id}`);
  return outcome.reason;
}

function applied(document: GraphDocument, rewrite: Rewrite): GraphDocument {
  return applyCommand(document, fixCommand(rewrite));
}

function setParam(document: GraphDocument, node: string, name: string, value: ParamValue): GraphDocument {
  return applyCommand(document, { kind: 'setParam', node, name, value });
}

/** Runs the graph and returns the compare's fields; every node must have run. */
async function compareFields(document: GraphDocument, check: string): Promise<ValueRecord['fields']> {
  const engine = new Engine();
  const result = await engine.run(document);
  const failed = result.reports.filter((report) => report.status !== 'ok').map((report) => `${report.id}: ${report.error}`);
  expect(failed).toEqual([]);
  const value = engine.outcome(check)?.outputs.out;
  if (value?.kind !== 'value') throw new Error(`${check} gave no value`);
  return value.fields;
}

/** 2^a·3^b·5^c, the lengths the FFT runs fast. */
function fiveSmooth(n: number): boolean {
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

const theorem = (): GraphDocument =>
  graph(
    [
      { id: 'a', type: 'source.sequence', params: { values: [1, 2, 3, 4, 5, 6, 5, 3, 1, 0.5] } },
      { id: 'b', type: 'source.sequence', params: { values: [1, -1, 2, 0.5, 0.25], start: -2 } },
      { id: 'direct', type: 'op.convolve', params: { method: 'direct' } },
      { id: 'plot', type: 'sink.plot' },
    ],
    [
      ['a', 'out', 'direct', 'a'],
      ['b', 'out', 'direct', 'b'],
      ['direct', 'out', 'plot', 'in'],
    ],
  );

describe('Rewrite via FFT', () => {
  it('adds FFT(a, n) · FFT(b, n) → IFFT with n = 16 for 10 and 5 samples, and its compare passes when run', async () => {
    const document = theorem();
    const rewrite = rewriteOf(document, 'direct', 'fft');
    const after = applied(document, rewrite);
    expect(validateDocument(after)).toEqual([]);
    const ffts = after.nodes.filter((node) => node.type === 'op.fft');
    expect(ffts.map((node) => node.params)).toEqual([{ size: 'custom', n: 16 }, { size: 'custom', n: 16 }]);
    // The original convolve stays, wired as before.
    expect(after.nodes.find((node) => node.id === 'direct')).toEqual(document.nodes.find((node) => node.id === 'direct'));
    expect(after.edges.slice(0, 3)).toEqual(document.edges);
    const fields = await compareFields(after, rewrite.check);
    expect(fields.match).toBe(1);
    expect(fields.maxAbsError).toBeLessThan(1e-12);
    expect(after.edges.some((edge) => edge.source === rewrite.check && edge.target === rewrite.sink)).toBe(true);
  });

  it('the same compare fails when n is too small for len a + len b − 1 (the product wraps around)', async () => {
    const document = theorem();
    const rewrite = rewriteOf(document, 'direct', 'fft');
    let after = applied(document, rewrite);
    // 12 ≥ 10 samples, so the FFTs run, but < 14: the circular convolution wraps.
    for (const fft of after.nodes.filter((node) => node.type === 'op.fft')) after = setParam(after, fft.id, 'n', 12);
    expect((await compareFields(after, rewrite.check)).match).toBe(0);
  });

  it('finds the lengths of a sampled function and an adapting kernel from their params: n is the smallest fast size ≥ 401 + 7 − 1', async () => {
    const document = graph(
      [
        { id: 'f', type: 'source.function', params: { shape: 'rect', t0: -2, t1: 2, rate: 100 } },
        { id: 'k', type: 'kernel.gaussian', params: { sigma: 1 } },
        { id: 'c', type: 'op.convolve' },
      ],
      [
        ['f', 'out', 'c', 'a'],
        ['k', 'out', 'c', 'b'],
      ],
    );
    const rewrite = rewriteOf(document, 'c', 'fft');
    const after = applied(document, rewrite);
    const n = after.nodes.find((node) => node.type === 'op.fft')!.params!.n as number;
    let smallest = 407;
    while (smallest % 2 !== 0 || !fiveSmooth(smallest)) smallest++;
    expect(n).toBe(smallest);
    expect((await compareFields(after, rewrite.check)).match).toBe(1);
  });

  it('says why where it does not apply: mode same, and a length only a run can tell (then the preview tells)', () => {
    expect(reasonOf(setParam(theorem(), 'direct', 'mode', 'same'), 'direct', 'fft')).toBe(
      'direct has mode same: the FFT route gives the full convolution; set mode full first',
    );
    const fromFile = graph(
      [
        { id: 'sound', type: 'source.audio', params: { path: 'voice.wav' } },
        { id: 'k', type: 'kernel.box', params: { size: 5 } },
        { id: 'c', type: 'op.convolve' },
      ],
      [
        ['sound', 'out', 'c', 'a'],
        ['k', 'out', 'c', 'b'],
      ],
    );
    expect(reasonOf(fromFile, 'c', 'fft')).toBe("the length of sound's output is not known until it runs: run the graph, then try again");
    const previews = (node: string) => (node === 'sound' ? ({ kind: 'signal', length: 1000 } as SignalPreview) : undefined);
    const rewrite = rewriteOf(fromFile, 'c', 'fft', { previews });
    expect(rewrite.label).toBe('Rewrite via FFT (n = 1024 ≥ 1000 + 5 − 1)');
  });

  it('is offered only for 1-D convolutions; a node no rewrite is about gets none', () => {
    expect(rewritesFor(theorem(), 'plot')).toEqual([]);
    expect(rewritesFor(theorem(), 'a')).toEqual([]);
    expect(rewritesFor(theorem(), 'direct').map((choice) => choice.kind)).toEqual(['fft']);
    expect(rewritesFor(imageChain(), 'blur').map((choice) => choice.kind)).toEqual(['separable']);
  });
});

/** x → blur (convolve with a kernel) → sharpen (convolve with another): a chain of two kernels on an image. */
const imageChain = (blurKernel: GraphNode = { id: 'k1', type: 'kernel.gaussian', params: { sigma: 1.5 } }): GraphDocument =>
  graph(
    [
      { id: 'x', type: 'source.testImage', params: { pattern: 'phantom', size: 32 } },
      blurKernel,
      { id: 'blur', type: 'op.convolve' },
      { id: 'k2', type: 'kernel.sobel', params: { direction: 'x' } },
      { id: 'edges', type: 'op.convolve' },
    ],
    [
      ['x', 'out', 'blur', 'a'],
      [blurKernel.id, 'out', 'blur', 'b'],
      ['blur', 'out', 'edges', 'a'],
      ['k2', 'out', 'edges', 'b'],
    ],
  );

const signalChain = (): GraphDocument =>
  graph(
    [
      { id: 'x', type: 'source.sequence', params: { values: [3, 1, 4, 1, 5, 9, 2, 6], start: 2 } },
      { id: 'k1', type: 'source.sequence', params: { values: [1, -2, 0.5], start: -1 } },
      { id: 'first', type: 'op.convolve' },
      { id: 'k2', type: 'kernel.gaussian', params: { sigma: 1 } },
      { id: 'second', type: 'op.convolve' },
    ],
    [
      ['x', 'out', 'first', 'a'],
      ['k1', 'out', 'first', 'b'],
      ['first', 'out', 'second', 'a'],
      ['k2', 'out', 'second', 'b'],
    ],
  );

describe('Merge two kernels in a chain into one', () => {
  it('convolve(convolve(x, k1), k2) = convolve(x, convolve(k1, k2)) on signals: the compare passes', async () => {
    const document = signalChain();
    expect(rewritesFor(document, 'first').map((choice) => choice.kind)).toEqual(['fft']);
    const rewrite = rewriteOf(document, 'second', 'merge');
    const after = applied(document, rewrite);
    expect(validateDocument(after)).toEqual([]);
    const fields = await compareFields(after, rewrite.check);
    expect(fields.match).toBe(1);
    expect(fields.maxAbsError).toBeLessThan(1e-12);
  });

  it('the compare fails when the merged kernel is cropped (mode same drops its tails)', async () => {
    const document = signalChain();
    const rewrite = rewriteOf(document, 'second', 'merge');
    const merged = rewrite.nodes[0]!;
    const after = setParam(applied(document, rewrite), merged, 'mode', 'same');
    expect((await compareFields(after, rewrite.check)).match).toBe(0);
  });

  it('merges image kernels too (float32 samples: tolerance 1e-5)', async () => {
    const document = imageChain();
    const rewrite = rewriteOf(document, 'edges', 'merge');
    const after = applied(document, rewrite);
    expect(after.nodes.find((node) => node.id === rewrite.check)?.params).toEqual({ tolerance: 1e-5 });
    expect((await compareFields(after, rewrite.check)).match).toBe(1);
  });

  it('refuses a chain whose first step crops: associativity needs full convolution', () => {
    expect(reasonOf(setParam(signalChain(), 'first', 'mode', 'same'), 'second', 'merge')).toBe('first has mode same: merging is exact for mode full only');
    expect(reasonOf(setParam(imageChain(), 'edges', 'boundary', 'reflect'), 'edges', 'merge')).toBe(
      'edges has boundary reflect: merging is exact for boundary zero only',
    );
  });
});

describe('Correlate as convolve with a flipped kernel', () => {
  const correlation = (): GraphDocument =>
    graph(
      [
        { id: 'a', type: 'source.sequence', params: { values: [1, 2, 3, 4, 5, 4], start: 1 } },
        { id: 'b', type: 'source.sequence', params: { values: [1, 2, -1], start: -1 } },
        { id: 'xc', type: 'op.correlate' },
      ],
      [
        ['a', 'out', 'xc', 'a'],
        ['b', 'out', 'xc', 'b'],
      ],
    );

  it('correlate(a, b) = convolve(a, flip(b)) for an asymmetric kernel: the compare passes', async () => {
    const document = correlation();
    const rewrite = rewriteOf(document, 'xc', 'correlate');
    const after = applied(document, rewrite);
    expect(after.nodes.filter((node) => node.type === 'op.flip')).toHaveLength(1);
    expect((await compareFields(after, rewrite.check)).match).toBe(1);
  });

  it('the compare fails when the kernel is not flipped', async () => {
    const document = correlation();
    const rewrite = rewriteOf(document, 'xc', 'correlate');
    const convolve = applied(document, rewrite).nodes.find((node) => node.type === 'op.convolve')!.id;
    const unflipped = applyCommand(applied(document, rewrite), { kind: 'connect', edge: { id: 'direct-b', source: 'b', sourceHandle: 'out', target: convolve, targetHandle: 'b' } });
    expect((await compareFields(unflipped, rewrite.check)).match).toBe(0);
  });

  it('keeps mode and boundary: an image correlated with Sobel (same, reflect) passes', async () => {
    const document = graph(
      [
        { id: 'x', type: 'source.testImage', params: { pattern: 'phantom', size: 32 } },
        { id: 'k', type: 'kernel.sobel', params: { direction: 'y' } },
        { id: 'xc', type: 'op.correlate', params: { mode: 'same', boundary: 'reflect' } },
      ],
      [
        ['x', 'out', 'xc', 'a'],
        ['k', 'out', 'xc', 'b'],
      ],
    );
    const rewrite = rewriteOf(document, 'xc', 'correlate');
    const after = applied(document, rewrite);
    expect(after.nodes.find((node) => node.type === 'op.convolve')?.params).toMatchObject({ mode: 'same', boundary: 'reflect' });
    expect((await compareFields(after, rewrite.check)).match).toBe(1);
  });
});

describe('Split separable 2-D kernel into two 1-D passes', () => {
  it('a 2-D Gaussian (11×11) becomes a row and a column of 11 taps; same/reflect kept; the compare passes', async () => {
    const document = setParam(setParam(imageChain(), 'blur', 'mode', 'same'), 'blur', 'boundary', 'reflect');
    const rewrite = rewriteOf(document, 'blur', 'separable');
    expect(rewrite.label).toBe('Split separable 2-D kernel into two 1-D passes (11 + 11 taps instead of 121)');
    const after = applied(document, rewrite);
    const kernels = after.nodes.filter((node) => node.type === 'kernel.custom');
    expect(kernels.map((node) => (node.params!.values as number[][]).map((row) => row.length))).toEqual([[11], Array(11).fill(1)]);
    // The row pass is normalised to sum 1, as the 1-D Gaussian is.
    const row = (kernels[0]!.params!.values as number[][])[0]!;
    expect(row.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 7);
    expect((await compareFields(after, rewrite.check)).match).toBe(1);
  });

  it('Sobel x = column [1 2 1]ᵀ ⊗ row [1 0 −1] up to sign; swapping the passes\' kernels fails the compare', async () => {
    const document = imageChain({ id: 'k1', type: 'kernel.sobel', params: { direction: 'x' } });
    const rewrite = rewriteOf(document, 'blur', 'separable');
    const after = applied(document, rewrite);
    expect((await compareFields(after, rewrite.check)).match).toBe(1);
    const [rowKernel, columnKernel] = after.nodes.filter((node) => node.type === 'kernel.custom');
    const row = (rowKernel!.params!.values as number[][])[0]!;
    const column = (columnKernel!.params!.values as number[][]).map((cell) => cell[0]!);
    expect(column.map((c) => row.map((r) => c * r))).toEqual([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]].map((line) => line.map((v) => expect.closeTo(v, 12))));
    let swapped = setParam(after, rowKernel!.id, 'values', [column]);
    swapped = setParam(swapped, rowKernel!.id, 'origin', [1, 0]);
    swapped = setParam(swapped, columnKernel!.id, 'values', row.map((value) => [value]));
    expect((await compareFields(swapped, rewrite.check)).match).toBe(0);
  });

  it('says why a kernel does not split: the Laplacian has rank 2', () => {
    const document = imageChain({ id: 'k1', type: 'kernel.laplacian' });
    expect(reasonOf(document, 'blur', 'separable')).toBe('blur: its 3×3 kernel is not separable (not an outer product column ⊗ row)');
  });
});

describe('what a rewrite adds to the document', () => {
  it('new nodes do not overlap each other nor the graph (estimated 240×200 boxes), and a given place is used', () => {
    const document = imageChain();
    const rewrite = rewriteOf(document, 'edges', 'merge');
    const after = applied(document, rewrite);
    const boxes = after.nodes.map((node) => ({ id: node.id, x: node.position!.x, y: node.position!.y }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + 240 <= b.x || b.x + 240 <= a.x || a.y + 200 <= b.y || b.y + 200 <= a.y;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
    const placed = rewriteOf(document, 'edges', 'merge', { place: () => ({ x: 1000, y: 2000 }) });
    const positions = placed.edits.flatMap((edit) => (edit.kind === 'addNodes' ? edit.nodes.map((node) => node.position!) : []));
    expect(Math.min(...positions.map((p) => p.x))).toBe(1000);
    expect(Math.min(...positions.map((p) => p.y))).toBe(2000);
  });

  it('is one undo entry: one undo gives back the graph as it was', () => {
    const document = theorem();
    const rewrite = rewriteOf(document, 'direct', 'fft');
    const history = record(startHistory(document), fixCommand(rewrite));
    expect(history.present.nodes).toHaveLength(document.nodes.length + 6);
    expect(history.past).toHaveLength(1);
    expect(undo(history).present).toBe(document);
  });
});

describe('the rewrites on the shipped examples', () => {
  /** Every rewrite that applies to a convolve or correlate of the example, applied one after another. */
  function rewriteAll(document: GraphDocument): { document: GraphDocument; applied: { node: string; kind: RewriteKind; check: string }[] } {
    const applied: { node: string; kind: RewriteKind; check: string }[] = [];
    const targets = document.nodes.filter((node) => node.type === 'op.convolve' || node.type === 'op.correlate').map((node) => node.id);
    for (const id of targets) {
      for (const choice of rewritesFor(document, id)) {
        // Found again on the graph as it now is: ids and places must clear the rewrites before.
        const outcome = findRewrite(document, id, choice.kind);
        if (!outcome.ok) continue;
        document = applyCommand(document, fixCommand(outcome.rewrite));
        applied.push({ node: id, kind: choice.kind, check: outcome.rewrite.check });
      }
    }
    return { document, applied };
  }

  it('every rewrite that applies passes its compare when the example runs (integral, dice chains, Parseval, image kernels)', async () => {
    const examples = ['two-dice', 'three-dice', 'polynomial-multiplication', 'rect-rect-triangle', 'convolution-theorem', 'parseval', 'image-kernels', 'convolution-theorem-2d'];
    const kinds = new Set<string>();
    for (const name of examples) {
      const loaded = loadGraph(readFileSync(join(import.meta.dirname, `../../examples/${name}.convolab.json`), 'utf8'));
      if (!loaded.ok) throw new Error(loaded.error);
      const { document, applied } = rewriteAll(loaded.document);
      expect(validateDocument(document), name).toEqual([]);
      const engine = new Engine();
      await engine.run(document);
      for (const { node, kind, check } of applied) {
        kinds.add(`${name}: ${kind} ${node}`);
        const outcome = engine.outcome(check);
        expect(outcome?.report.status, `${name}: ${kind} of ${node}: ${outcome?.report.error}`).toBe('ok');
        const value = outcome?.outputs.out;
        expect(value?.kind === 'value' ? value.fields.match : undefined, `${name}: ${kind} of ${node}`).toBe(1);
      }
    }
    // The ones each example is there for (the rest is listed by the failures' messages).
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'two-dice: fft sum',
        'three-dice: merge abc',
        'rect-rect-triangle: fft conv',
        'parseval: correlate timeEnergy',
        'image-kernels: separable gaussian',
      ]),
    );
  });
});
