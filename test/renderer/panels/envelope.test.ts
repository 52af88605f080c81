/**
 * The large plot's level of detail (src-renderer/panels/envelope.ts): which samples a zoomed
 * plot shows, and one signal's columns as drawn, the overview outside the range fetched in
 * detail and the detail inside it.
 */
import { describe, expect, it } from 'vitest';
import { envelopeOf, peaksOf } from '../../../src-shared/engine/full-value';
import { envelopeColumns, envelopeSeries, isExact, peaksBins, visibleBins, visibleRange } from '../../../src-renderer/panels/envelope';
import { spectrumCurve } from '../../../src-renderer/panels/spectrumCurve';

const data = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50) + (i % 7 === 0 ? 0.5 : 0));

describe('the large plot\'s envelope', () => {
  it('asks for two columns per pixel, within getValue\'s bounds', () => {
    expect(envelopeColumns(800)).toBe(1600);
    expect(envelopeColumns(0)).toBe(1600);
    expect(envelopeColumns(10)).toBe(64);
    expect(envelopeColumns(1e6)).toBe(8192);
  });

  it('turns an x range into the samples it shows, in index or time units, cut to the value', () => {
    const value = { start: -100, rate: 1000, length: 10_000 };
    expect(visibleRange(value, 0, 50, false)).toEqual({ from: 100, to: 151 });
    expect(visibleRange(value, 0, 0.05, true)).toEqual({ from: 100, to: 151 });
    expect(visibleRange(value, -500, 20_000, false)).toBeUndefined();
    expect(visibleRange(value, 9800, 20_000, false)).toEqual({ from: 9900, to: 10_000 });
    // Within `slack` samples of both ends: everything.
    expect(visibleRange(value, -95, 9895, false, 7)).toBeUndefined();
    expect(visibleRange(value, 10, 10, false)).toBeUndefined();
  });

  it('draws the overview whole, or its columns outside a detail and the detail inside, x ascending', () => {
    const overview = envelopeOf(data, 5, 1, { columns: 100 });
    expect(isExact(overview)).toBe(false);
    const whole = envelopeSeries('s', overview, [], false);
    expect(whole.x).toHaveLength(100);
    // x at the middle of each column: column 0 covers samples 0..99 of a value starting at 5.
    expect(whole.x[0]).toBe(5 + 49.5);
    expect(Array.from(whole.y)).toEqual([...overview.max]);
    expect(Array.from(whole.min!)).toEqual([...overview.min]);

    const detail = envelopeOf(data, 5, 1, { columns: 100, from: 2050, to: 2130 });
    expect(isExact(detail)).toBe(true);
    const merged = envelopeSeries('s', overview, [detail], false);
    // Columns 0–19 (samples up to 2000) before, the 80 samples, columns 22–99 after.
    expect(merged.x).toHaveLength(20 + 80 + 78);
    for (let i = 1; i < merged.x.length; i++) expect(merged.x[i]!).toBeGreaterThan(merged.x[i - 1]!);
    expect(merged.x[20]).toBe(5 + 2050);
    expect(merged.y[20]).toBe(data[2050]);
    expect(merged.min![20]).toBe(data[2050]);
    expect(merged.x[99]).toBe(5 + 2129);
    expect(merged.y[100]).toBe(overview.max[22]);

    // In time units the same columns, over the rate.
    const timed = envelopeSeries('s', envelopeOf(data, 0, 200, { columns: 100 }), [], true);
    expect(timed.x[0]).toBeCloseTo(49.5 / 200, 12);
  });
});

