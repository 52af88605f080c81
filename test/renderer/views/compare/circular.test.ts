import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../../../src-shared/data';
import { Engine } from '../../../../src-shared/engine/engine';
import { makePreview, type Preview } from '../../../../src-shared/engine/preview';
import type { GraphDocument } from '../../../../src-shared/graph/document';
import { loadGraph } from '../../../../src-shared/graph/load';
import { applyCommand } from '../../../../src-renderer/store/commands';
import {
  describeCircularConvolution,
  findCircularConvolutions,
  fixCircularConvolution,
} from '../../../../src-renderer/views/compare/circular';

function example(name: string): GraphDocument {
  const loaded = loadGraph(readFileSync(new URL(`../../../../examples/${name}.convolab.json`, import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.document;
}

/** Runs the document in the engine and returns what the host would have sent: previews by port. */
async function run(document: GraphDocument) {
  const engine = new Engine();
  const previews = new Map<string, Preview>();
  await engine.run(document, {
    onNodeDone: (outcome) => {
      for (const [port, value] of Object.entries(outcome.outputs)) previews.set(`${outcome.report.id}.${port}`, makePreview(value));
    },
  });
  return { engine, lookup: (node: string, port: string) => previews.get(`${node}.${port}`) };
}

describe('circular convolution detection', () => {
  it('finds the FFT path of the too-small example from its compare, with the sizes that say why', async () => {
    const document = example('convolution-theorem-too-small');
    const { lookup } = await run(document);
    const found = findCircularConvolutions(document, 'check', lookup);
    expect(found).toEqual([
      {
        dims: 1,
        inverse: 'wrapped',
        multiply: 'product',
        ffts: ['fftA', 'fftB'],
        size: { width: 6, height: 1 },
        inputs: [{ width: 6, height: 1 }, { width: 4, height: 1 }],
        needed: { width: 9, height: 1 },
      },
    ]);
    expect(describeCircularConvolution(found[0])).toMatch(/size n = 6, .* 6 and 4 samples has 9 .*circular.*last 3 samples wrap/);
  });

  it('finds nothing when n is large enough (the theorem example, 1-D and 2-D) or where no FFT path leads', async () => {
    for (const name of ['convolution-theorem', 'convolution-theorem-2d']) {
      const document = example(name);
      const { lookup } = await run(document);
      expect(findCircularConvolutions(document, 'check', lookup)).toEqual([]);
    }
    const tooSmall = example('convolution-theorem-too-small');
    const { lookup } = await run(tooSmall);
    // The direct convolution does not come through the FFTs.
    expect(findCircularConvolutions(tooSmall, 'direct', lookup)).toEqual([]);
  });

  it('finds a 2-D path padded too little', async () => {
    const document = example('convolution-theorem-2d');
    const small = [fixCircularConvolution({ dims: 2, inverse: 'back', multiply: 'product', ffts: ['fftDisk', 'fftKernel'], size: { width: 0, height: 0 }, inputs: [{ width: 0, height: 0 }, { width: 0, height: 0 }], needed: { width: 40, height: 36 } })];
    const shrunk = small.reduce(applyCommand, document);
    const { lookup } = await run({ ...shrunk, nodes: shrunk.nodes.map((n) => (n.id === 'back' ? { ...n, params: { size: 'exact' } } : n)) });
    expect(findCircularConvolutions(shrunk, 'back', lookup)).toMatchObject([{ dims: 2, size: { width: 40, height: 36 }, needed: { width: 42, height: 42 } }]);
  });

  it('is fixed by one edit on both FFTs, after which the IFFT equals the linear convolution', async () => {
    const document = example('convolution-theorem-too-small');
    const { lookup } = await run(document);
    const fix = fixCircularConvolution(findCircularConvolutions(document, 'check', lookup)[0]);
    expect(fix.kind).toBe('batch');
    const fixed = applyCommand(document, fix);
    const after = await run(fixed);
    expect(findCircularConvolutions(fixed, 'check', after.lookup)).toEqual([]);
    const wrapped = after.engine.outcome('wrapped')!.outputs.out as Signal;
    const linear = after.engine.outcome('direct')!.outputs.out as Signal;
    expect(wrapped.start).toBe(linear.start);
    expect(wrapped.data.length).toBe(9);
    wrapped.data.forEach((v, i) => expect(v).toBeCloseTo(linear.data[i], 12));
  });
});
