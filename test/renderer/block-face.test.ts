import { describe, expect, it } from 'vitest';
import type { BlockDefinition } from '../../src-shared/graph/document';
import { blockFaceOf } from '../../src-renderer/canvas/blockFace';
import { documentOf } from '../engine/block-documents';

/** in → scale → out: the block alone cannot say what it carries; what feeds it does. */
const PASS: BlockDefinition = {
  title: 'Pass',
  nodes: [{ id: 'scale', type: 'op.scale' }],
  edges: [],
  inputs: [{ name: 'in', to: [{ node: 'scale', handle: 'in' }] }],
  outputs: [{ name: 'out', from: { node: 'scale', handle: 'out' } }],
};

describe('a block face colours its ports by what they carry in the graph', () => {
  it('shows an image on both ports when an image feeds the block, and no type when nothing does', () => {
    const fed = documentOf(
      [{ id: 'src', type: 'source.testImage', params: { pattern: 'disk', size: 16 } }, { id: 'pass', type: 'block', block: 'bpass' }],
      [['src', 'out', 'pass', 'in']],
      { bpass: PASS },
    );
    const face = blockFaceOf(fed, 'pass')!;
    expect(face.inputs).toEqual([{ name: 'in', type: 'image' }]);
    expect(face.outputs).toEqual([{ name: 'out', type: 'image' }]);
    const alone = documentOf([{ id: 'pass', type: 'block', block: 'bpass' }], [], { bpass: PASS });
    expect(blockFaceOf(alone, 'pass')!.outputs).toEqual([{ name: 'out' }]);
  });
});
