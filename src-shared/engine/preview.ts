/**
 * Previews: small, display-ready summaries of a wire's value (../shared/DESIGN.md, step 3).
 * A long signal is min/max-decimated to the plot's pixel width; an image is box-downscaled to the
 * thumbnail's size and quantised to bytes over its own value range. Never the full data. Arrays
 * are typed arrays, which both transports carry as their bytes (protocol-codec.ts for serve).
 *
 * A preview is a picture, so a plot's columns are Float32Array: made once here as f32, they
 * cross the worker's postMessage, the host, serve's frame and Electron's IPC as f32 and the page
 * reads them as they came, half the bytes of doubles at every hop. Seven significant digits are
 * far finer than a plot's pixels. The numbers a user reads beside a plot (`lo`, `hi`: the
 * signal's range) are plain numbers, the value's own doubles, so what a label prints does not
 * change; so are a value's fields. A finite sample beyond float32's range (±3.4e38) is drawn at
 * that limit rather than as infinity.
 */
import { arrayPlanes, complexPlane, downscaleToSize } from '../dsp/downscale';
import { type Image, type Signal, type Spectrum, type Spectrum2D, type Value, sliceVolume } from '../data';

export interface SignalPreview {
  readonly kind: 'signal';
  readonly length: number;
  readonly start: number;
  readonly rate: number;
  /** Per column: the smallest and largest sample that falls in it (equal when not decimated), to float32. */
  readonly min: Float32Array;
  readonly max: Float32Array;
  /** How many samples one column covers (1 when every sample has its own column). */
  readonly samplesPerColumn: number;
  /** The smallest and largest finite sample, exactly (doubles: the plot's label prints them); 0, 0 when none is finite. */
  readonly lo: number;
  readonly hi: number;
  /**
   * How many samples are NaN or ±∞, when any are (absent otherwise). They are not drawn: a column
   * is its finite samples' min and max, and a column with none is NaN in both (a gap in the plot).
   */
  readonly nonFinite?: number;
}

