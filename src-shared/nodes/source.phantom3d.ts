import { makeVolume } from '../data';
import { phantom3d } from '../dsp/phantom3d';
import { defineNode, ok } from './define';

export const phantom3dSource = defineNode({
  type: 'source.phantom3d',
  title: '3-D phantom',
  category: 'source',
  tags: ['volume', '3-D', 'shepp-logan', 'ellipsoids', 'sphere', 'cube', 'CT', 'cone-beam', 'tomography'],
  doc:
    'A size³ volume with values in [0, 1]: the 3-D Shepp–Logan head phantom (the ellipsoid table of Kak & Slaney), ' +
    'random ellipsoids from a seed (in 3 seeds of 4 a head: a bright skull shell around soft tissue with count ' +
    'ellipsoids, dark and bright, inside it; otherwise count free ellipsoids anywhere), a centred sphere of radius ' +
    'size/4, or a centred cube of side size/2.',
  inputs: [],
  outputs: [{ id: 'out', types: ['volume'] }],
  params: [
    { kind: 'enum', name: 'pattern', label: 'Pattern', options: ['shepp-logan', 'ellipsoids', 'sphere', 'cube'], default: 'shepp-logan', inline: true },
    { kind: 'number', name: 'size', label: 'Size', default: 64, min: 8, max: 512, integer: true, slider: { min: 8, max: 256, scale: 'log' } },
    { kind: 'number', name: 'count', label: 'Ellipsoids', default: 12, min: 1, max: 200, integer: true, visible: (params) => params.pattern === 'ellipsoids' },
    { kind: 'number', name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295, integer: true, visible: (params) => params.pattern === 'ellipsoids', slider: false },
  ],
  compute(_inputs, params, context) {
    const pattern = params.pattern;
    const size = params.size;
    context.reserve(size * size * size * 4, `a ${size}³ volume`);
    const data = phantom3d(pattern, size, { count: params.count, seed: params.seed }, (fraction) => context.progress(fraction));
    return ok({ out: makeVolume(data, size, size, size) });
  },
});
