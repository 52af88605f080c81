/**
 * The CLI on graph files with blocks: `run` runs them as their inner nodes and writes a sink
 * inside a block as `DIR/<block node>.<inner sink>.npy`, `validate` accepts them, `--set` reaches a
 * promoted param, a batch runs them, and `export-python` exports them as they run; the same for
 * a block inside a block (`DIR/<outer>.<inner>.<sink>.npy`, a param promoted twice).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { sinkFileNames } from '../../src-main/cli/outputs';
import type { BlockDefinition, GraphDocument } from '../../src-shared/graph/document';
import { writeWav } from '../../src-shared/io/wav';
import { FFT_CONVOLUTION, documentOf, fftConvolutionDocument, fftConvolutionFlat, nestedConvolutionDocument, nestedConvolutionFlat } from '../engine/block-documents';
import { capture, tempDir } from './helpers';
import { readNpy } from './npy';

/** The FFT-convolution block with a spectrum sink inside it, on the product. */
const WITH_INNER_SINK: BlockDefinition = {
  ...FFT_CONVOLUTION,
  nodes: [...FFT_CONVOLUTION.nodes, { id: 'seen', type: 'sink.spectrum' }],
  edges: [...FFT_CONVOLUTION.edges, { id: 'iseen', source: 'product', sourceHandle: 'out', target: 'seen', targetHandle: 'in' }],
};

function blockGraph(): GraphDocument {
  const document = fftConvolutionDocument(16);
  return { ...document, blocks: { bconv: WITH_INNER_SINK } };
}

function save(dir: string, document: GraphDocument, name = 'g.convolab.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(document, null, 2));
  return path;
}

function samples(path: string): number[] {
  return [...readNpy(readFileSync(path)).data];
}

describe('convolab run on a file with blocks', () => {
  it('computes what the same nodes wired flat compute, and writes a sink inside a block as BLOCK.SINK', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['run', save(dir, blockGraph()), '--out', join(dir, 'out')], io)).toBe(0);
    expect(io.err).toBe('');
    const flatIo = capture();
    expect(await main(['run', save(dir, fftConvolutionFlat(16), 'flat.convolab.json'), '--out', join(dir, 'flat')], flatIo)).toBe(0);
    expect(readFileSync(join(dir, 'out', 'plot.npy'))).toEqual(readFileSync(join(dir, 'flat', 'plot.npy')));
    expect(readNpy(readFileSync(join(dir, 'out', 'conv.seen.npy'))).shape).toEqual([16, 2]);
    expect(existsSync(join(dir, 'out', 'conv.seen.json'))).toBe(true);
    const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as { nodes: { id: string; status: string }[] };
    expect(run.nodes.map((node) => node.id)).toContain('conv/fftA');
    expect(run.nodes.every((node) => node.status === 'ok')).toBe(true);
  });

  it('--set reaches a promoted param; an inner node or an unknown promoted name is refused in one line', async () => {
    const dir = tempDir();
    const graph = save(dir, blockGraph());
    expect(await main(['run', graph, '--out', join(dir, 'n32'), '--set', 'conv.n=32'], capture())).toBe(0);
    expect(readNpy(readFileSync(join(dir, 'n32', 'conv.seen.npy'))).shape).toEqual([32, 2]);

    const inner = capture();
    expect(await main(['run', graph, '--out', join(dir, 'x'), '--set', 'conv/fftA.n=32'], inner)).toBe(2);
    expect(inner.err).toBe('convolab: --set conv/fftA.n: conv/fftA is inside block conv: promote the param to the block in the editor, then --set conv.NAME\n');
    const unknown = capture();
    expect(await main(['run', graph, '--out', join(dir, 'x'), '--set', 'conv.size=pow2'], unknown)).toBe(2);
    expect(unknown.err).toBe('convolab: --set conv.size: block conv has no promoted param "size" (it has n)\n');
    // A value the bound inner param refuses is refused as that param would be.
    const bad = capture();
    expect(await main(['run', graph, '--out', join(dir, 'x'), '--set', 'conv.n=-3'], bad)).toBe(2);
    expect(bad.err).toMatch(/^convolab: --set conv\.n=-3: .+\n$/);
  });

  it('an error inside a block is the inner node\'s, by its flat id; exit 1 and the rest still written', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['run', save(dir, { ...blockGraph(), nodes: blockGraph().nodes.map((node) => (node.id === 'conv' ? { ...node, params: { n: 4 } } : node)) }), '--out', join(dir, 'out')], io)).toBe(1);
    expect(io.err).toMatch(/^convolab: node conv\/fftA \(op\.fft\): /m);
    expect(existsSync(join(dir, 'out', 'directPlot.npy'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'plot.npy'))).toBe(false);
  });
});

