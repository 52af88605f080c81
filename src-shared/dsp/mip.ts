/**
 * The maximum-intensity projection of a volume (sink.volume's `view: mip`): along one axis, the
 * largest value each ray meets. The image is laid out as `sliceVolume`'s plane across the same
 * axis (z: (x, y); y: (x, z); x: (y, z)), so a projection and a slice line up pixel for pixel
 * and both show the volume upright. A NaN voxel is never a maximum (a ray of nothing else gives −∞).
 */
import { type Image, type Volume, type VolumeAxis, makeImage, sliceVolume } from '../data';

/** What of a volume a view asks for: one plane across `axis` (`index` −1 or absent = the middle), or with `mip` the projection along it. */
export interface VolumeSlice {
  readonly axis: VolumeAxis;
  readonly index?: number;
  readonly mip?: boolean;
}

/** The image a volume shows as (getValue's `slice`): the middle z plane when nothing is asked. */
export function volumeImage(volume: Volume, slice: VolumeSlice = { axis: 'z' }): Image {
  return slice.mip ? maxIntensityProjection(volume, slice.axis) : sliceVolume(volume, slice.axis, slice.index ?? -1);
}

/** Along `axis`, the largest value each ray through the volume meets, per channel. */
export function maxIntensityProjection(volume: Volume, axis: VolumeAxis): Image {
  const { width, height, depth, channels, data } = volume;
  const columns = axis === 'x' ? height : width;
  const rows = axis === 'z' ? height : depth;
  const plane = width * height;
  const out = new Float32Array(columns * rows * channels).fill(-Infinity);
  // Walks the volume once in storage order (x fastest): each voxel updates the one pixel its ray
  // lands on, so the projection along any axis reads memory sequentially.
  for (let c = 0; c < channels; c++) {
    const into = c * columns * rows;
    for (let z = 0; z < depth; z++) {
      for (let y = 0; y < height; y++) {
        const from = c * depth * plane + z * plane + y * width;
        if (axis === 'x') {
          const pixel = into + z * columns + y;
          let best = out[pixel];
          for (let x = 0; x < width; x++) {
            const value = data[from + x];
            if (value > best) best = value;
          }
          out[pixel] = best;
        } else {
          const row = into + (axis === 'z' ? y : z) * columns;
          for (let x = 0; x < width; x++) {
            const value = data[from + x];
            if (value > out[row + x]) out[row + x] = value;
          }
        }
      }
    }
  }
  const origin = axis === 'z' ? { x: volume.origin.x, y: volume.origin.y } : axis === 'y' ? { x: volume.origin.x, y: volume.origin.z } : { x: volume.origin.y, y: volume.origin.z };
  return makeImage(out, columns, rows, { channels, origin });
}
