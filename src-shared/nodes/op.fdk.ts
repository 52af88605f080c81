import type { Volume } from '../data';
import { fdkBytes, readProjections, reconstruct, sourceInside, volumeOf } from './ct3d';
import { defineNode, fail, ok } from './define';
import { RAMP_WINDOWS } from './kernel.ramp';

export const fdkOperation = defineNode({
  type: 'op.fdk',
  title: 'FDK reconstruction',
  category: 'operation',
  tags: ['CT', '3-D', 'tomography', 'reconstruct', 'reconstruction', 'cone-beam', 'CBCT', 'Feldkamp', 'FBP', 'backproject', 'volume'],
  doc:
    'Feldkamp–Davis–Kress: rebuilds a volume from op.conebeam\'s projections. Each pixel is weighted by the cosine ' +
    'sod/√(sod² + u² + v²), every detector row is ramp-filtered by FFT with zero padding (the convolution theorem), and ' +
    'the views are backprojected with the weight (sod/(sod − s))², so conebeam → fdk gives the volume back. size 0 ' +
    'rebuilds the size the projections were made from; another size keeps the voxel size and crops or widens the ' +
    'field about the centre. The window (as kernel.ramp) tames noise and sparse-view streaks.',
  inputs: [{ id: 'in', label: 'projections', types: ['volume'] }],
  outputs: [{ id: 'out', types: ['volume'] }],
  instead: { image: 'op.backproject' },
  params: [
    { kind: 'number', name: 'size', label: 'Size', doc: 'A size³ volume of the same voxels, centred: 0 means the size the projections were made from; less crops the centre, more adds a margin (it does not change the resolution).', default: 0, min: 0, max: 2048, integer: true, slider: { min: 0, max: 256, scale: 'linear' } },
    { kind: 'enum', name: 'window', label: 'Window', options: RAMP_WINDOWS, default: 'ram-lak', inline: true },
  ],
  async compute(inputs, params, context) {
    const projections = readProjections(inputs.in as Volume, 'in');
    if (typeof projections === 'string') return fail(projections);
    const size = params.size;
    const grid = size > 0 ? { width: size, height: size, depth: size } : projections.source;
    if (!grid) return fail('these projections do not say what size of volume they came from: set size');
    const inside = sourceInside(grid, projections.geometry);
    // A cube of side n reaches (n + 1)/√2 from the axis: below this side the orbit stays outside.
    if (inside) return fail(`${inside}: set size below ${Math.ceil(Math.SQRT2 * projections.geometry.sod - 1)}`);
    context.reserve(fdkBytes(grid, projections.geometry), `a ${grid.width} × ${grid.height} × ${grid.depth} reconstruction from ${projections.geometry.views} views`);
    const data = await reconstruct(projections, grid, params.window, context);
    return ok({ out: volumeOf(data, grid) });
  },
});
