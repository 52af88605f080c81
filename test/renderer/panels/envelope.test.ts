/**
 * The large plot's level of detail (src-renderer/panels/envelope.ts): which samples a zoomed
 * plot shows, and one signal's columns as drawn, the overview outside the range fetched in
 * detail and the detail inside it.
 */
import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../../src-shared/engine/full-value';
import { envelopeColumns, envelopeSeries, isExact, visibleRange } from '../../../src-renderer/panels/envelope';

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
    const whole = envelopeSeries('s', overview, undefined, false);
    expect(whole.x).toHaveLength(100);
    // x at the middle of each column: column 0 covers samples 0..99 of a value starting at 5.
    expect(whole.x[0]).toBe(5 + 49.5);
    expect(Array.from(whole.y)).toEqual([...overview.max]);
    expect(Array.from(whole.min!)).toEqual([...overview.min]);

    const detail = envelopeOf(data, 5, 1, { columns: 100, from: 2050, to: 2130 });
    expect(isExact(detail)).toBe(true);
    const merged = envelopeSeries('s', overview, detail, false);
    // Columns 0–19 (samples up to 2000) before, the 80 samples, columns 22–99 after.
    expect(merged.x).toHaveLength(20 + 80 + 78);
    for (let i = 1; i < merged.x.length; i++) expect(merged.x[i]!).toBeGreaterThan(merged.x[i - 1]!);
    expect(merged.x[20]).toBe(5 + 2050);
    expect(merged.y[20]).toBe(data[2050]);
    expect(merged.min![20]).toBe(data[2050]);
    expect(merged.x[99]).toBe(5 + 2129);
    expect(merged.y[100]).toBe(overview.max[22]);

    // In time units the same columns, over the rate.
    const timed = envelopeSeries('s', envelopeOf(data, 0, 200, { columns: 100 }), undefined, true);
    expect(timed.x[0]).toBeCloseTo(49.5 / 200, 12);
  });
});
