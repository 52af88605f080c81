import { sliceVolume, type Volume } from '../data';
import { defineNode, ok } from './define';

export const sliceOperation = defineNode({
  type: 'op.slice',
  title: 'Slice',
  category: 'operation',
  tags: ['volume', '3-D', 'plane', 'section', 'cut', 'axial', 'coronal', 'sagittal', 'CT'],
  doc:
    'One plane of a volume as an image, for every image tool: across z an (x, y) image, across y an (x, z) image, across ' +
    'x a (y, z) image, rows in the volume\'s order. index −1 takes the middle plane; an index past the end takes the last.',
  inputs: [{ id: 'in', types: ['volume'] }],
  outputs: [{ id: 'out', types: ['image'] }],
  params: [
    { kind: 'enum', name: 'axis', label: 'Axis', options: ['z', 'y', 'x'], default: 'z', inline: true },
    { kind: 'number', name: 'index', label: 'Index', doc: '−1 means the middle plane.', default: -1, min: -1, max: 65535, integer: true, inline: true, slider: { min: -1, max: 255, scale: 'linear' } },
  ],
  compute(inputs, params, context) {
    const volume = inputs.in as Volume;
    const axis = params.axis;
    const index = params.index;
    const across = axis === 'z' ? volume.depth : axis === 'y' ? volume.height : volume.width;
    context.reserve((volume.data.length / across) * 4, `a plane of the ${volume.width} × ${volume.height} × ${volume.depth} volume`);
    const image = sliceVolume(volume, axis, index);
    // A slider left past the end after the volume shrank still shows a plane, and says which.
    if (index >= across) return ok({ out: image }, { info: `index ${index} is past the ${across} planes along ${axis}: showing the last (${across - 1})`, warning: true });
    // A detector row of cone-beam projections looks like the sinograms of 2-D CT, but its rays fan
    // out from a point over 360°: op.backproject (parallel rays over 180°) would rebuild it wrong.
    if (volume.geometry && axis === 'y') return ok({ out: image }, { info: `a detector row across all ${volume.depth} views: a cone-beam sinogram over 360° (op.backproject takes parallel beams over 180°: reconstruct with op.fdk)` });
    return ok({ out: image });
  },
});
