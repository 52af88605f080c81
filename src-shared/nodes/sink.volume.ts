import { defineNode, ok } from './define';

export const volumeSink = defineNode({
  type: 'sink.volume',
  title: 'Volume view',
  category: 'sink',
  tags: ['volume', '3-D', 'slices', 'orthogonal', 'axial', 'coronal', 'sagittal', 'MIP', 'maximum intensity projection', 'CT', 'show', 'output'],
  doc:
    'Shows a volume as three orthogonal slices (a z plane, a y plane and an x plane, each with its own slider), or as ' +
    'maximum-intensity projections along the same three axes. All of them share one colour scale: range auto maps the ' +
    "volume's min..max, unit maps 0..1, symmetric maps −m..m. Select the node to scrub the slices at full resolution.",
  inputs: [{ id: 'in', types: ['volume'] }],
  outputs: [],
  instead: { signal: 'sink.plot', spectrum: 'sink.spectrum', image: 'sink.image', spectrum2d: 'sink.image', value: 'sink.value' },
  params: [
    { kind: 'enum', name: 'view', label: 'View', options: ['slices', 'mip'], default: 'slices', inline: true },
    { kind: 'enum', name: 'colormap', label: 'Colormap', options: ['gray', 'viridis', 'diverging'], default: 'gray' },
    { kind: 'enum', name: 'range', label: 'Range', options: ['auto', 'unit', 'symmetric'], default: 'auto' },
  ],
  display: {
    image: (params) => ({ colormap: params.colormap, range: params.range, log: false }),
    volume: (params) => ({ view: params.view }),
  },
  compute(inputs) {
    return ok({}, { sink: inputs.in! });
  },
});
