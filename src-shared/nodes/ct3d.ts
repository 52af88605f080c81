/**
 * What the cone-beam nodes share (op.conebeam, op.fdk, op.dataConsistency): reading a projections
 * volume's geometry, and projecting and reconstructing with memory reserved first and the host's
 * threads when it lends them (the same view and plane bands either way, so results agree).
 */
import { makeVolume, type Volume, type VolumeGeometry } from '../data';
import { type ConeBeamGeometry, type ConeBeamOptions, coneBeamAngles, conebeamViews, padConeBeamVolume, resolveConeBeamGeometry } from '../dsp/conebeam';
import { backprojectFdkRows, filterConeBeamViews, filteredLength } from '../dsp/fdk';
import type { RampWindow } from '../dsp/kernels';
import type { VolumeGrid } from '../dsp/volume';
import type { ComputeContext } from './define';

/** A projections volume taken apart: its geometry, one angle per view, and the grid it was made from when it says. */
export interface Projections {
  readonly data: Float32Array;
  readonly geometry: ConeBeamGeometry;
  readonly angles: Float64Array;
  readonly source?: VolumeGrid;
}

/**
 * The projections on `port`, or the one-line reason they cannot be used: one channel, a geometry
 * (only op.conebeam's output carries one), sides equal to its detector and views, one angle per view.
 */
export function readProjections(value: Volume, port: string): Projections | string {
  const { geometry } = value;
  if (!geometry) return `${port} carries no cone-beam geometry: connect op.conebeam's output (projections), or a Volume file whose NAME.json beside it holds their geometry (as convolab run writes it), not a plain volume`;
  if (value.channels !== 1) return `${port}: projections have one channel, but this volume has ${value.channels}`;
  const { U, V, views } = geometry;
  if (value.width !== U || value.height !== V || value.depth !== views) {
    return `${port}: the geometry says ${views} views of ${U} × ${V} pixels, but the volume is ${value.width} × ${value.height} × ${value.depth}: connect op.conebeam's output unchanged`;
  }
  for (const name of ['sod', 'sdd', 'du', 'dv'] as const) {
    if (!(Number.isFinite(geometry[name]) && geometry[name] > 0)) return `${port}: the geometry's ${name} must be a number > 0, got ${geometry[name]}`;
  }
  const angles = value.angles ?? coneBeamAngles(views);
  if (angles.length !== views) return `${port}: ${views} views but ${angles.length} angles: connect op.conebeam's output unchanged`;
  const { volume: source, ...rest } = geometry;
  return { data: value.data, geometry: rest, angles, ...(source ? { source: { ...source } } : {}) };
}

/** The geometry as a projections volume carries it, with the sides of the volume it was made from. */
export function carriedGeometry(geometry: ConeBeamGeometry, grid: VolumeGrid): VolumeGeometry {
  return { ...geometry, volume: { width: grid.width, height: grid.height, depth: grid.depth } };
}

/** Bytes of projections of this geometry as f32. */
export function projectionBytes(geometry: ConeBeamGeometry): number {
  return 4 * geometry.views * geometry.U * geometry.V;
}

/**
 * The geometry for projecting a volume of `grid`, or the one-line reason (the source inside the
 * volume, a detector too small, …) as coneBeamGeometry words it.
 */
export function geometryFor(grid: VolumeGrid, options: ConeBeamOptions | ConeBeamGeometry): ConeBeamGeometry | string {
  try {
    return resolveConeBeamGeometry(grid, options);
  } catch (error) {
    if (error instanceof RangeError) return error.message;
    throw error;
  }
}

/** Bytes conebeam holds while it runs: the zero-bordered copy of the volume and the projections. */
export function conebeamBytes(grid: VolumeGrid, geometry: ConeBeamGeometry): number {
  return 4 * (grid.width + 2) * (grid.height + 2) * (grid.depth + 2) + projectionBytes(geometry);
}

/** Bytes FDK holds while it runs: the weighted and filtered views (about three copies of the projections) and the volume. */
export function fdkBytes(grid: VolumeGrid, geometry: ConeBeamGeometry): number {
  return 2 * projectionBytes(geometry) + 4 * filteredLength(geometry) + 4 * grid.width * grid.height * grid.depth;
}

/** Projects one channel of `grid` voxels through `geometry` (reserve conebeamBytes first). */
export async function project(data: Float32Array, grid: VolumeGrid, geometry: ConeBeamGeometry, context: ComputeContext, progress = (f: number) => context.progress(f)): Promise<{ data: Float32Array; angles: Float64Array }> {
  const angles = coneBeamAngles(geometry.views);
  const padded = padConeBeamVolume(data, grid);
  if (context.parallel) {
    return { data: await context.parallel.conebeam(padded, grid, geometry, angles, { progress, checkCancelled: () => context.checkCancelled() }), angles };
  }
  const out = new Float32Array(geometry.views * geometry.V * geometry.U);
  conebeamViews(padded, grid, geometry, angles, 0, geometry.views, out, progress);
  return { data: out, angles };
}

/** FDK of projections onto `grid` (reserve fdkBytes first). */
export async function reconstruct(projections: Projections, grid: VolumeGrid, window: RampWindow, context: ComputeContext, progress = (f: number) => context.progress(f)): Promise<Float32Array> {
  const { data, geometry, angles } = projections;
  if (context.parallel) return context.parallel.fdk(data, geometry, angles, grid, window, { progress, checkCancelled: () => context.checkCancelled() });
  const filtered = new Float32Array(filteredLength(geometry));
  filterConeBeamViews(data, geometry, window, 0, geometry.views, filtered);
  const out = new Float32Array(grid.width * grid.height * grid.depth);
  backprojectFdkRows(filtered, geometry, angles, grid, 0, grid.height, out, progress);
  return out;
}

/**
 * The reason a source at `sod` cannot see a volume of `grid` from outside it, as conebeam words it,
 * or undefined when it can.
 */
export function sourceInside(grid: VolumeGrid, geometry: ConeBeamGeometry): string | undefined {
  const reach = Math.hypot((grid.width + 1) / 2, (grid.height + 1) / 2);
  if (geometry.sod > reach) return undefined;
  return `the source (sod ${geometry.sod}) passes inside the ${grid.width} × ${grid.height} × ${grid.depth} volume`;
}

/** A volume of `grid` sides, centred. */
export function volumeOf(data: Float32Array, grid: VolumeGrid): Volume {
  return makeVolume(data, grid.width, grid.height, grid.depth);
}
