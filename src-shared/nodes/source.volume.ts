import { readVolumeFile } from '../io/volume';
import { applyVolumeSidecar, volumeSidecarPath } from '../io/volume-sidecar';
import { defineNode, fail, NO_FILE_CHOSEN, ok, RELATIVE_PATH_DOC } from './define';

export const volumeSource = defineNode({
  type: 'source.volume',
  title: 'Volume file',
  category: 'source',
  tags: ['volume', '3-D', 'scan', 'CT', 'MRI', 'npy', 'numpy', 'nifti', 'nii', 'load', 'open'],
  doc:
    'A volume from a file: NumPy .npy of shape (depth, height, width) or (channels, depth, height, width) — what ' +
    'convolab run writes — in float32/64, int16, uint8 and the other plain number types, or NIfTI-1 (.nii, .nii.gz), ' +
    'voxel (i, j, k) as (x, y, z), scaled by scl_slope and scl_inter. A NAME.json beside NAME.npy (what convolab run ' +
    'writes beside each S.npy) gives its origin and, for cone-beam projections, their geometry and angles, so op.fdk ' +
    'can reconstruct them. ' + RELATIVE_PATH_DOC,
  inputs: [],
  outputs: [{ id: 'out', types: ['volume'] }],
  params: [{ kind: 'path', name: 'path', label: 'File', default: '', extensions: ['npy', 'nii', 'nii.gz'], inline: true }],
  async compute(_inputs, params, context) {
    const path = params.path;
    if (path === '') return fail(`${NO_FILE_CHOSEN}: choose a .npy, .nii or .nii.gz file (path)`);
    const bytes = await context.readFile(path);
    // The reader claims its memory from the header, before it inflates or allocates anything.
    const decoded = readVolumeFile(bytes, { reserve: (size, what) => context.reserve(size, what) });
    if (!decoded.ok) return fail(`${path}: ${decoded.error}`);
    const sidecar = volumeSidecarPath(path);
    if (sidecar === undefined) return ok({ out: decoded.value });
    // The description is optional: a volume without one (or where this host cannot read beside
    // the file: the web build reads only the file picked) is read as it is.
    const described = await context.readFile(sidecar).catch(() => undefined);
    if (!described) return ok({ out: decoded.value });
    const applied = applyVolumeSidecar(described, decoded.value);
    if (!applied.ok) return ok({ out: decoded.value }, { info: `${sidecar} not used: ${applied.problem}; read as a plain volume`, warning: true });
    const { geometry } = applied;
    return ok({ out: applied.volume }, geometry ? { info: `cone-beam projections: ${geometry.views} views of ${geometry.U} × ${geometry.V} pixels (geometry from ${sidecar})` } : {});
  },
});
