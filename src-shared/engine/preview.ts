/**
 * Previews: small, display-ready summaries of a wire's value (../shared/DESIGN.md, step 3).
 * A long signal is min/max-decimated to the plot's pixel width; an image is box-downscaled to the
 * thumbnail's size and quantised to bytes over its own value range. Never the full data.
 */
import { type Image, type Signal, type Spectrum, type Spectrum2D, type Value, sliceVolume } from '../data';

export interface SignalPreview {
  readonly kind: 'signal';
  readonly length: number;
  readonly start: number;
  readonly rate: number;
  /** Per column: the smallest and largest sample that falls in it (equal when not decimated). */
  readonly min: number[];
  readonly max: number[];
  /** How many samples one column covers (1 when every sample has its own column). */
  readonly samplesPerColumn: number;
  readonly lo: number;
  readonly hi: number;
}

export interface SpectrumPreview {
  readonly kind: 'spectrum';
  readonly n: number;
  readonly rate: number;
  readonly start: number;
  readonly hermitian: boolean;
  /** Magnitude per column over bins 0..n-1 (max within a column). */
  readonly magnitude: number[];
  /** Phase in radians of the bin with the largest magnitude in each column. */
  readonly phase: number[];
  readonly binsPerColumn: number;
}

export interface ImagePreview {
  readonly kind: 'image' | 'spectrum2d';
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly origin: { x: number; y: number };
  readonly thumbWidth: number;
  readonly thumbHeight: number;
  /** Base64 bytes: channels × thumbHeight × thumbWidth, value lo → 0, hi → 255. */
  readonly pixels: string;
  readonly lo: number;
  readonly hi: number;
  /**
   * Set when this is a volume's middle z plane: the volume's depth (it is width × height × depth)
   * and the range of all its finite voxels, so every slice of it can be shown on one scale.
   */
  readonly volume?: VolumePreviewInfo;
}

export interface VolumePreviewInfo {
  readonly depth: number;
  readonly lo: number;
  readonly hi: number;
}

export interface ValuePreview {
  readonly kind: 'value';
  readonly fields: Readonly<Record<string, number>>;
}

export type Preview = SignalPreview | SpectrumPreview | ImagePreview | ValuePreview;

export interface PreviewSize {
  /** Columns of a plot. */
  readonly columns: number;
  /** Longest side of an image thumbnail. */
  readonly thumbnail: number;
}

export const DEFAULT_PREVIEW_SIZE: PreviewSize = { columns: 240, thumbnail: 128 };

export function makePreview(value: Value, size: PreviewSize = DEFAULT_PREVIEW_SIZE): Preview {
  switch (value.kind) {
    case 'signal':
      return previewSignal(value, size.columns);
    case 'spectrum':
      return previewSpectrum(value, size.columns);
    case 'image':
      return previewImage(value, size.thumbnail);
    case 'spectrum2d':
      return previewSpectrum2d(value, size.thumbnail);
    case 'volume':
      return { ...previewImage(sliceVolume(value, 'z', -1), size.thumbnail), volume: { depth: value.depth, ...finiteRange(value.data) } };
    case 'value':
      return { kind: 'value', fields: { ...value.fields } };
  }
}

/** The smallest and largest finite values ({0, 0} when there are none). */
function finiteRange(data: Float32Array): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    // Infinities are rare; only then is the slower, finite-only pass needed.
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return lo === Infinity ? { lo: 0, hi: 0 } : { lo, hi };
}

/** Min/max decimation: column c covers samples [floor(c·n/cols), floor((c+1)·n/cols)). */
export function previewSignal(signal: Signal, columns: number): SignalPreview {
  const { data } = signal;
  const n = data.length;
  const cols = Math.max(1, Math.min(n, columns));
  const min = new Array<number>(n === 0 ? 0 : cols);
  const max = new Array<number>(n === 0 ? 0 : cols);
  let lo = Infinity;
  let hi = -Infinity;
  if (n > 0) {
    for (let c = 0; c < cols; c++) {
      const from = Math.floor((c * n) / cols);
      const to = Math.max(from + 1, Math.floor(((c + 1) * n) / cols));
      let cmin = Infinity;
      let cmax = -Infinity;
      for (let i = from; i < to; i++) {
        const v = data[i]!;
        if (v < cmin) cmin = v;
        if (v > cmax) cmax = v;
      }
      min[c] = cmin;
      max[c] = cmax;
      if (cmin < lo) lo = cmin;
      if (cmax > hi) hi = cmax;
    }
  }
  return {
    kind: 'signal',
    length: n,
    start: signal.start,
    rate: signal.rate,
    min,
    max,
    samplesPerColumn: n === 0 ? 1 : n / cols,
    lo: n === 0 ? 0 : lo,
    hi: n === 0 ? 0 : hi,
  };
}