describe('convolab validate on a file with blocks', () => {
  it('says ok', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['validate', save(dir, blockGraph())], io)).toBe(0);
    expect(io.out).toMatch(/: ok \(6 nodes, 6 edges\)\n$/);
  });
});

describe('the file names of sinks inside blocks', () => {
  it('stay inside the output folder whatever the ids, and a clash with a top-level sink is refused naming both', () => {
    const odd: GraphDocument = documentOf(
      [
        { id: '..', type: 'block', block: 'bsink' },
        { id: 'x', type: 'source.sequence' },
      ],
      [['x', 'out', '..', 'in']],
      { bsink: { title: 'sink', nodes: [{ id: '..', type: 'sink.plot' }], edges: [], inputs: [{ name: 'in', to: [{ node: '..', handle: 'in' }] }], outputs: [] } },
    );
    const names = sinkFileNames(odd);
    expect(names.ok && [...names.names]).toEqual([['../..', '_..._..']]);

    const clash = documentOf(
      [
        { id: 'conv', type: 'block', block: 'bconv' },
        { id: 'conv.seen', type: 'sink.spectrum' },
      ],
      [],
      { bconv: WITH_INNER_SINK },
    );
    expect(sinkFileNames(clash)).toEqual({
      ok: false,
      error: expect.stringContaining('sinks "conv/seen" and "conv.seen" would both write conv.seen.npy and conv.seen.json') as unknown as string,
    });
  });
});

describe('convolab run --each on a file with blocks', () => {
  it('runs the block for every input', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    for (const [name, values] of [
      ['one', [1, 2, 3]],
      ['two', [4, 5]],
    ] as const) {
      const wav = writeWav([Float64Array.from(values, (v) => v / 8)], 8000);
      if (!wav.ok) throw new Error(wav.error);
      writeFileSync(join(dir, 'data', `${name}.wav`), wav.value);
    }
    const square: BlockDefinition = {
      title: 'Square',
      nodes: [
        { id: 'times', type: 'op.multiply' },
        { id: 'inside', type: 'sink.plot' },
        { id: 'copy', type: 'sink.file', params: { path: 'squared.npy' } },
      ],
      edges: [
        { id: 'i0', source: 'times', sourceHandle: 'out', target: 'inside', targetHandle: 'in' },
        { id: 'i1', source: 'times', sourceHandle: 'out', target: 'copy', targetHandle: 'in' },
      ],
      inputs: [{ name: 'x', to: [{ node: 'times', handle: 'a' }, { node: 'times', handle: 'b' }] }],
      outputs: [{ name: 'out', from: { node: 'times', handle: 'out' } }],
    };
    const graph = save(
      dir,
      documentOf(
        [
          { id: 'in', type: 'source.audio', params: { path: '' } },
          { id: 'sq', type: 'block', block: 'bsq' },
          { id: 'plot', type: 'sink.plot' },
        ],
        [
          ['in', 'out', 'sq', 'x'],
          ['sq', 'out', 'plot', 'in'],
        ],
        { bsq: square },
      ),
    );
    const io = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'out'), '--each', 'in.path=data/*.wav', '-j', '1'], io)).toBe(0);
    expect(samples(join(dir, 'out', 'one', 'plot.npy'))).toEqual([1, 4, 9].map((v) => v / 64));
    expect(samples(join(dir, 'out', 'two', 'sq.inside.npy'))).toEqual([16, 25].map((v) => v / 64));
    // A sink.file inside the block writes each input's own file, as one outside does.
    expect(samples(join(dir, 'out', 'one', 'squared.npy'))).toEqual([1, 4, 9].map((v) => v / 64));
    expect(samples(join(dir, 'out', 'two', 'squared.npy'))).toEqual([16, 25].map((v) => v / 64));
    expect(existsSync(join(dir, 'squared.npy'))).toBe(false);
  });

  it('--each may name a block\'s promoted path param', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    for (const [name, values] of [
      ['one', [1, 2]],
      ['two', [3]],
    ] as const) {
      const wav = writeWav([Float64Array.from(values, (v) => v / 8)], 8000);
      if (!wav.ok) throw new Error(wav.error);
      writeFileSync(join(dir, 'data', `${name}.wav`), wav.value);
    }
    const reader: BlockDefinition = {
      title: 'Reader',
      nodes: [{ id: 'audio', type: 'source.audio', params: { path: '' } }],
      edges: [],
      inputs: [],
      outputs: [{ name: 'out', from: { node: 'audio', handle: 'out' } }],
      params: [{ name: 'file', bind: [{ node: 'audio', param: 'path' }] }],
    };
    const graph = save(
      dir,
      documentOf(
        [
          { id: 'read', type: 'block', block: 'bread' },
          { id: 'plot', type: 'sink.plot' },
        ],
        [['read', 'out', 'plot', 'in']],
        { bread: reader },
      ),
    );
    const io = capture(dir);
    expect(await main(['run', graph, '--out', join(dir, 'out'), '--each', 'read.file=data/*.wav', '-j', '1'], io)).toBe(0);
    expect(samples(join(dir, 'out', 'one', 'plot.npy'))).toEqual([1 / 8, 2 / 8]);
    expect(samples(join(dir, 'out', 'two', 'plot.npy'))).toEqual([3 / 8]);
  });
});