export interface SpectrumPreview {
  readonly kind: 'spectrum';
  readonly n: number;
  readonly rate: number;
  readonly start: number;
  readonly hermitian: boolean;
  /** Magnitude per column over bins 0..n-1 (max within a column), to float32; NaN for a column with no finite bin. */
  readonly magnitude: Float32Array;
  /** Phase in radians of the bin with the largest magnitude in each column, to float32. */
  readonly phase: Float32Array;
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
  /** channels × thumbHeight × thumbWidth bytes, value lo → 0, hi → 255. */
  readonly pixels: Uint8Array;
  /** The thumbnail's range: what its bytes span (box means, so a lone extreme pixel is smoothed away). */
  readonly lo: number;
  readonly hi: number;
  /**
   * An image's own finite range, the numbers a label prints beside it (as a signal's `lo`, `hi`
   * are its samples'): a Sobel output whose thumbnail spans ±0.68 reaches ±2.8 at its edges.
   */
  readonly range?: { readonly lo: number; readonly hi: number };
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
  /** Cone-beam projections (the volume carries a geometry): z is the view, y the detector row, x its column. */
  readonly projections?: true;
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
      return { ...previewImage(sliceVolume(value, 'z', -1), size.thumbnail), volume: { depth: value.depth, ...finiteRange(value.data), ...(value.geometry ? { projections: true as const } : {}) } };
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

/** The largest finite float32. */
const F32_MAX = 3.4028234663852886e38;

/**
 * `value` as a preview column holds it: rounded to float32, a finite value beyond float32's range
 * held at its limit (a plot draws it at the edge, not as an infinity it never was).
 */
export function previewFloat(value: number): number {
  const rounded = Math.fround(value);
  if (rounded === Infinity || rounded === -Infinity) return value === rounded ? rounded : value > 0 ? F32_MAX : -F32_MAX;
  return rounded;
}

/** What `minMaxColumns` saw beside its columns. */
export interface ColumnsSummary {
  /** The smallest and largest finite sample of the range (Infinity, −Infinity when none is finite). */
  readonly lo: number;
  readonly hi: number;
  /** Samples of the range that are NaN or ±∞. */
  readonly nonFinite: number;
}

/**
 * Min/max decimation of samples [from, to) of `data` into `min.length` columns, in one pass and
 * without a copy: column c covers [from + ⌊c·n/C⌋, from + ⌊(c+1)·n/C⌋), n = to − from, C ≤ n
 * columns, and holds its smallest and largest finite sample as `store` gives them (NaN in both
 * for a column with no finite sample: a gap). The small previews (float32, previewFloat) and the
 * large plot's envelope (doubles, full-value.ts) are both this.
 */
export function minMaxColumns(
  data: ArrayLike<number>,
  from: number,
  to: number,
  min: Float32Array | Float64Array,
  max: Float32Array | Float64Array,
  store: (value: number) => number = (value) => value,
): ColumnsSummary {
  const n = to - from;
  const cols = min.length;
  let lo = Infinity;
  let hi = -Infinity;
  let nonFinite = 0;
  for (let c = 0; c < cols; c++) {
    const first = from + Math.floor((c * n) / cols);
    const end = from + Math.max(first - from + 1, Math.floor(((c + 1) * n) / cols));
    let cmin = Infinity;
    let cmax = -Infinity;
    for (let i = first; i < end; i++) {
      const v = data[i]!;
      // v − v is 0 for a finite sample, NaN for NaN and ±∞: one test for both.
      if (v - v !== 0) {
        nonFinite++;
        continue;
      }
      if (v < cmin) cmin = v;
      if (v > cmax) cmax = v;
    }
    if (cmin > cmax) {
      min[c] = Number.NaN;
      max[c] = Number.NaN;
      continue;
    }
    min[c] = store(cmin);
    max[c] = store(cmax);
    if (cmin < lo) lo = cmin;
    if (cmax > hi) hi = cmax;
  }
  return { lo, hi, nonFinite };
}

/** Min/max decimation (minMaxColumns) of the whole signal to at most `columns` float32 columns. */
export function previewSignal(signal: Signal, columns: number): SignalPreview {
  const { data } = signal;
  const n = data.length;
  const cols = Math.max(1, Math.min(n, columns));
  const min = new Float32Array(n === 0 ? 0 : cols);
  const max = new Float32Array(n === 0 ? 0 : cols);
  const summary = minMaxColumns(data, 0, n, min, max, previewFloat);
  const { nonFinite } = summary;
  const [lo, hi] = summary.lo > summary.hi ? [0, 0] : [summary.lo, summary.hi];
  return {
    kind: 'signal',
    length: n,
    start: signal.start,
    rate: signal.rate,
    min,
    max,
    samplesPerColumn: n === 0 ? 1 : n / cols,
    lo,
    hi,
    ...(nonFinite > 0 ? { nonFinite } : {}),
  };
}

/**
 * The bin of largest magnitude among bins [from, to), the first of equals; −1 when none is finite.
 * A NaN or infinite bin is never chosen (m − m is NaN for both), as a signal's sample is not drawn.
 *
 * Magnitudes are Math.hypot's, but most bins are ruled out by re² + im² alone (a twentieth of
 * hypot's cost, which was 1.4 ms of every 2^16-bin spectrum's preview): where it neither underflows
 * nor overflows, q = re² + im² is within 5e-16 of |X|² relatively, so a bin whose q is below the
 * best's by 1e-12 is surely smaller and its hypot cannot win. Bins near the best, and any whose
 * q is tiny, infinite or NaN, are decided by hypot as before.
 */
export function largestFiniteBin(re: Float64Array, im: Float64Array, from: number, to: number): number {
  let best = -1;
  let at = -1;
  /**
   * Bins whose q is below this are skipped; 0 (none) while the best's q is tiny (rounding there is
   * in absolute steps of ~1e-308, not relative ones) or near overflow.
   */
  let skipBelow = 0;
  for (let k = from; k < to; k++) {
    const r = re[k]!, i = im[k]!;
    const q = r * r + i * i;
    if (q < skipBelow) continue;
    const m = Math.hypot(r, i);
    if (m > best && m - m === 0) {
      best = m;
      at = k;
      skipBelow = q > 1e-280 && q < 1e300 ? q * (1 - 1e-12) : 0;
    }
  }
  return at;
}

export function previewSpectrum(spectrum: Spectrum, columns: number): SpectrumPreview {
  const n = spectrum.re.length;
  const cols = Math.max(1, Math.min(n, columns));
  const magnitude = new Float32Array(n === 0 ? 0 : cols);
  const phase = new Float32Array(n === 0 ? 0 : cols);
  for (let c = 0; c < cols && n > 0; c++) {
    const from = Math.floor((c * n) / cols);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / cols));
    const k = largestFiniteBin(spectrum.re, spectrum.im, from, to);
    magnitude[c] = k < 0 ? Number.NaN : previewFloat(Math.hypot(spectrum.re[k]!, spectrum.im[k]!));
    phase[c] = k < 0 ? Number.NaN : Math.atan2(spectrum.im[k]!, spectrum.re[k]!);
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

function quantise(planes: Float64Array, count: number): { pixels: Uint8Array; lo: number; hi: number } {
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
  return { pixels: bytes, lo, hi };
}

export function previewImage(image: Image, longest: number): ImagePreview {
  const [tw, th] = thumbSize(image.width, image.height, longest);
  const planes = downscaleToSize(arrayPlanes(image.data, image.width, image.height, image.channels), tw, th);
  return {
    kind: 'image',
    width: image.width,
    height: image.height,
    channels: image.channels,
    origin: { ...image.origin },
    thumbWidth: tw,
    thumbHeight: th,
    ...quantise(planes, planes.length),
    range: finiteRange(image.data),
  };
}

/** A 2-D spectrum previews as log(1 + |X|), the way spectra are usually looked at. */
export function previewSpectrum2d(spectrum: Spectrum2D, longest: number): ImagePreview {
  const [tw, th] = thumbSize(spectrum.width, spectrum.height, longest);
  const logMagnitude = (re: number, im: number): number => Math.log1p(Math.hypot(re, im));
  const planes = downscaleToSize(complexPlane(spectrum.re, spectrum.im, spectrum.width, spectrum.height, logMagnitude), tw, th);
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
