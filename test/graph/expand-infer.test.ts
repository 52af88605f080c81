import { describe, expect, it } from 'vitest';
import type { Image, Signal } from '../../src-shared/data';
import { Engine } from '../../src-shared/engine/engine';
import type { GraphNode } from '../../src-shared/graph/document';
import { adaptParams, inferDocument } from '../../src-shared/graph/infer';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { BLUR, FFT_CONVOLUTION, documentOf } from '../engine/block-documents';

function blurOf(source: GraphNode) {
  return documentOf(
    [source, { id: 'blur', type: 'block', block: 'bblur' }, { id: 'view', type: 'sink.plot' }],
    [
      ['src', 'out', 'blur', 'in'],
      ['blur', 'out', 'view', 'in'],
    ],
    { bblur: BLUR },
  );
}

describe('type inference sees through blocks', () => {
  it('a kernel with dims auto inside a block takes the shape of what meets the block outside', async () => {
    const image = blurOf({ id: 'src', type: 'source.testImage', params: { pattern: 'disk', size: 16 } });
    const signal = blurOf({ id: 'src', type: 'source.sequence', params: { values: [0, 1, 0, 0] } });
    expect(inferDocument(image, getNodeDefinition).adapted.get('blur/kernel')).toMatchObject({ type: 'image', value: 2 });
    expect(inferDocument(signal, getNodeDefinition).adapted.get('blur/kernel')).toMatchObject({ type: 'signal', value: 1 });
    // The block node's own output is typed as the inner output behind it.
    expect(inferDocument(image, getNodeDefinition).types.get('blur.out')).toBe('image');
    expect(inferDocument(signal, getNodeDefinition).types.get('blur.out')).toBe('signal');

    const engine = new Engine();
    await engine.run(image);
    const blurred = engine.outcome('blur/conv')?.outputs.out as Image;
    expect([blurred.kind, blurred.width, blurred.height]).toEqual(['image', 16, 16]);
    await engine.run(signal);
    expect((engine.outcome('blur/conv')?.outputs.out as Signal).kind).toBe('signal');
  });

  it('a kernel with dims auto outside takes the shape of the inner port a block input feeds', () => {
    // The FFT-convolution block's input `a` feeds op.fft, which takes a signal: the kernel becomes 1-D.
    const document = documentOf(
      [
        { id: 'kernel', type: 'kernel.gaussian', params: { sigma: 1 } },
        { id: 'x', type: 'source.sequence', params: { values: [1, 2] } },
        { id: 'conv', type: 'block', block: 'bconv', params: { n: 16 } },
      ],
      [
        ['kernel', 'out', 'conv', 'a'],
        ['x', 'out', 'conv', 'b'],
      ],
      { bconv: FFT_CONVOLUTION },
    );
    expect(adaptParams(document, getNodeDefinition).get('kernel')).toEqual({ params: { dims: 1 } });
  });

  it('a document without blocks infers exactly as before', () => {
    const plain = documentOf(
      [
        { id: 'kernel', type: 'kernel.gaussian' },
        { id: 'fft', type: 'op.fft' },
      ],
      [['kernel', 'out', 'fft', 'in']],
    );
    expect(inferDocument(plain, getNodeDefinition).types.get('fft.out')).toBe('spectrum');
    expect(adaptParams(plain, getNodeDefinition).get('kernel')).toEqual({ params: { dims: 1 } });
  });
});