export function previewSpectrum(spectrum: Spectrum, columns: number): SpectrumPreview {
  const n = spectrum.re.length;
  const cols = Math.max(1, Math.min(n, columns));
  const magnitude = new Array<number>(n === 0 ? 0 : cols);
  const phase = new Array<number>(n === 0 ? 0 : cols);
  for (let c = 0; c < cols && n > 0; c++) {
    const from = Math.floor((c * n) / cols);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / cols));
    let best = -1;
    let bestPhase = 0;
    for (let k = from; k < to; k++) {
      const re = spectrum.re[k]!;
      const im = spectrum.im[k]!;
      const m = Math.hypot(re, im);
      if (m > best) {
        best = m;
        bestPhase = Math.atan2(im, re);
      }
    }
    magnitude[c] = best;
    phase[c] = bestPhase;
  }
  return {
    kind: 'spectrum',
    n,
    rate: spectrum.rate,
    start: spectrum.start,
    hermitian: spectrum.hermitian,
    magnitude,
    phase,
    binsPerColumn: n === 0 ? 1 : n / cols,
  };
}

function thumbSize(width: number, height: number, longest: number): [number, number] {
  const scale = Math.min(1, longest / Math.max(width, height, 1));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

/** Box-average downscale of one plane into `out` (thumbWidth × thumbHeight). */
function downscale(
  read: (index: number) => number,
  offset: number,
  width: number,
  height: number,
  out: Float64Array,
  tw: number,
  th: number,
): void {
  for (let ty = 0; ty < th; ty++) {
    const y0 = Math.floor((ty * height) / th);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * height) / th));
    for (let tx = 0; tx < tw; tx++) {
      const x0 = Math.floor((tx * width) / tw);
      const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * width) / tw));
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        const row = offset + y * width;
        for (let x = x0; x < x1; x++) sum += read(row + x);
      }
      out[ty * tw + tx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
}

/**
 * The same box average as `downscale` for a plane of a typed array being shrunk (thumbnail no
 * larger than the image, so the boxes tile it): one pass over the rows, each box's run of a row
 * summed in a register, in the same order as `downscale` adds (so the same sums), without a
 * call per pixel.
 */
function downscaleTiled(
  data: Float32Array | Float64Array,
  offset: number,
  width: number,
  height: number,
  out: Float64Array,
  tw: number,
  th: number,
): void {
  const edges = new Int32Array(tw + 1);
  for (let tx = 0; tx <= tw; tx++) edges[tx] = Math.floor((tx * width) / tw);
  const sums = new Float64Array(tw);
  for (let ty = 0; ty < th; ty++) {
    const y0 = Math.floor((ty * height) / th);
    const y1 = Math.floor(((ty + 1) * height) / th);
    sums.fill(0);
    for (let y = y0; y < y1; y++) {
      const row = offset + y * width;
      for (let tx = 0; tx < tw; tx++) {
        let sum = sums[tx]!;
        const end = row + edges[tx + 1]!;
        for (let i = row + edges[tx]!; i < end; i++) sum += data[i]!;
        sums[tx] = sum;
      }
    }
    const rows = y1 - y0;
    for (let tx = 0; tx < tw; tx++) out[ty * tw + tx] = sums[tx]! / (rows * (edges[tx + 1]! - edges[tx]!));
  }
}

function quantise(planes: Float64Array, count: number): { pixels: string; lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = planes[i]!;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) {
    lo = 0;
    hi = 0;
  }
  const span = hi - lo;
  const bytes = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = planes[i]!;
    bytes[i] = span > 0 && Number.isFinite(v) ? Math.round(((v - lo) / span) * 255) : span > 0 ? 0 : 128;
  }
  return { pixels: bytesToBase64(bytes), lo, hi };
}

export function previewImage(image: Image, longest: number): ImagePreview {
  const [tw, th] = thumbSize(image.width, image.height, longest);
  const plane = image.width * image.height;
  const planes = new Float64Array(tw * th * image.channels);
  const view = new Float64Array(tw * th);
  const data = image.data;
  const tiled = tw <= image.width && th <= image.height;
  for (let c = 0; c < image.channels; c++) {
    if (tiled) downscaleTiled(data, c * plane, image.width, image.height, view, tw, th);
    else downscale((i) => data[i]!, c * plane, image.width, image.height, view, tw, th);
    planes.set(view, c * tw * th);
  }
  return {
    kind: 'image',
    width: image.width,
    height: image.height,
    channels: image.channels,
    origin: { ...image.origin },
    thumbWidth: tw,
    thumbHeight: th,
    ...quantise(planes, planes.length),
  };
}

/** A 2-D spectrum previews as log(1 + |X|), the way spectra are usually looked at. */
export function previewSpectrum2d(spectrum: Spectrum2D, longest: number): ImagePreview {
  const [tw, th] = thumbSize(spectrum.width, spectrum.height, longest);
  const planes = new Float64Array(tw * th);
  const { re, im } = spectrum;
  downscale((i) => Math.log1p(Math.hypot(re[i]!, im[i]!)), 0, spectrum.width, spectrum.height, planes, tw, th);
  return {
    kind: 'spectrum2d',
    width: spectrum.width,
    height: spectrum.height,
    channels: 1,
    origin: { ...spectrum.origin },
    thumbWidth: tw,
    thumbHeight: th,
    ...quantise(planes, planes.length),
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without Node's Buffer or the DOM's btoa, so it runs in every layer. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + BASE64[(n >> 6) & 63]! + BASE64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + BASE64[(n >> 6) & 63]! + '=';
  }
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const index = BASE64.indexOf(clean[i]!);
    if (index < 0) throw new Error(`not base64 at character ${i}`);
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}
