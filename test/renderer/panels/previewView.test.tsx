/**
 * The node's plot and spectrum read their preview's float32 columns as they arrive from serve's
 * frame (views on it): what they draw is the picture the doubles drew, to a hundredth of a pixel,
 * and what they print (the range, the length, the axis) is the same text.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { makeImage, makeSignal } from '../../../src-shared/data';
import { makePreview, type Preview, type SignalPreview, type SpectrumPreview } from '../../../src-shared/engine/preview';
import { DEFAULT_IMAGE_DISPLAY, DEFAULT_PLOT_DISPLAY, type SpectrumDisplay } from '../../../src-shared/nodes/display';
import { mulberry32 } from '../../../src-shared/nodes/common';
import { decodeMessage, encodeMessage } from '../../../src-shared/protocol-codec';
import { PreviewView, type PreviewDisplay } from '../../../src-renderer/panels/PreviewView';
import { chartValues } from '../../../src-renderer/panels/SignalChart';

/** The preview as the page gets it: through serve's binary frame. */
function throughFrame<T extends Preview>(preview: T): T {
  return (decodeMessage(encodeMessage({ preview })) as { preview: T }).preview;
}

/** Every number in each `d` attribute, in order, and the markup with them taken out. */
function paths(markup: string): { numbers: number[]; rest: string } {
  const numbers: number[] = [];
  const rest = markup.replace(/ d="([^"]*)"/g, (_, d: string) => {
    for (const found of d.matchAll(/-?\d+(?:\.\d+)?/g)) numbers.push(Number(found[0]));
    return ` d="${d.replace(/-?\d+(?:\.\d+)?/g, '#')}"`;
  });
  return { numbers, rest };
}

/** The largest difference between two drawings' coordinates, after checking all else is the same. */
function drawnApart(a: string, b: string): number {
  const pa = paths(a);
  const pb = paths(b);
  expect(pa.rest).toBe(pb.rest);
  expect(pa.numbers.length).toBe(pb.numbers.length);
  expect(pa.numbers.length).toBeGreaterThan(100);
  return Math.max(...pa.numbers.map((n, i) => Math.abs(n - pb.numbers[i]!)));
}

const draw = (preview: Preview, display?: PreviewDisplay): string => renderToStaticMarkup(<PreviewView preview={preview} {...(display ? { display } : {})} />);

describe('the node\'s plot and spectrum from float32 previews', () => {
  const random = mulberry32(17);
  // A signal near one, where float32's rounding is largest against the plot's range.
  const samples = Float64Array.from({ length: 50_000 }, (_, i) => 1 + 1e-3 * Math.sin(i / 700) + 1e-4 * (random() - 0.5));

  /** The same preview with its columns as the doubles they were rounded from (the preview before). */
  function asDoubles(preview: SignalPreview): SignalPreview {
    const n = samples.length;
    const cols = preview.min.length;
    const min = new Float64Array(cols);
    const max = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      const column = samples.subarray(Math.floor((c * n) / cols), Math.floor(((c + 1) * n) / cols));
      min[c] = Math.min(...column);
      max[c] = Math.max(...column);
    }
    return { ...preview, min, max } as unknown as SignalPreview;
  }

  it('draws a signal as its doubles drew it, and prints the same range', () => {
    const sent = makePreview(makeSignal(samples, -25_000, 16_384)) as SignalPreview;
    const arrived = throughFrame(sent);
    expect(arrived.min).toBeInstanceOf(Float32Array);
    for (const style of ['line', 'stem', 'bar'] as const) {
      const display: PreviewDisplay = { plot: { ...DEFAULT_PLOT_DISPLAY, style }, spectrum: undefined, image: DEFAULT_IMAGE_DISPLAY };
      const now = draw(arrived, display);
      const before = draw(asDoubles(sent), display);
      // 96 px tall over a range of 1.1e-3: float32's 6e-8 of 1 is 0.005 px; toFixed(1) may round it either way.
      expect(drawnApart(now, before)).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(now).toContain('n=50000 · [0.999, 1.001]');
    }
  });

  it('prints an image\'s own range, not its thumbnail\'s: a Sobel map\'s ±2.8 border is not hidden by the box means', () => {
    const data = new Float32Array(1026 * 1026).fill(0.125);
    data[0] = -2.79;
    data[5] = 2.71;
    const markup = draw(throughFrame(makePreview(makeImage(data, 1026, 1026))));
    expect(markup).toContain('1026×1026 · [-2.79, 2.71]');
  });

  it('a long recording\'s labels do not overwrite each other: its k extent takes a line of its own; a short one keeps one line', () => {
    const long = Float64Array.from({ length: 264_600 }, (_, i) => 19.68 * Math.sin(i / 900) - (i === 5 ? 35.3 : 0));
    const markup = draw(throughFrame(makePreview(makeSignal(long, -88_200, 44_100))));
    expect(markup).toMatch(/<text x="4" y="10" class="label">n=264600 · \[-35\.19, 19\.68\]<\/text>/);
    expect(markup).toMatch(/<text x="216" y="20" class="label" text-anchor="end">k ∈ \[-88200, 176399\]<\/text>/);
    const short = draw(throughFrame(makePreview(makeSignal(Float64Array.from([1, 2, 3]), 0, 1))));
    expect(short).toMatch(/<text x="216" y="10" class="label" text-anchor="end">k ∈ \[0, 2\]<\/text>/);
    // Two seconds of speech fit on one line beside its range, as they always did.
    const speech = Float64Array.from({ length: 88_200 }, (_, i) => 0.5423 * Math.sin(i / 300) * (i % 2 ? 0.949 : 1));
    expect(draw(throughFrame(makePreview(makeSignal(speech, 0, 44_100))))).toMatch(/<text x="216" y="10" class="label" text-anchor="end">k ∈ \[0, 88199\]<\/text>/);
  });

  it('draws a spectrum\'s magnitude, dB and phase as their doubles drew them', () => {
    const n = 4096;
    const re = Float64Array.from({ length: n }, (_, k) => Math.cos(k / 9) * Math.exp(-k / 900) + 1e-9 * k);
    const im = Float64Array.from({ length: n }, (_, k) => Math.sin(k / 5) * Math.exp(-k / 1500));
    const sent = makePreview({ kind: 'spectrum', re, im, rate: 8000, start: 0, hermitian: false }) as SpectrumPreview;
    const arrived = throughFrame(sent);
    expect(arrived.magnitude).toBeInstanceOf(Float32Array);
    expect(arrived.phase).toBeInstanceOf(Float32Array);
    const doubles: SpectrumPreview = { ...sent };
    // The doubles the columns were rounded from: each column's largest |X| and its angle.
    const magnitude = new Float64Array(sent.magnitude.length);
    const phase = new Float64Array(sent.magnitude.length);
    for (let c = 0; c < magnitude.length; c++) {
      let best = -1;
      for (let k = Math.floor((c * n) / magnitude.length); k < Math.max(Math.floor((c * n) / magnitude.length) + 1, Math.floor(((c + 1) * n) / magnitude.length)); k++) {
        const m = Math.hypot(re[k]!, im[k]!);
        if (m > best) {
          best = m;
          phase[c] = Math.atan2(im[k]!, re[k]!);
        }
      }
      magnitude[c] = best;
    }
    Object.assign(doubles, { magnitude, phase });
    for (const spectrum of [
      { scale: 'linear', show: 'magnitude', centred: true },
      { scale: 'db', show: 'magnitude', centred: false },
      { scale: 'linear', show: 'phase', centred: true },
    ] as SpectrumDisplay[]) {
      const display: PreviewDisplay = { plot: DEFAULT_PLOT_DISPLAY, spectrum, image: DEFAULT_IMAGE_DISPLAY };
      expect(drawnApart(draw(arrived, display), draw(doubles, display))).toBeLessThanOrEqual(0.1 + 1e-9);
    }
  });
});

