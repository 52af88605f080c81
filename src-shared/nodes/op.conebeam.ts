import { makeVolume, type Volume } from '../data';
import { carriedGeometry, conebeamBytes, geometryFor, project } from './ct3d';
import { defineNode, fail, ok } from './define';

export const conebeamOperation = defineNode({
  type: 'op.conebeam',
  title: 'Cone-beam projection',
  category: 'operation',
  tags: ['CT', '3-D', 'tomography', 'projection', 'scanner', 'x-ray', 'cone-beam', 'CBCT', 'volume'],
  doc:
    'What a cone-beam CT scanner measures: for `views` angles over [0°, 360°) about the z axis, the line integrals of the ' +
    'volume from a point source at distance sod from the centre to each pixel of a flat detector at distance sdd. ' +
    'The output is a volume of projections (x = detector column, y = row, z = view) that carries its geometry and angles ' +
    'for op.fdk. 0 picks the defaults: sod 2.5·size, sdd 2·sod, one detector pixel per voxel at the centre, a detector just large enough.',
  inputs: [{ id: 'in', types: ['volume'] }],
  outputs: [{ id: 'out', label: 'projections', types: ['volume'] }],
  instead: { image: 'op.radon' },
  params: [
    { kind: 'number', name: 'views', label: 'Views', default: 120, min: 1, max: 3600, integer: true, inline: true, slider: { min: 1, max: 360, scale: 'linear' } },
    { kind: 'number', name: 'sod', label: 'Source distance', doc: 'Source to the volume\'s centre, in voxels; 0 means 2.5 × the largest side.', default: 0, min: 0, max: 1e6, slider: { min: 0, max: 1000, scale: 'linear' } },
    { kind: 'number', name: 'sdd', label: 'Detector distance', doc: 'Source to detector, in voxels; 0 means 2 × sod.', default: 0, min: 0, max: 1e6, slider: { min: 0, max: 2000, scale: 'linear' } },
    { kind: 'number', name: 'du', label: 'Pixel width', doc: 'Detector pitch along a row, in voxels; 0 means sdd/sod (one pixel per voxel at the centre).', default: 0, min: 0, max: 1000, slider: { min: 0, max: 8, scale: 'linear' } },
    { kind: 'number', name: 'dv', label: 'Pixel height', doc: 'Detector pitch along a column, in voxels; 0 means sdd/sod.', default: 0, min: 0, max: 1000, slider: { min: 0, max: 8, scale: 'linear' } },
    { kind: 'number', name: 'detectorWidth', label: 'Detector columns', doc: '0 means just enough to see the whole volume from every view.', default: 0, min: 0, max: 16384, integer: true, slider: { min: 0, max: 1024, scale: 'linear' } },
    { kind: 'number', name: 'detectorHeight', label: 'Detector rows', doc: '0 means just enough to see the whole volume from every view.', default: 0, min: 0, max: 16384, integer: true, slider: { min: 0, max: 1024, scale: 'linear' } },
  ],
  async compute(inputs, params, context) {
    const volume = inputs.in as Volume;
    if (volume.channels !== 1) return fail(`the projection takes one channel, but the volume has ${volume.channels}`);
    const grid = { width: volume.width, height: volume.height, depth: volume.depth };
    const geometry = geometryFor(grid, {
      views: params.views, sod: params.sod, sdd: params.sdd,
      du: params.du, dv: params.dv,
      detectorWidth: params.detectorWidth, detectorHeight: params.detectorHeight,
    });
    if (typeof geometry === 'string') return fail(geometry.replace(/^conebeam: /, ''));
    context.reserve(conebeamBytes(grid, geometry), `${geometry.views} views of ${geometry.U} × ${geometry.V} pixels`);
    const { data, angles } = await project(volume.data, grid, geometry, context);
    return ok({ out: makeVolume(data, geometry.U, geometry.V, geometry.views, { angles, geometry: carriedGeometry(geometry, grid) }) });
  },
});
