/**
 * What the volume views show and ask the host for, as plain functions (no DOM, no React): the
 * volume's shape from its preview, each axis's planes, the getValue request for a plane or a
 * projection, and its pixels through the colour map on the volume's one scale.
 */
import type { ImagePreview, Preview } from '../../../src-shared/engine/preview';
import type { ValueOptions } from '../../../src-shared/protocol';
import { displayRange, paintValues, type ImageDisplay } from '../../panels/colormap';

export type VolumeAxis = 'z' | 'y' | 'x';

/** The three planes, in the order the views lay them out: axial, coronal, sagittal. */
export const AXES: readonly VolumeAxis[] = ['z', 'y', 'x'];

const AXIS_TITLES: Readonly<Record<VolumeAxis, string>> = { z: 'z (axial)', y: 'y (coronal)', x: 'x (sagittal)' };

/**
 * Cone-beam projections are a volume too (NODES.md), but their axes are not the body's: a z plane
 * is one view (one X-ray picture), a y plane a detector row across all views (a sinogram).
 */
export const PROJECTION_AXIS_NAMES: Readonly<Record<VolumeAxis, string>> = { z: 'view', y: 'row', x: 'column' };
const PROJECTION_AXIS_TITLES: Readonly<Record<VolumeAxis, string>> = {
  z: 'view (one projection)',
  y: 'detector row (across every view: a sinogram)',
  x: 'detector column (across every view)',
};

/** What a view calls an axis of this volume: z, y, x, or for projections view, row, column. */
export function axisName(shape: Pick<VolumeShape, 'projections'>, axis: VolumeAxis): string {
  return shape.projections ? PROJECTION_AXIS_NAMES[axis] : axis;
}

/** An axis's tooltip and the start of its slider's label. */
export function axisTitle(shape: Pick<VolumeShape, 'projections'>, axis: VolumeAxis): string {
  return (shape.projections ? PROJECTION_AXIS_TITLES : AXIS_TITLES)[axis];
}

export interface VolumeShape {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly channels: number;
  /** The range of the volume's finite voxels: every slice is painted on this one scale. */
  readonly lo: number;
  readonly hi: number;
  /** Cone-beam projections: its axes are view, detector row and column (axisName). */
  readonly projections?: boolean;
}

export type SliceIndices = Readonly<Record<VolumeAxis, number>>;

/** The shape of the volume a preview summarises, or undefined when it is not a volume's. */
export function volumeShape(preview: Preview | undefined): VolumeShape | undefined {
  if (!preview || preview.kind !== 'image' || !preview.volume) return undefined;
  const { width, height, channels, volume } = preview as ImagePreview & { volume: NonNullable<ImagePreview['volume']> };
  return { width, height, depth: volume.depth, channels, lo: volume.lo, hi: volume.hi, ...(volume.projections ? { projections: true } : {}) };
}

/** How many planes lie across an axis. */
export function planesAcross(shape: VolumeShape, axis: VolumeAxis): number {
  return axis === 'z' ? shape.depth : axis === 'y' ? shape.height : shape.width;
}

/** Columns and rows of a plane across `axis` (a z plane is x by y; y, x by z; x, y by z). */
export function planeSize(shape: VolumeShape, axis: VolumeAxis): [number, number] {
  return [axis === 'x' ? shape.height : shape.width, axis === 'z' ? shape.height : shape.depth];
}

/** The plane a slider shows: the one chosen, kept inside the volume; the middle until one is chosen. */
export function shownIndex(shape: VolumeShape, axis: VolumeAxis, chosen: number | undefined): number {
  const across = planesAcross(shape, axis);
  return chosen === undefined ? Math.floor(across / 2) : Math.max(0, Math.min(across - 1, Math.round(chosen)));
}

/** The getValue options for one panel: its plane, or its projection, no larger than `maxSide`. */
export function sliceOptions(axis: VolumeAxis, index: number, mip: boolean, maxSide: number): ValueOptions {
  return { maxSide, slice: mip ? { axis, mip: true } : { axis, index } };
}

/** One channel of a plane as RGBA on the volume's scale (so scrubbing never changes the contrast). */
export function paintPlane(
  data: Float32Array,
  count: number,
  scale: { readonly lo: number; readonly hi: number },
  display: ImageDisplay,
  channel = 0,
): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(count * 4);
  const offset = channel * count;
  paintValues((i) => data[offset + i]!, count, displayRange(scale.lo, scale.hi, display), display, rgba);
  return rgba;
}
