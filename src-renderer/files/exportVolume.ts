/**
 * Exporting a volume as NPY: the host sends a volume plane by plane (getValue's `slice`), so the
 * export asks for every z plane at full resolution and stacks them into the `(depth, height,
 * width)` array — or `(channels, depth, height, width)` — that `convolab run` writes, through the
 * same codec. No DOM here: tested directly.
 */
import { makeVolume, type Volume } from '../../src-shared/data';
import { encodeFor } from '../../src-shared/nodes/sink.file';
import type { AppApi } from '../../src-shared/protocol';
import { TOO_LARGE_TO_EXPORT, type ExportResult } from './export';

export interface VolumeSize {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly channels: number;
}

/** The most voxels an export gathers in the page (256 MB of float32); larger ones go through sink.file under convolab run. */
export const EXPORT_VOXEL_LIMIT = 1 << 26;

/**
 * Every z plane of a node's volume, stacked; an error when it is too large or changed on the way
 * (`stillCurrent` says whether the node's value is still the one the export began with).
 */
export async function fetchVolume(
  api: Pick<AppApi, 'getValue'>,
  nodeId: string,
  port: string,
  size: VolumeSize,
  stillCurrent: () => boolean = () => true,
): Promise<{ ok: true; value: Volume } | { ok: false; error: string }> {
  const { width, height, depth, channels } = size;
  const voxels = width * height * depth * channels;
  if (voxels > EXPORT_VOXEL_LIMIT) {
    return { ok: false, error: `a ${width}×${height}×${depth} volume is more than an export carries (${EXPORT_VOXEL_LIMIT} voxels): ${TOO_LARGE_TO_EXPORT}` };
  }
  const plane = width * height;
  const data = new Float32Array(voxels);
  for (let z = 0; z < depth; z++) {
    const full = await api.getValue(nodeId, port, { maxSide: Math.min(8192, Math.max(width, height)), slice: { axis: 'z', index: z } });
    if (!full) return { ok: false, error: 'has no value any more: let it run, then export again' };
    // A run that ends while the planes come in may change the volume: never stack two volumes.
    if (!stillCurrent() || full.kind !== 'image' || full.width !== width || full.height !== height || full.fullWidth !== width || full.channels !== channels) {
      return { ok: false, error: 'the volume changed while it was being exported: export again' };
    }
    const slice = full.data;
    for (let c = 0; c < channels; c++) data.set(slice.subarray(c * plane, (c + 1) * plane), (c * depth + z) * plane);
  }
  return { ok: true, value: makeVolume(data, width, height, depth, { channels }) };
}

/** The NPY file of a node's volume. */
export async function volumeNpy(
  api: Pick<AppApi, 'getValue'>,
  nodeId: string,
  port: string,
  size: VolumeSize,
  stillCurrent?: () => boolean,
): Promise<ExportResult> {
  const fetched = await fetchVolume(api, nodeId, port, size, stillCurrent);
  return fetched.ok ? encodeFor(fetched.value, 'npy') : fetched;
}