describe('a plot of a signal with NaN or infinite samples', () => {
  it('draws the finite samples to the finite range, with a gap where a column has none, and says how many it left out', () => {
    const data = Float64Array.from({ length: 3000 }, (_, i) => (i >= 1000 && i < 1500 ? Number.NaN : i === 2500 ? Infinity : Math.sin(i / 100)));
    const markup = draw(throughFrame(makePreview(makeSignal(data))));
    const trace = /class="trace"/.test(markup) ? /<path d="([^"]*)" class="trace"/.exec(markup)![1]! : '';
    expect(trace).not.toMatch(/NaN|Infinity/);
    // Two runs of the trace: before the NaN stretch and after it.
    expect(trace.match(/M/g)!.length).toBe(2);
    // Every point lies inside the plot (the scale is the finite samples', not ∞).
    const ys = [...trace.matchAll(/[ML]-?[\d.]+,(-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys.length).toBeGreaterThan(100);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ys)).toBeLessThanOrEqual(96);
    expect(markup).toContain('501 NaN or ±∞ not drawn');
  });
});

describe("the large chart's values", () => {
  it('turns NaN and ±∞ into null (a gap for uPlot) and passes all-finite values as they are', () => {
    const finite = Float32Array.from([1, 2, 3]);
    expect(chartValues(finite)).toBe(finite);
    expect(chartValues(Float64Array.from([1, Number.NaN, Infinity, -Infinity, -0.5]))).toEqual([1, null, null, null, -0.5]);
  });
});

describe("a node's spectrum with NaN or infinite bins", () => {
  it('draws the finite bins with a gap for the rest, and says so; with none finite it says there is nothing to draw', () => {
    const re = Float64Array.from({ length: 64 }, (_, k) => (k >= 20 && k < 30 ? Number.NaN : Math.cos(k / 5)));
    const im = new Float64Array(64);
    const spectrum = { kind: 'spectrum' as const, re, im, rate: 64, start: 0, hermitian: false };
    const markup = draw(throughFrame(makePreview(spectrum)));
    const d = /<path d="([^"]*)" class="trace spectrum"/.exec(markup)![1]!;
    expect(d).not.toMatch(/NaN|Infinity/);
    expect(d.match(/M/g)!.length).toBe(2);
    expect(markup).toContain('bins NaN or ±∞ not drawn');
    const none = draw(throughFrame(makePreview({ ...spectrum, re: new Float64Array(64).fill(Number.NaN) })));
    expect(none).toContain('every bin NaN or ±∞: nothing to draw');
  });
});
