import { describe, expect, it } from 'vitest';
import { DB_FLOOR, spectrumCurve, spectrumQuantity } from '../../../src-renderer/panels/spectrumCurve';

const LINEAR = { scale: 'linear', show: 'magnitude', centred: false } as const;

describe('spectrumCurve (the one spectrum display of the node and the large preview)', () => {
  // |X| of 8 bins at rate 8 Hz: bin k is k Hz, bins 4..7 are −4..−1 Hz.
  const magnitude = [4, 2, 1, 0, 0, 0, 1, 2];
  const phase = [0, 0.5, -0.5, 0, 0, 0, 0.5, -0.5];
  const bins = { magnitude, phase, binsPerEntry: 1, n: 8, rate: 8 };

  it('puts bin k at k·rate/n, and centred moves the upper half to negative frequencies', () => {
    expect([...spectrumCurve(bins, LINEAR).x]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const centred = spectrumCurve(bins, { ...LINEAR, centred: true });
    expect([...centred.x]).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect([...centred.y]).toEqual([0, 0, 1, 2, 4, 2, 1, 0]);
  });

  it('a strided or decimated entry stands for several bins', () => {
    const strided = spectrumCurve({ magnitude: [1, 1, 1, 1], phase: [0, 0, 0, 0], binsPerEntry: 4, n: 16, rate: 16 }, { ...LINEAR, centred: true });
    expect([...strided.x]).toEqual([-8, -4, 0, 4]);
  });

  it('shows dB below the peak, down to one floor (a zero bin lands on it)', () => {
    const db = spectrumCurve(bins, { ...LINEAR, scale: 'db' });
    expect(db.y[0]).toBe(0);
    expect(db.y[1]).toBeCloseTo(20 * Math.log10(0.5), 12);
    expect(db.y[3]).toBe(DB_FLOOR);
    expect([db.lo, db.hi]).toEqual([DB_FLOOR, 0]);
    // All silent: every bin at the floor, not at the peak.
    expect([...spectrumCurve({ ...bins, magnitude: [0, 0, 0, 0, 0, 0, 0, 0] }, { ...LINEAR, scale: 'db' }).y]).toEqual(new Array(8).fill(DB_FLOOR));
  });

  it('shows phase in radians over [−π, π], whatever the scale; none where there is no magnitude to have one', () => {
    const shown = spectrumCurve(bins, { scale: 'db', show: 'phase', centred: false });
    expect([...shown.y]).toEqual([0, 0.5, -0.5, NaN, NaN, NaN, 0.5, -0.5]);
    expect([shown.lo, shown.hi]).toEqual([-Math.PI, Math.PI]);
    expect(spectrumQuantity({ scale: 'db', show: 'phase', centred: false })).toEqual({ short: '∠X[k]', axis: 'phase (rad)' });
  });

  it('leaves out the phase of bins an FFT left at rounding level (a box\'s zeros), and keeps a bin 200 dB down', () => {
    // A box of 4 in 16 samples: bins 4, 8, 12 are zero exactly; the FFT leaves about 1e-16 with any angle.
    const n = 16;
    const re = new Float64Array(n), im = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      for (let t = 0; t < 4; t++) {
        re[k] += Math.cos((-2 * Math.PI * k * t) / n);
        im[k] += Math.sin((-2 * Math.PI * k * t) / n);
      }
    }
    const magnitude = Array.from(re, (r, k) => Math.hypot(r, im[k]));
    magnitude[2] = 4e-10; // a real bin 200 dB under the peak of 4
    const angle = Array.from(re, (r, k) => Math.atan2(im[k], r));
    const shown = spectrumCurve({ magnitude, phase: angle, binsPerEntry: 1, n, rate: n }, { scale: 'linear', show: 'phase', centred: false });
    for (let k = 0; k < n; k++) {
      if (k % 4 === 0 && k !== 0) {
        expect(magnitude[k]).toBeLessThan(1e-14);
        expect(shown.y[k], `bin ${k}`).toBeNaN();
      } else expect(shown.y[k], `bin ${k}`).toBe(angle[k]);
    }
  });

  it('spans 0..peak on a linear scale', () => {
    const shown = spectrumCurve(bins, LINEAR);
    expect([shown.lo, shown.hi]).toEqual([0, 4]);
  });

  it('leaves a NaN or infinite bin out: a NaN point (a gap), and the scale set by the finite bins', () => {
    const broken = { ...bins, magnitude: [4, Number.NaN, 1, Infinity, 0, 0, 1, 2] };
    const linear = spectrumCurve(broken, LINEAR);
    expect([linear.lo, linear.hi]).toEqual([0, 4]);
    expect([...linear.y]).toEqual([4, Number.NaN, 1, Number.NaN, 0, 0, 1, 2]);
    const db = spectrumCurve(broken, { ...LINEAR, scale: 'db' });
    expect(db.y[0]).toBe(0);
    expect([db.y[1], db.y[3]]).toEqual([Number.NaN, Number.NaN]);
    expect(spectrumCurve(broken, { ...LINEAR, show: 'phase' }).y[3]).toBeNaN();
  });
});
