/**
 * What the spectrum display (SpectrumPlot) draws, as numbers: one function for the node's preview
 * and the large preview, so the two cannot drift apart.
 */
import type { SpectrumDisplay } from '../../src-shared/nodes/display';

/**
 * The lowest level a dB plot shows, below the peak. −120 dB keeps a 16-bit recording's
 * quantisation floor (about −96 dB) and a Blackman window's side lobes in view with room to
 * spare, while a level exactly zero (log −∞) still lands on the plot.
 */
export const DB_FLOOR = -120;

/**
 * Below this fraction of the peak |X| a bin's phase is not drawn (a gap): a bin that is zero in
 * exact arithmetic comes out of an FFT as rounding, about 1e-16 of the peak, whose angle is
 * anything (a box's spectrum between its lobes jumped between −π and π). 1e-12 is 240 dB down:
 * far below any level a recording or an image holds.
 */
export const PHASE_FLOOR = 1e-12;

/** A spectrum's bins as the display takes them: from bin 0 upward, possibly strided or decimated. */
export interface SpectrumBins {
  /** |X| of each entry. */
  readonly magnitude: ArrayLike<number>;
  /** ∠X of each entry, in radians. */
  readonly phase: ArrayLike<number>;
  /** How many transform bins each entry stands for (a preview column, a strided fetch; the most, with `bin`). */
  readonly binsPerEntry: number;
  /**
   * The bin each entry is (ascending): a peak column's chosen bin, drawn at its own frequency.
   * Without it entry k stands for bins from k · binsPerEntry, evenly over the whole spectrum.
   */
  readonly bin?: ArrayLike<number>;
  /** The transform length. */
  readonly n: number;
  readonly rate: number;
}

export interface SpectrumCurve {
  /** Frequency of each point (Hz), ascending. */
  readonly x: Float64Array;
  /** NaN where the bin is NaN or infinite, and for phase where |X| is under PHASE_FLOOR of the peak: a gap. */
  readonly y: Float64Array;
  /** The value range the y axis spans. */
  readonly lo: number;
  readonly hi: number;
}

/** What the curve shows, shortly (node) and as an axis name (large preview). */
export function spectrumQuantity(display: SpectrumDisplay): { readonly short: string; readonly axis: string } {
  if (display.show === 'phase') return { short: '∠X[k]', axis: 'phase (rad)' };
  return display.scale === 'db' ? { short: '|X[k]| dB', axis: '|X| (dB)' } : { short: '|X[k]|', axis: '|X|' };
}

export function spectrumCurve(bins: SpectrumBins, display: SpectrumDisplay): SpectrumCurve {
  const count = bins.magnitude.length;
  const phase = display.show === 'phase';
  const db = display.scale === 'db';
  // The peak of the finite magnitudes: a NaN or infinite bin (a gap in the curve) sets no scale.
  let peak = 0;
  for (let k = 0; k < count; k++) {
    const m = bins.magnitude[k]!;
    if (m > peak && m !== Infinity) peak = m;
  }
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  // Centred: the upper half (negative frequencies) moves to the left of 0 Hz, from the first
  // entry that stands for a bin of the upper half on.
  let half = Math.ceil(count / 2);
  if (bins.bin) {
    half = 0;
    while (half < count && bins.bin[half]! < Math.ceil(bins.n / 2)) half++;
  }
  for (let i = 0; i < count; i++) {
    const k = display.centred ? (i + half) % count : i;
    const bin = bins.bin ? bins.bin[k]! : k * bins.binsPerEntry;
    x[i] = ((display.centred && bin >= Math.ceil(bins.n / 2) ? bin - bins.n : bin) * bins.rate) / bins.n;
    const magnitude = bins.magnitude[k]!;
    y[i] = magnitude - magnitude !== 0 ? Number.NaN : phase ? (magnitude > PHASE_FLOOR * peak ? bins.phase[k]! : Number.NaN) : db ? Math.max(DB_FLOOR, 20 * Math.log10(Math.max(magnitude, 1e-300) / (peak || 1))) : magnitude;
  }
  const [lo, hi] = phase ? [-Math.PI, Math.PI] : db ? [DB_FLOOR, 0] : [0, peak || 1];
  return { x, y, lo, hi };
}
