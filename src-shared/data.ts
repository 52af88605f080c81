/**
 * The values that travel on Convolab's wires (../shared/NODES.md, "Data types on the wires").
 * Every value is plain data with typed arrays, so it moves between threads without copying.
 */

/**
 * Real 1-D samples. Sample k sits at index `start + k`, time `(start + k) / rate`.
 *
 * `unitless` marks samples that are counted, not timed — a kernel's (NODES.md, "Kernels adapt to
 * what they meet"). Such a signal carries `rate` 1 as a placeholder (so plots and sums still
 * work) and takes the rate of the timed signal it meets in convolve, correlate, multiply, add,
 * subtract and compare (`meetTiming` in nodes/common.ts). Nodes that reshape one signal keep the
 * mark (pass the input to `makeSignal` as the timing); FFT and IFFT carry it across.
 */
export interface Signal {
  readonly kind: 'signal';
  readonly data: Float64Array;
  readonly start: number;
  readonly rate: number;
  readonly unitless?: true;
}

/**
 * Complex 1-D spectrum. Bin k is frequency `k * rate / n`; bins above n/2 are negative
 * frequencies. `start` is the time index of the transformed signal's first sample.
 */
export interface Spectrum {
  readonly kind: 'spectrum';
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly rate: number;
  readonly start: number;
  readonly hermitian: boolean;
  /** The transform of a unitless signal (see `Signal`): its rate is a placeholder. */
  readonly unitless?: true;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * An image: planar, channel-major (`data[c * width * height + y * width + x]`), rows top to
 * bottom. The pixel in column x, row y sits at coordinate (x − origin.x, y − origin.y).
 * A sinogram carries `angles` (degrees, one per row).
 */
export interface Image {
  readonly kind: 'image';
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Float32Array;
  readonly origin: Point;
  readonly angles?: Float64Array;
}

/** Complex 2-D spectrum, row-major, like `Spectrum` per axis. */
export interface Spectrum2D {
  readonly kind: 'spectrum2d';
  readonly width: number;
  readonly height: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly origin: Point;
  readonly hermitian: boolean;
}

/** A 3-D point: a volume's origin, in voxels. */
export interface Point3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/**
 * A cone-beam scan's geometry (NODES.md, "Volumes and 3-D CT"): source to isocentre and to
 * detector, detector pitch (in voxels) and size, and the number of views over [0°, 360°).
 */
export interface VolumeGeometry {
  readonly sod: number;
  readonly sdd: number;
  readonly du: number;
  readonly dv: number;
  readonly U: number;
  readonly V: number;
  readonly views: number;
  /**
   * The sides of the volume the projections were made from, so op.fdk's `size` 0 rebuilds that
   * grid (absent on projections from elsewhere: then op.fdk needs a size).
   */
  readonly volume?: { readonly width: number; readonly height: number; readonly depth: number };
}

/**
 * A volume: planar, channel then z, y, x (`data[((c·depth + z)·height + y)·width + x]`). Voxel
 * (x, y, z) sits at (x − origin.x, y − origin.y, z − origin.z); unit length = one voxel.
 * Projections are a volume too (x = detector column u, y = detector row v, z = view) carrying
 * `angles` (degrees, one per view) and the `geometry` they were made with.
 */
export interface Volume {
  readonly kind: 'volume';
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly channels: number;
  readonly data: Float32Array;
  readonly origin: Point3;
  readonly angles?: Float64Array;
  readonly geometry?: VolumeGeometry;
}

/** A record of named numbers, shown as a small table. */
export interface ValueRecord {
  readonly kind: 'value';
  readonly fields: Readonly<Record<string, number>>;
}

export type Value = Signal | Spectrum | Image | Spectrum2D | Volume | ValueRecord;
export type DataType = Value['kind'];

/** A signal's or spectrum's timing: its rate, and whether that rate is only a placeholder. */
export interface Timing {
  readonly rate: number;
  readonly unitless?: boolean;
}

/**
 * A signal of these samples. `timing` is a rate, or a value (signal, spectrum or `Timing`)
 * whose rate and unitless mark the new signal keeps.
 */
export function makeSignal(data: Float64Array, start = 0, timing: number | Timing = 1): Signal {
  if (typeof timing === 'number') return { kind: 'signal', data, start, rate: timing };
  return timing.unitless ? { kind: 'signal', data, start, rate: timing.rate, unitless: true } : { kind: 'signal', data, start, rate: timing.rate };
}

/** A spectrum like `template` with `changes`, timed by `timing` (its rate and unitless mark). */
export function spectrumWith(template: Spectrum, timing: Timing, changes: Partial<Pick<Spectrum, 're' | 'im' | 'start' | 'hermitian'>> = {}): Spectrum {
  const { unitless: _unitless, ...rest } = template;
  return { ...rest, ...changes, rate: timing.rate, ...(timing.unitless ? { unitless: true as const } : {}) };
}

/** The samples of a kernel: counted, not timed (rate 1 as a placeholder, marked unitless). */
export function makeUnitlessSignal(data: Float64Array, start = 0): Signal {
  return { kind: 'signal', data, start, rate: 1, unitless: true };
}

export function makeImage(
  data: Float32Array,
  width: number,
  height: number,
  options: { channels?: number; origin?: Point; angles?: Float64Array } = {},
): Image {
  const image: Image = {
    kind: 'image',
    width,
    height,
    channels: options.channels ?? 1,
    data,
    origin: options.origin ?? { x: 0, y: 0 },
    ...(options.angles ? { angles: options.angles } : {}),
  };
  return image;
}

/** A volume of these voxels, centred (origin at the middle voxel) unless told otherwise. */
export function makeVolume(
  data: Float32Array,
  width: number,
  height: number,
  depth: number,
  options: { channels?: number; origin?: Point3; angles?: Float64Array; geometry?: VolumeGeometry } = {},
): Volume {
  return {
    kind: 'volume',
    width,
    height,
    depth,
    channels: options.channels ?? 1,
    data,
    origin: options.origin ?? { x: (width - 1) / 2, y: (height - 1) / 2, z: (depth - 1) / 2 },
    ...(options.angles ? { angles: options.angles } : {}),
    ...(options.geometry ? { geometry: options.geometry } : {}),
  };
}

export type VolumeAxis = 'x' | 'y' | 'z';

/**
 * One plane of a volume as an image (every channel): across `axis` at `index` (−1 = the middle,
 * indices clamped to the volume). A z plane is (x, y); a y plane is (x, z); an x plane is (y, z),
 * so each image keeps the volume's row order and is shown upright.
 */
export function sliceVolume(volume: Volume, axis: VolumeAxis, index: number): Image {
  const { width, height, depth, channels, data } = volume;
  const across = axis === 'z' ? depth : axis === 'y' ? height : width;
  const at = index < 0 ? Math.floor(across / 2) : Math.min(across - 1, Math.floor(index));
  const columns = axis === 'x' ? height : width;
  const rows = axis === 'z' ? height : depth;
  const out = new Float32Array(columns * rows * channels);
  const plane = width * height;
  for (let c = 0; c < channels; c++) {
    const base = c * depth * plane;
    const into = c * columns * rows;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < columns; k++) {
        const source =
          axis === 'z' ? at * plane + r * width + k : axis === 'y' ? r * plane + at * width + k : r * plane + k * width + at;
        out[into + r * columns + k] = data[base + source]!;
      }
    }
  }
  const origin = axis === 'z' ? { x: volume.origin.x, y: volume.origin.y } : axis === 'y' ? { x: volume.origin.x, y: volume.origin.z } : { x: volume.origin.y, y: volume.origin.z };
  return makeImage(out, columns, rows, { channels, origin });
}

/** Bytes a value holds, for the engine's memory guard and the host's accounting. */
export function byteSize(value: Value): number {
  switch (value.kind) {
    case 'signal':
      return value.data.byteLength;
    case 'spectrum':
    case 'spectrum2d':
      return value.re.byteLength + value.im.byteLength;
    case 'image':
    case 'volume':
      return value.data.byteLength;
    case 'value':
      return 8 * Object.keys(value.fields).length;
  }
}
