import { describe, expect, it } from 'vitest';
import { checkParamValue } from '../../src-shared/graph/params';
import { NODE_DEFINITIONS, getNodeDefinition, nodeTypes } from '../../src-shared/nodes/registry';

/** NODES.md, version 1: type ids and param names are part of the file format. */
const CATALOG: Record<string, string[]> = {
  'source.dice': ['faces', 'weights'],
  'source.sequence': ['values', 'start', 'rate'],
  'source.function': ['shape', 'expression', 't0', 't1', 'rate', 'amplitude', 'width', 'frequency', 'sigma', 'seed'],
  'source.testSound': ['kind', 'duration', 'rate'],
  'source.audio': ['path', 'channel'],
  'source.image': ['path', 'mode'],
  'source.testImage': ['pattern', 'size', 'seed'],
  'source.phantom3d': ['pattern', 'size', 'count', 'seed'],
  'source.volume': ['path'],
  'op.conebeam': ['views', 'sod', 'sdd', 'du', 'dv', 'detectorWidth', 'detectorHeight'],
  'op.fdk': ['size', 'window'],
  'op.slice': ['axis', 'index'],
  'op.dataConsistency': ['weight', 'iterations'],
  'kernel.gaussian': ['dims', 'sigma', 'radius', 'normalize'],
  'kernel.box': ['dims', 'size'],
  'kernel.identity': ['dims', 'size'],
  'kernel.laplacian': ['variant'],
  'kernel.sobel': ['direction'],
  'kernel.sharpen': ['amount'],
  'kernel.custom': ['dims', 'values', 'origin'],
  'kernel.ramp': ['size', 'window'],
  'op.convolve': ['method', 'mode', 'boundary', 'stride', 'integral'],
  'op.correlate': ['method', 'mode', 'boundary', 'stride', 'integral'],
  'op.fft': ['size', 'n'],
  'op.ifft': [],
  'op.fft2d': ['size', 'width', 'height'],
  'op.ifft2d': ['size', 'width', 'height'],
  'op.multiply': [],
  'op.add': [],
  'op.subtract': [],
  'op.scale': ['factor'],
  'op.flip': [],
  'op.shift': ['dx', 'dy', 'mode'],
  'op.pad': ['to', 'length', 'width', 'height'],
  'op.magnitude': ['db'],
  'op.phase': [],
  'op.power': ['db'],
  'op.gray': [],
  'op.channel': ['index'],
  'op.normalize': ['to'],
  'op.relu': [],
  'op.abs': [],
  'op.maxpool': ['size'],
  'op.convBank': ['bank', 'count', 'size', 'seed', 'stride', 'activation'],
  'op.radon': ['angles', 'detectors'],
  'op.rampFilter': ['window', 'pad'],
  'op.backproject': ['size'],
  'op.compare': ['tolerance'],
  'op.sample': ['index'],
  'op.stats': [],
  'op.unet3d': ['weights', 'residual'],
  'sink.plot': ['style', 'x'],
  'sink.spectrum': ['scale', 'show', 'centred'],
  'sink.image': ['colormap', 'range', 'log'],
  'sink.value': [],
  'sink.volume': ['colormap', 'range', 'view'],
  'sink.audio': ['normalize'],
  'sink.file': ['path', 'format'],
};

describe('the registry holds the whole NODES.md catalog', () => {
  it('has every type id, and no other', () => {
    expect(nodeTypes().sort()).toEqual(Object.keys(CATALOG).sort());
  });

  for (const [type, params] of Object.entries(CATALOG)) {
    it(`${type}: param names as NODES.md, valid defaults, a doc, typed ports`, () => {
      const definition = getNodeDefinition(type)!;
      expect(definition.params.map((p) => p.name).sort()).toEqual([...params].sort());
      for (const param of definition.params) {
        if (param.default !== undefined) expect(checkParamValue(param, param.default), `${type}.${param.name}`).toBeUndefined();
      }
      const sentences = definition.doc.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 3).length;
      expect(sentences, definition.doc).toBeGreaterThanOrEqual(1);
      expect(definition.doc.length).toBeGreaterThan(60);
      for (const port of [...definition.inputs, ...definition.outputs]) expect(port.types.length).toBeGreaterThan(0);
      expect(definition.category).toBe(type.startsWith('source.') ? 'source' : type.startsWith('kernel.') ? 'kernel' : type.startsWith('op.') ? 'operation' : 'sink');
    });
  }

  it('resolves output types that depend on params or inputs', () => {
    const gaussian = getNodeDefinition('kernel.gaussian')!.outputs[0];
    expect(gaussian.resolveType!({ dims: 1 }, {})).toBe('signal');
    expect(gaussian.resolveType!({ dims: 2 }, {})).toBe('image');
    const magnitude = getNodeDefinition('op.magnitude')!.outputs[0];
    expect(magnitude.resolveType!({}, { in: 'spectrum' })).toBe('signal');
    expect(magnitude.resolveType!({}, { in: 'spectrum2d' })).toBe('image');
    const convolve = getNodeDefinition('op.convolve')!;
    expect(convolve.outputs[0].resolveType!({}, { a: 'image', b: 'image' })).toBe('image');
    expect(convolve.inputs.every((port) => port.generic === 'T')).toBe(true);
  });

  it('shows at most a couple of params inline on each node', () => {
    for (const definition of NODE_DEFINITIONS) expect(definition.params.filter((p) => p.inline).length, definition.type).toBeLessThanOrEqual(2);
  });
});
