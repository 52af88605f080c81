import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../../../src-shared/graph/load';
import { inferTypes } from '../../../../src-shared/graph/validate';
import { innerDocument } from '../../../../src-shared/graph/blocks';
import { inferPortTypes } from '../../../../src-renderer/canvas/rules';
import { profileSeriesFor, scopedTypeOf } from '../../../../src-renderer/views/profile/series';
import { BLUR, documentOf } from '../../../engine/block-documents';

function example(name: string) {
  const loaded = loadGraph(readFileSync(new URL(`../../../../examples/${name}.convolab.json`, import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(loaded.error);
  const types = inferTypes(loaded.document);
  return { document: loaded.document, typeOf: (node: string, port: string) => types.get(`${node}.${port}`) };
}

describe('what the profiler times for a selection', () => {
  it('times a selected convolve node by its own method', () => {
    const { document, typeOf } = example('two-dice');
    expect(profileSeriesFor(document, ['sum'], typeOf)).toEqual([{ label: 'convolve, direct', operation: 'direct', dims: 1 }]);
  });

  it('times a direct/FFT pair: the direct node and the FFT route, once each', () => {
    const { document, typeOf } = example('convolution-theorem');
    expect(profileSeriesFor(document, ['direct', 'fftA', 'fftB', 'product', 'back'], typeOf)).toEqual([
      { label: 'convolve, direct', operation: 'direct', dims: 1 },
      { label: 'FFT → × → IFFT', operation: 'fft-chain', dims: 1 },
    ]);
  });

  it('times images in 2-D, correlation as correlation, and nothing for other nodes', () => {
    const theorem2d = example('convolution-theorem-2d');
    expect(profileSeriesFor(theorem2d.document, ['direct', 'back'], theorem2d.typeOf)).toEqual([
      { label: 'convolve, direct', operation: 'direct', dims: 2 },
      { label: 'FFT → × → IFFT', operation: 'fft-chain', dims: 2 },
    ]);
    const parseval = example('parseval');
    expect(profileSeriesFor(parseval.document, ['timeEnergy', 'x', 'table'], parseval.typeOf)).toEqual([
      { label: 'correlate, direct', operation: 'direct', dims: 1, correlate: true },
    ]);
  });
});

describe('the profiler inside a block opened in place', () => {
  it('times an inner convolve in 1-D when a signal feeds the block, reading its type under its flat id', () => {
    const whole = documentOf(
      [{ id: 'src', type: 'source.sequence', params: { values: [0, 1, 0, 0] } }, { id: 'blur', type: 'block', block: 'bblur' }],
      [['src', 'out', 'blur', 'in']],
      { bblur: BLUR },
    );
    const inside = innerDocument(BLUR);
    const typeOf = scopedTypeOf(inferPortTypes(inside), { instance: 'blur', types: inferPortTypes(whole) });
    expect(profileSeriesFor(inside, ['conv'], typeOf)).toEqual([{ label: 'convolve, auto', operation: 'auto', dims: 1 }]);
    // The block's content alone cannot tell (its kernel falls back to an image): it would be timed in 2-D.
    expect(profileSeriesFor(inside, ['conv'], scopedTypeOf(inferPortTypes(inside)))).toEqual([{ label: 'convolve, auto', operation: 'auto', dims: 2 }]);
  });
});
