import { describe, expect, it } from 'vitest';
import type { BlockDefinition, GraphNode } from '../../src-shared/graph/document';
import { canConnect, inferTypes, validateDocument } from '../../src-shared/graph/validate';
import { documentOf, type Link } from '../engine/block-documents';

/** in → scale (generic: gives what it takes) → out: the block carries whatever feeds it. */
const PASS: BlockDefinition = {
  title: 'Pass',
  nodes: [{ id: 'scale', type: 'op.scale', params: { factor: 2 } }],
  edges: [],
  inputs: [{ name: 'in', to: [{ node: 'scale', handle: 'in' }] }],
  outputs: [{ name: 'out', from: { node: 'scale', handle: 'out' } }],
};

const IMAGE: GraphNode = { id: 'src', type: 'source.testImage', params: { pattern: 'disk', size: 16 } };
const SIGNAL: GraphNode = { id: 'src', type: 'source.sequence', params: { values: [0, 1, 0, 0] } };

function passOf(source: GraphNode, toPlot = false) {
  return documentOf(
    [source, { id: 'pass', type: 'block', block: 'bpass' }, { id: 'plot', type: 'sink.plot' }],
    [['src', 'out', 'pass', 'in'], ...(toPlot ? [['pass', 'out', 'plot', 'in'] as Link] : [])],
    { bpass: PASS },
  );
}

describe('port types are seen through blocks', () => {
  it('types the wire out of a block as what the block gives with what feeds it', () => {
    expect(inferTypes(passOf(IMAGE)).get('pass.out')).toBe('image');
    expect(inferTypes(passOf(SIGNAL)).get('pass.out')).toBe('signal');
  });

  it('refuses connecting a block that gives an image to a signal-only input, and allows a signal', () => {
    const wire = { source: 'pass', sourceHandle: 'out', target: 'plot', targetHandle: 'in' };
    expect(canConnect(passOf(IMAGE), wire)).toEqual({ ok: false, reason: 'plot.in takes a signal, but pass.out gives an image: for an image use Image view (sink.image)' });
    expect(canConnect(passOf(SIGNAL), wire)).toEqual({ ok: true });
  });

  it('validation reports an image wire out of a block into a signal-only input at that wire', () => {
    expect(validateDocument(passOf(IMAGE, true))).toEqual(['edges[1]: plot.in takes a signal, but pass.out gives an image']);
    expect(validateDocument(passOf(SIGNAL, true))).toEqual([]);
  });
});

describe('wires inside a block are checked with what feeds the block', () => {
  /** in → scale → fft → out: the generic scale passes on whatever comes in; the FFT takes signals only. */
  const SPECTRUM: BlockDefinition = {
    title: 'Spectrum',
    nodes: [
      { id: 'scale', type: 'op.scale', params: { factor: 2 } },
      { id: 'fft', type: 'op.fft' },
    ],
    edges: [{ id: 'i', source: 'scale', sourceHandle: 'out', target: 'fft', targetHandle: 'in' }],
    inputs: [{ name: 'in', to: [{ node: 'scale', handle: 'in' }] }],
    outputs: [{ name: 'out', from: { node: 'fft', handle: 'out' } }],
  };
  const spectrumOf = (source: GraphNode, wired: boolean) =>
    documentOf([source, { id: 'spec', type: 'block', block: 'bspec' }], wired ? [['src', 'out', 'spec', 'in']] : [], { bspec: SPECTRUM });

  it('refuses feeding an image into a block whose inside passes it on to a signal-only input, naming the block', () => {
    const wire = { source: 'src', sourceHandle: 'out', target: 'spec', targetHandle: 'in' };
    expect(canConnect(spectrumOf(IMAGE, false), wire)).toEqual({ ok: false, reason: 'inside block spec, spec/fft.in takes a signal, but spec/scale.out gives an image' });
    expect(canConnect(spectrumOf(SIGNAL, false), wire)).toEqual({ ok: true });
  });

  it('validation reports it at the block node', () => {
    expect(validateDocument(spectrumOf(IMAGE, true))).toEqual(['nodes[1]: inside block spec, spec/fft.in takes a signal, but spec/scale.out gives an image']);
    expect(validateDocument(spectrumOf(SIGNAL, true))).toEqual([]);
  });
});
