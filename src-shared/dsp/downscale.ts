/**
 * Box downscaling: each output pixel is the mean of the block of source pixels it covers, so a
 * shrunken image shows honest averages (a one-pixel line stays as a fainter line instead of
 * vanishing between samples). The one implementation behind the node previews
 * (engine/preview.ts) and the full values and comparisons the host sends (src-main/host).
 *
 * Each block is summed row by row, left to right, reading a source row at a time; an array's
 * rows are views into it (no copy, no call per pixel), a spectrum's are filled row by row.
 */

/** Where each output column (or row) takes its block: source indices [starts[i], ends[i]). */
export interface BoxSpans {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * `count` blocks spread over `length` pixels as evenly as whole pixels allow: block i covers
 * [⌊i·length/count⌋, ⌊(i+1)·length/count⌋), and at least one pixel (when `count` > `length`
 * neighbouring outputs repeat a pixel).
 */
export function spansToCount(length: number, count: number): BoxSpans {
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    starts[i] = Math.floor((i * length) / count);
    ends[i] = Math.max(starts[i] + 1, Math.floor(((i + 1) * length) / count));
  }
  return { starts, ends };
}

/** Blocks of `factor` pixels from the first, the last one ragged: ⌈length/factor⌉ of them. */
export function spansOfFactor(length: number, factor: number): BoxSpans {
  const count = Math.ceil(length / factor);
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    starts[i] = i * factor;
    ends[i] = Math.min(length, (i + 1) * factor);
  }
  return { starts, ends };
}

/** Planar pixels to shrink, read a row at a time. */
export interface Planes {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** Row `y` of plane `channel`: a view of the data, or `scratch` (width long) filled with it. */
  row(channel: number, y: number, scratch: Float64Array): Float32Array | Float64Array;
}

/** Planes stored one after another in `data`, each row-major. */
export function arrayPlanes(data: Float32Array | Float64Array, width: number, height: number, channels = 1): Planes {
  return {
    width,
    height,
    channels,
    row: (channel, y) => {
      const start = (channel * height + y) * width;
      return data.subarray(start, start + width);
    },
  };
}

/** One plane computed pixel by pixel from a complex one: |X| or log(1 + |X|) of a spectrum. */
export function complexPlane(re: Float64Array, im: Float64Array, width: number, height: number, map: (re: number, im: number) => number): Planes {
  return {
    width,
    height,
    channels: 1,
    row: (_channel, y, scratch) => {
      const start = y * width;
      for (let x = 0; x < width; x++) scratch[x] = map(re[start + x], im[start + x]);
      return scratch;
    },
  };
}

/**
 * Writes the mean of every block (`columns` across, `rows` down) of every plane into `out`,
 * planar, each plane row-major: columns × rows values a plane.
 */
export function boxMeans(planes: Planes, columns: BoxSpans, rows: BoxSpans, out: Float32Array | Float64Array): void {
  const across = columns.starts.length;
  const down = rows.starts.length;
  const scratch = new Float64Array(planes.width);
  const sums = new Float64Array(across);
  const { starts, ends } = columns;
  for (let c = 0; c < planes.channels; c++) {
    for (let ty = 0; ty < down; ty++) {
      const y0 = rows.starts[ty];
      const y1 = rows.ends[ty];
      sums.fill(0);
      for (let y = y0; y < y1; y++) {
        const row = planes.row(c, y, scratch);
        for (let tx = 0; tx < across; tx++) {
          let sum = sums[tx];
          const end = ends[tx];
          for (let x = starts[tx]; x < end; x++) sum += row[x];
          sums[tx] = sum;
        }
      }
      const at = (c * down + ty) * across;
      for (let tx = 0; tx < across; tx++) out[at + tx] = sums[tx] / ((y1 - y0) * (ends[tx] - starts[tx]));
    }
  }
}

/** Shrinks to `width` × `height` pixels a plane (the node previews' thumbnails). */
export function downscaleToSize(planes: Planes, width: number, height: number): Float64Array {
  const out = new Float64Array(width * height * planes.channels);
  boxMeans(planes, spansToCount(planes.width, width), spansToCount(planes.height, height), out);
  return out;
}

/** Shrinks by a whole factor, blocks of factor × factor from the top left (a full value sent to the renderer). */
export function downscaleByFactor(planes: Planes, factor: number): { data: Float32Array; width: number; height: number } {
  const columns = spansOfFactor(planes.width, factor);
  const rows = spansOfFactor(planes.height, factor);
  const data = new Float32Array(columns.starts.length * rows.starts.length * planes.channels);
  boxMeans(planes, columns, rows, data);
  return { data, width: columns.starts.length, height: rows.starts.length };
}