const hasPython = spawnSync('python3', ['-c', 'import numpy, scipy.signal'], { encoding: 'utf8' }).status === 0;

describe('convolab export-python on a file with blocks', () => {
  it('exports the inner nodes in line, each sink under the name run writes it', async () => {
    const dir = tempDir();
    const graph = save(dir, blockGraph());
    const script = join(dir, 'g.py');
    expect(await main(['export-python', graph, '-o', script], capture())).toBe(0);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain(`"conv/seen": ("conv.seen", `);
    if (!hasPython) return;
    expect(await main(['run', graph, '--out', join(dir, 'out')], capture())).toBe(0);
    const checked = spawnSync('python3', [script, '--check', join(dir, 'out')], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });

  it('exports a block inside a block in line too, its inner sink under OUTER.INNER.SINK', async () => {
    const dir = tempDir();
    const graph = save(dir, nestedConvolutionDocument(16, 3, WITH_INNER_SINK));
    const script = join(dir, 'g.py');
    expect(await main(['export-python', graph, '-o', script], capture())).toBe(0);
    expect(readFileSync(script, 'utf8')).toContain(`"outer/conv/seen": ("outer.conv.seen", `);
    if (!hasPython) return;
    expect(await main(['run', graph, '--out', join(dir, 'out')], capture())).toBe(0);
    const checked = spawnSync('python3', [script, '--check', join(dir, 'out')], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });
});

describe('convolab run on a file with a block inside a block', () => {
  /** The FFT-convolution block with its inner sink, inside OUTER, inside the top-level node `outer`. */
  function nestedGraph(): GraphDocument {
    return nestedConvolutionDocument(16, 3, WITH_INNER_SINK);
  }

  it('computes what the nodes wired flat compute, writes the inner sink as OUTER.INNER.SINK, and --set reaches a param promoted twice', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['run', save(dir, nestedGraph()), '--out', join(dir, 'out')], io)).toBe(0);
    expect(io.err).toBe('');
    expect(await main(['run', save(dir, nestedConvolutionFlat(16, 3), 'flat.convolab.json'), '--out', join(dir, 'flat')], capture())).toBe(0);
    expect(readFileSync(join(dir, 'out', 'plot.npy'))).toEqual(readFileSync(join(dir, 'flat', 'plot.npy')));
    expect(readNpy(readFileSync(join(dir, 'out', 'outer.conv.seen.npy'))).shape).toEqual([16, 2]);
    const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as { nodes: { id: string }[] };
    expect(run.nodes.map((node) => node.id)).toContain('outer/conv/fftA');

    // outer.n is the outer face's n, which sets the inner block's n, which sets both FFTs.
    expect(await main(['run', save(dir, nestedGraph()), '--out', join(dir, 'n32'), '--set', 'outer.n=32'], capture())).toBe(0);
    expect(readNpy(readFileSync(join(dir, 'n32', 'outer.conv.seen.npy'))).shape).toEqual([32, 2]);
    const bad = capture();
    expect(await main(['run', save(dir, nestedGraph()), '--out', join(dir, 'x'), '--set', 'outer.n=-3'], bad)).toBe(2);
    expect(bad.err).toMatch(/^convolab: --set outer\.n=-3: .+\n$/);
    const missing = capture();
    expect(await main(['run', save(dir, nestedGraph()), '--out', join(dir, 'x'), '--set', 'outer.size=4'], missing)).toBe(2);
    expect(missing.err).toBe('convolab: --set outer.size: block outer has no promoted param "size" (it has n, gain)\n');
  });

  it('an error deep inside is that inner node\'s, by its flat id', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['run', save(dir, nestedConvolutionDocument(4, 3, WITH_INNER_SINK)), '--out', join(dir, 'out')], io)).toBe(1);
    expect(io.err).toMatch(/^convolab: node outer\/conv\/fftA \(op\.fft\): /m);
  });
});
