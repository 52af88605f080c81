/**
 * Volumes as plain arrays: a Float32Array of width × height × depth voxels, x fastest, then y,
 * then z (index z·height·width + y·width + x), the layout of NODES.md's `volume` type for one
 * channel. World coordinates (NODES.md, "Volumes and 3-D CT") are voxel indices minus
 * (size − 1)/2 on each axis, so the volume's centre is the origin; unit length = one voxel.
 */

export interface VolumeGrid {
  width: number;
  height: number;
  depth: number;
}

/** Throws a one-line RangeError unless the sides are positive integers and `data` fits them. */
export function checkVolume(where: string, data: Float32Array, grid: VolumeGrid): void {
  const { width, height, depth } = grid;
  for (const [name, side] of [['width', width], ['height', height], ['depth', depth]] as const) {
    if (!Number.isInteger(side) || side < 1) throw new RangeError(`${where}: volume ${name} must be a whole number ≥ 1, got ${side}`);
  }
  const voxels = width * height * depth;
  if (data.length !== voxels) throw new RangeError(`${where}: a ${width} × ${height} × ${depth} volume needs ${voxels} voxels, got ${data.length}`);
}

export function voxelCount(grid: VolumeGrid): number {
  return grid.width * grid.height * grid.depth;
}

/** Index of voxel (x, y, z) in the planar layout. */
export function voxelIndex(grid: VolumeGrid, x: number, y: number, z: number): number {
  return (z * grid.height + y) * grid.width + x;
}

/** The world position of the volume's centre in index coordinates: ((w−1)/2, (h−1)/2, (d−1)/2). */
export function volumeCentre(grid: VolumeGrid): { x: number; y: number; z: number } {
  return { x: (grid.width - 1) / 2, y: (grid.height - 1) / 2, z: (grid.depth - 1) / 2 };
}

/**
 * The volume's value at fractional index coordinates (x, y, z) by trilinear interpolation, the
 * outside counting as zero (so the value falls to 0 over the one voxel beyond each face).
 * For occasional lookups; the projectors walk the padded copy below instead.
 */
export function sampleTrilinear(data: Float32Array, grid: VolumeGrid, x: number, y: number, z: number): number {
  const { width, height, depth } = grid;
  if (x <= -1 || y <= -1 || z <= -1 || x >= width || y >= height || z >= depth) return 0;
  const x0 = Math.floor(x), y0 = Math.floor(y), z0 = Math.floor(z);
  const fx = x - x0, fy = y - y0, fz = z - z0;
  let sum = 0;
  for (let dz = 0; dz < 2; dz++) {
    const zi = z0 + dz;
    if (zi < 0 || zi >= depth) continue;
    const wz = dz ? fz : 1 - fz;
    for (let dy = 0; dy < 2; dy++) {
      const yi = y0 + dy;
      if (yi < 0 || yi >= height) continue;
      const wy = dy ? fy : 1 - fy;
      for (let dx = 0; dx < 2; dx++) {
        const xi = x0 + dx;
        if (xi < 0 || xi >= width) continue;
        sum += wz * wy * (dx ? fx : 1 - fx) * data[(zi * height + yi) * width + xi];
      }
    }
  }
  return sum;
}

/**
 * A copy with one voxel of zeros around every face ((w+2) × (h+2) × (d+2)), so interpolation
 * anywhere in [−1, size) on each axis reads its neighbours without bounds checks.
 */
export function padVolume(data: Float32Array, grid: VolumeGrid): Float32Array {
  const { width, height, depth } = grid;
  const pw = width + 2, ph = height + 2;
  const out = new Float32Array(pw * ph * (depth + 2));
  for (let z = 0; z < depth; z++) {
    for (let y = 0; y < height; y++) {
      const from = (z * height + y) * width;
      out.set(data.subarray(from, from + width), ((z + 1) * ph + y + 1) * pw + 1);
    }
  }
  return out;
}

/** The volume flipped along the chosen axes (for orientation checks and mirrored views). */
export function flipVolume(data: Float32Array, grid: VolumeGrid, axes: { x?: boolean; y?: boolean; z?: boolean }): Float32Array {
  const { width, height, depth } = grid;
  const out = new Float32Array(data.length);
  for (let z = 0; z < depth; z++) {
    const zs = axes.z ? depth - 1 - z : z;
    for (let y = 0; y < height; y++) {
      const ys = axes.y ? height - 1 - y : y;
      const to = (z * height + y) * width, from = (zs * height + ys) * width;
      if (axes.x) for (let x = 0; x < width; x++) out[to + x] = data[from + width - 1 - x]!;
      else out.set(data.subarray(from, from + width), to);
    }
  }
  return out;
}