describe('the large plot\'s peaks of a long spectrum', () => {
  // 10,000 bins at 1000 Hz: bin k is k / 10 Hz; centred, bins 5000… are −500 Hz…
  const n = 10_000;
  const re = Float64Array.from({ length: n }, (_, k) => Math.cos(k / 3) + (k === 2345 || k === 7777 ? 50 : 0));
  const im = Float64Array.from({ length: n }, (_, k) => Math.sin(k / 5));
  const spectrum = { re, im, start: 0, rate: 1000, hermitian: false };

  it('turns a frequency range into the bins it shows, two ranges when a centred plot shows 0 Hz', () => {
    const value = { rate: 1000, length: n };
    expect(visibleBins(value, 10, 20, false)).toEqual([{ from: 100, to: 201 }]);
    expect(visibleBins(value, 10, 20, true)).toEqual([{ from: 100, to: 201 }]);
    // −20 Hz … −10 Hz centred: bins n − 200 … n − 100.
    expect(visibleBins(value, -20, -10, true)).toEqual([{ from: 9800, to: 9901 }]);
    // Across 0 Hz: the bottom bins, then the top ones (ascending).
    expect(visibleBins(value, -5, 5, true)).toEqual([
      { from: 0, to: 51 },
      { from: 9950, to: 10_000 },
    ]);
    // Everything (within the slack of an overview column), or not a range.
    expect(visibleBins(value, -600, 600, true)).toBeUndefined();
    expect(visibleBins(value, -499.5, 499.5, true, 7)).toBeUndefined();
    expect(visibleBins(value, 0, 999.9, false)).toBeUndefined();
    expect(visibleBins(value, 5, 5, false)).toBeUndefined();
    // Not centred, a negative frequency is no bin: the range starts at bin 0.
    expect(visibleBins(value, -50, 10, false)).toEqual([{ from: 0, to: 101 }]);
  });

  it('draws each column at its chosen bin, the overview outside the detail and the bins inside, centred in order of frequency', () => {
    const overview = peaksOf(spectrum, { columns: 100 });
    const whole = peaksBins(overview, []);
    expect(whole.binsPerEntry).toBe(100);
    expect(Array.from(whole.bin!)).toEqual([...overview.bin]);
    // The tones are kept, at their own bins, with their magnitude and phase.
    expect(whole.bin).toContain(2345);
    expect(whole.bin).toContain(7777);
    const at = Array.from(whole.bin!).indexOf(2345);
    expect(whole.magnitude[at]).toBe(Math.hypot(re[2345]!, im[2345]!));
    expect(whole.phase[at]).toBe(Math.atan2(im[2345]!, re[2345]!));

    // A centred zoom across 0 Hz: two details, each the bins themselves.
    const low = peaksOf(spectrum, { columns: 200, from: 0, to: 150 });
    const high = peaksOf(spectrum, { columns: 200, from: 9900, to: n });
    expect(isExact(low) && isExact(high)).toBe(true);
    const merged = peaksBins(overview, [high, low]);
    const bins = Array.from(merged.bin!);
    // Bins 0–149, overview columns 2–98 (columns 0, 1 and 99 overlap the details), bins 9900–9999.
    expect(bins.slice(0, 150)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(bins.slice(150, 247)).toEqual([...overview.bin.subarray(2, 99)]);
    expect(bins.slice(247)).toEqual(Array.from({ length: 100 }, (_, i) => 9900 + i));
    for (let i = 1; i < bins.length; i++) expect(bins[i]!).toBeGreaterThan(bins[i - 1]!);
    expect(merged.binsPerEntry).toBe(100);

    // Centred: negative frequencies first, every point at its bin's frequency, ascending through 0 Hz.
    const curve = spectrumCurve(merged, { scale: 'linear', show: 'magnitude', centred: true });
    const firstHigh = bins.findIndex((b) => b >= n / 2);
    expect(curve.x[0]).toBeCloseTo(((bins[firstHigh]! - n) * 1000) / n, 9);
    for (let i = 1; i < curve.x.length; i++) expect(curve.x[i]!).toBeGreaterThan(curve.x[i - 1]!);
    const zero = Array.from(curve.x).indexOf(0);
    expect(curve.x[zero - 1]).toBeCloseTo(-0.1, 9);
    expect(curve.y[zero]).toBe(merged.magnitude[0]);
    // The tone at bin 7777 (−222.3 Hz) is drawn there.
    const tone = Array.from(curve.x).findIndex((x) => Math.abs(x - -222.3) < 1e-9);
    expect(curve.y[tone]).toBe(Math.hypot(re[7777]!, im[7777]!));
    // Not centred, the bins' own order and frequencies; phase shows each chosen bin's phase.
    const plain = spectrumCurve(merged, { scale: 'linear', show: 'phase', centred: false });
    expect(Array.from(plain.x)).toEqual(bins.map((b) => (b * 1000) / n));
    expect(Array.from(plain.y)).toEqual(Array.from(merged.phase));
  });
});
