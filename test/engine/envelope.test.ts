/**
 * The large plot's envelope (getValue's `envelope`, full-value.ts): min/max columns over a range
 * of a signal, checked against a naive oracle, through the schema, the binary codec and the real
 * host's worker; and the aliasing case a strided copy gets wrong, for signals and for spectra.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/host/host';
import { makeSignal } from '../../src-shared/data';
import { envelopeOf, peakBins, peaksOf, strided, toFullValue } from '../../src-shared/engine/full-value';
import { previewSignal } from '../../src-shared/engine/preview';
import type { GraphDocument } from '../../src-shared/graph/document';
import { checkCall, type FullValue, type HostEvent } from '../../src-shared/protocol';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol-codec';

type Envelope = Extract<FullValue, { kind: 'envelope' }>;
type Peaks = Extract<FullValue, { kind: 'peaks' }>;

/** Column by column, the obvious way: the finite samples of each column's share of [from, to). */
function oracle(data: readonly number[], from: number, to: number, columns: number): { min: number[]; max: number[] } {
  const n = to - from;
  const cols = Math.min(columns, n);
  const min: number[] = [];
  const max: number[] = [];
  for (let c = 0; c < cols; c++) {
    const a = from + Math.floor((c * n) / cols);
    const b = from + Math.floor(((c + 1) * n) / cols);
    const finite = data.slice(a, Math.max(a + 1, b)).filter(Number.isFinite);
    min.push(finite.length ? Math.min(...finite) : Number.NaN);
    max.push(finite.length ? Math.max(...finite) : Number.NaN);
  }
  return { min, max };
}

const sample = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) },
);

describe('the envelope of a signal', () => {
  it('is each column\'s smallest and largest finite sample, over any range and any number of columns', () => {
    fc.assert(
      fc.property(
        fc.array(sample, { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 500 }),
        fc.nat(),
        fc.nat(),
        (values, columns, a, b) => {
          const length = values.length;
          const from = a % length;
          const to = from + 1 + (b % (length - from));
          const got = envelopeOf(Float64Array.from(values), 7, 100, { columns, from, to });
          const want = oracle(values, from, to, columns);
          expect(got).toMatchObject({ kind: 'envelope', start: 7, rate: 100, length, from, to });
          expect([...got.min]).toEqual(want.min);
          expect([...got.max]).toEqual(want.max);
          // No more samples than columns: the samples themselves, one array for both.
          if (to - from <= columns) expect(got.min).toBe(got.max);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('covers the whole signal by default, cuts a range at the end, and ranges at both ends are whole columns', () => {
    const data = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) * (i % 3));
    const whole = envelopeOf(data, 0, 1, { columns: 100 });
    expect(whole).toMatchObject({ from: 0, to: 1000 });
    expect(whole.min).toHaveLength(100);
    expect([...whole.min]).toEqual(oracle([...data], 0, 1000, 100).min);
    const head = envelopeOf(data, 0, 1, { columns: 10, from: 0, to: 95 });
    expect([...head.max]).toEqual(oracle([...data], 0, 95, 10).max);
    const tail = envelopeOf(data, 0, 1, { columns: 10, from: 900, to: 5000 });
    expect(tail).toMatchObject({ from: 900, to: 1000 });
    expect([...tail.max]).toEqual(oracle([...data], 900, 1000, 10).max);
    const past = envelopeOf(data, 0, 1, { columns: 10, from: 2000, to: 3000 });
    expect(past).toMatchObject({ from: 1000, to: 1000 });
    expect(past.min).toHaveLength(0);
    // Few samples: exact, NaN where a sample is not finite (a gap, as a column with none would be).
    const exact = envelopeOf(Float64Array.from([1, Infinity, -2, Number.NaN]), 0, 1, { columns: 8 });
    expect([...exact.min]).toEqual([1, Number.NaN, -2, Number.NaN]);
  });

  it('is the columns the node previews draw (one min/max pass, previewSignal\'s, in doubles)', () => {
    const data = Float64Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? Number.NaN : Math.cos(i * 0.37) + i * 1e-4));
    const preview = previewSignal(makeSignal(data, 0, 1), 240);
    const envelope = envelopeOf(data, 0, 1, { columns: 240 });
    expect([...envelope.min].map(Math.fround)).toEqual([...preview.min]);
    expect([...envelope.max].map(Math.fround)).toEqual([...preview.max]);
  });

  it('shows a component above a stride\'s Nyquist that the strided copy loses (aliasing)', () => {
    // 1,000,000 samples: every 16th is 0, the others ±1. A stride of 16 (65,536 samples asked)
    // reads only the zeros: a flat line. The envelope reads every sample.
    const data = new Float64Array(1_000_000);
    for (let i = 0; i < data.length; i++) data[i] = i % 16 === 0 ? 0 : i % 2 === 0 ? 1 : -1;
    const signal = makeSignal(data, 0, 48_000);
    const strided = toFullValue(signal, { maxSamples: 1 << 16 });
    expect(strided.kind === 'signal' && strided.step).toBe(16);
    expect(strided.kind === 'signal' && strided.data.every((v) => v === 0)).toBe(true);
    const envelope = toFullValue(signal, { maxSamples: 1 << 16, envelope: { columns: 1600 } }) as Envelope;
    expect(envelope.kind).toBe('envelope');
    expect(envelope.min).toHaveLength(1600);
    expect(envelope.min.every((v) => v === -1)).toBe(true);
    expect(envelope.max.every((v) => v === 1)).toBe(true);
  });

  it('leaves a spectrum asked without it to maxSamples, which keeps the largest bin of each step', () => {
    const re = new Float64Array(1000).fill(1);
    const value = toFullValue({ kind: 'spectrum', re, im: new Float64Array(1000), rate: 1, start: 0, hermitian: false }, { maxSamples: 100 });
    expect(value).toMatchObject({ kind: 'spectrum', step: 10 });
  });
});

describe('a long spectrum reduced for the large plot keeps its peaks', () => {
  /** Naive oracle: for each group of `step` bins, the finite bin of largest magnitude (the first of equals), NaN when none. */
  function oracle(re: Float64Array, im: Float64Array, step: number): { re: number[]; im: number[] } {
    const out = { re: [] as number[], im: [] as number[] };
    for (let g = 0; g * step < re.length; g++) {
      let best: number | undefined;
      for (let k = g * step; k < Math.min(re.length, (g + 1) * step); k++) {
        const m = Math.hypot(re[k]!, im[k]!);
        if (Number.isFinite(m) && (best === undefined || m > Math.hypot(re[best]!, im[best]!))) best = k;
      }
      out.re.push(best === undefined ? Number.NaN : re[best]!);
      out.im.push(best === undefined ? Number.NaN : im[best]!);
    }
    return out;
  }

  it('matches the naive oracle on random spectra with NaN and ±∞ bins, at steps that do and do not divide the length (step 1: every bin as it is)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 12, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) }), { minLength: 2, maxLength: 300 }),
        fc.integer({ min: 2, max: 40 }),
        (values, step) => {
          const half = Math.floor(values.length / 2);
          const re = Float64Array.from(values.slice(0, half));
          const im = Float64Array.from(values.slice(half, 2 * half));
          const got = peakBins(re, im, step);
          const want = oracle(re, im, step);
          expect([...got.re]).toEqual(want.re);
          expect([...got.im]).toEqual(want.im);
          // Step 1 is no reduction: every bin as it is, a NaN or ±∞ one too.
          const whole = peakBins(re, im, 1);
          expect([...whole.re]).toEqual([...re]);
          expect([...whole.im]).toEqual([...im]);
        },
      ),
      // A failure is reported as found: shrinking 300 doubles takes many minutes.
      { endOnFailure: true },
    );
  });

  it('matches the naive oracle at the ends of the double range and on ties (bins that underflow, overflow, or equal another up to rounding)', () => {
    const extreme = fc.oneof(
      fc.double({ noNaN: true }),
      fc.constantFrom(0, -0, 3, 4, 5, -3, -4, -5, 1e-160, 1e-161, 3e-162, 1e154, 1e200, -1e200, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, Number.NaN),
      fc.double({ min: 0.999999999999, max: 1.000000000001, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(extreme, extreme), { minLength: 1, maxLength: 120 }), fc.integer({ min: 2, max: 40 }), (bins, step) => {
        const re = Float64Array.from(bins, ([r]) => r);
        const im = Float64Array.from(bins, ([, i]) => i);
        const got = peakBins(re, im, step);
        const want = oracle(re, im, step);
        expect([...got.re]).toEqual(want.re);
        expect([...got.im]).toEqual(want.im);
      }),
      // A failure is reported as found: shrinking tuples of doubles this wide takes many minutes.
      { numRuns: 500, endOnFailure: true },
    );
  });

  it('shows the tone of a 2^20-sample sine, whose bin every 16th bin skips', () => {
    // A sine of exactly 1001 cycles: all its energy in bins 1001 and n − 1001, neither a multiple of 16.
    const n = 1 << 20;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    im[1001] = -n / 2;
    im[n - 1001] = n / 2;
    const value = toFullValue({ kind: 'spectrum', re, im, rate: n, start: 0, hermitian: false }, { maxSamples: 1 << 16 });
    if (value.kind !== 'spectrum') throw new Error(value.kind);
    expect(value.step).toBe(16);
    const magnitudes = Array.from(value.re, (r, i) => Math.hypot(r, value.im[i]!));
    // The entry standing for bins 992…1007 holds the tone, with its phase (−π/2); every 16th bin alone held none of it.
    expect(magnitudes[Math.floor(1001 / 16)]).toBe(n / 2);
    expect(Math.atan2(value.im[Math.floor(1001 / 16)]!, value.re[Math.floor(1001 / 16)]!)).toBeCloseTo(-Math.PI / 2, 12);
    expect(Math.max(...strided(im, 16).map(Math.abs))).toBe(0);
    expect(magnitudes.filter((m) => m > 0)).toHaveLength(2);
  });
});

/**
 * Column by column, the obvious way: each column's share of [from, to), its finite bins, the
 * first of largest magnitude; NaN and the column's first bin when none is finite.
 */
function peaksOracle(re: readonly number[], im: readonly number[], from: number, to: number, columns: number) {
  const n = to - from;
  const cols = Math.min(columns, n);
  const out = { bin: [] as number[], re: [] as number[], im: [] as number[] };
  for (let c = 0; c < cols; c++) {
    const a = from + Math.floor((c * n) / cols);
    const b = Math.max(a + 1, from + Math.floor(((c + 1) * n) / cols));
    let best = -1;
    for (let k = a; k < b; k++) {
      // hypot, not √(re² + im²): a subnormal bin's square is 0, its magnitude is not.
      const m = Math.hypot(re[k]!, im[k]!);
      if (Number.isFinite(m) && (best < 0 || m > Math.hypot(re[best]!, im[best]!))) best = k;
    }
    out.bin.push(best < 0 ? a : best);
    out.re.push(best < 0 ? Number.NaN : re[best]!);
    out.im.push(best < 0 ? Number.NaN : im[best]!);
  }
  return out;
}

describe('the peaks of a spectrum over a range (getValue\'s envelope on a spectrum)', () => {
  const spectrumOf = (re: Float64Array, im: Float64Array) => ({ kind: 'spectrum' as const, re, im, rate: 8000, start: -3, hermitian: true });

  it('is each column\'s largest finite bin, with its index and value, over any range and any number of columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sample, sample), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 400 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (bins, columns, a, b, atEnd) => {
          const length = bins.length;
          const re = bins.map(([r]) => r);
          const im = bins.map(([, i]) => i);
          // Half the ranges end at the last bin (or start at the first), where a column is cut short most easily.
          const from = atEnd ? 0 : a % length;
          const to = atEnd && b % 2 === 0 ? length : from + 1 + (b % (length - from));
          const got = peaksOf(spectrumOf(Float64Array.from(re), Float64Array.from(im)), { columns, from, to });
          const want = peaksOracle(re, im, from, to, columns);
          expect(got).toMatchObject({ kind: 'peaks', start: -3, rate: 8000, hermitian: true, length, from, to });
          expect([...got.bin]).toEqual(want.bin);
          expect([...got.re]).toEqual(want.re);
          expect([...got.im]).toEqual(want.im);
          expect(got.bin).toBeInstanceOf(Uint32Array);
          // No more bins than columns: the bins themselves, one column each.
          if (to - from <= columns) {
            expect([...got.bin]).toEqual(Array.from({ length: to - from }, (_, i) => from + i));
            re.slice(from, to).forEach((r, i) => {
              const finite = Number.isFinite(Math.hypot(r, im[from + i]!));
              expect(got.re[i]).toBe(finite ? r : Number.NaN);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('covers the whole spectrum by default, cuts a range at the end, and is what getValue answers for a spectrum with `envelope`', () => {
    const n = 5000;
    const re = Float64Array.from({ length: n }, (_, k) => Math.cos(k / 9) * (k % 5));
    const im = Float64Array.from({ length: n }, (_, k) => Math.sin(k / 13));
    const whole = toFullValue(spectrumOf(re, im), { maxSamples: 100, envelope: { columns: 64 } }) as Peaks;
    expect(whole).toMatchObject({ kind: 'peaks', from: 0, to: n, length: n });
    expect([...whole.bin]).toEqual(peaksOracle([...re], [...im], 0, n, 64).bin);
    const tail = peaksOf(spectrumOf(re, im), { columns: 10, from: 4950, to: 9000 });
    expect(tail).toMatchObject({ from: 4950, to: n });
    expect([...tail.bin]).toEqual(peaksOracle([...re], [...im], 4950, n, 10).bin);
    const past = peaksOf(spectrumOf(re, im), { columns: 10, from: 6000, to: 7000 });
    expect(past).toMatchObject({ from: n, to: n });
    expect(past.bin).toHaveLength(0);
    // Every bin NaN or infinite: every column a gap at its first bin.
    const blank = peaksOf(spectrumOf(Float64Array.from([Number.NaN, Infinity, 1, -Infinity]), Float64Array.from([0, 0, Number.NaN, 0])), { columns: 2 });
    expect([...blank.bin]).toEqual([0, 2]);
    expect([...blank.re]).toEqual([Number.NaN, Number.NaN]);
  });

  it('shows a 2^20-bin tone\'s main lobe and leakage bin for bin once zoomed in, its overview 32 KB where the strided answer was 1 MB', () => {
    // A tone half-way between bins 1000 and 1001 (a rectangular window): the Dirichlet kernel, its
    // two largest bins equal and the others falling off as 1/|k − 1000.5|.
    const n = 1 << 20;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const d = k - 1000.5;
      re[k] = Math.abs(Math.sin(Math.PI * d) / Math.sin((Math.PI * d) / n)) / 2;
    }
    const spectrum = spectrumOf(re, im);
    const overview = toFullValue(spectrum, { maxSamples: 1 << 16, envelope: { columns: 1600 } }) as Peaks;
    // The overview keeps the peak: the column holding bin 1000 chose it (the first of the two equal).
    const column = overview.bin.findIndex((b, c) => b >= 1000 && (c + 1 === overview.bin.length || overview.bin[c + 1]! > 1001));
    expect(overview.bin[column]).toBe(1000);
    expect(overview.re[column]).toBe(re[1000]);
    const zoomed = toFullValue(spectrum, { maxSamples: 1 << 16, envelope: { columns: 1600, from: 990, to: 1012 } }) as Peaks;
    expect([...zoomed.bin]).toEqual(Array.from({ length: 22 }, (_, i) => 990 + i));
    expect([...zoomed.re]).toEqual([...re.subarray(990, 1012)]);
    expect(zoomed.re[10]).toBeCloseTo(zoomed.re[11]!, 6);
    expect(zoomed.re[12]! / zoomed.re[11]!).toBeCloseTo(0.5 / 1.5, 4);
    const strided = encodeMessage({ value: toFullValue(spectrum, { maxSamples: 1 << 16 }) }).length;
    const asPeaks = encodeMessage({ value: overview }).length;
    expect(strided).toBeGreaterThan(2 * 65_536 * 8);
    expect(asPeaks).toBeLessThan(1600 * (8 + 8 + 4) + 512);
  });

  it('crosses serve\'s binary frame as its arrays, bin indices as u32', () => {
    const re = Float64Array.from({ length: 3000 }, (_, k) => (k % 7) - 3 + (k === 1234 ? Number.NaN : 0));
    const im = Float64Array.from({ length: 3000 }, (_, k) => Math.sin(k));
    const peaks = peaksOf(spectrumOf(re, im), { columns: 100, from: 10, to: 2990 });
    const frame = encodeMessage({ t: 'reply', id: 3, ok: true, value: peaks });
    expect(frame.length).toBeLessThan(100 * 20 + 512);
    const back = (decodeMessage(frame) as { value: Peaks }).value;
    expect(back).toEqual(peaks);
    expect(back.bin).toBeInstanceOf(Uint32Array);
    expect(back.re).toBeInstanceOf(Float64Array);
  });
});

describe('getValue\'s envelope option', () => {
  it('is checked: whole columns 1…8192, whole from ≥ 0 below to, nothing else', () => {
    expect(checkCall('getValue', ['a', 'out', { envelope: { columns: 1600 } }])).toMatchObject({ ok: true });
    expect(checkCall('getValue', ['a', 'out', { maxSamples: 65536, envelope: { columns: 8192, from: 0, to: 1 } }])).toMatchObject({ ok: true });
    const refused: [unknown, RegExp][] = [
      [{ columns: 1.5 }, /^getValue: bad arguments at 2\.envelope\.columns: /],
      [{ columns: 0 }, /^getValue: bad arguments at 2\.envelope\.columns: /],
      [{ columns: 8193 }, /^getValue: bad arguments at 2\.envelope\.columns: /],
      [{ columns: 1e12 }, /^getValue: bad arguments at 2\.envelope\.columns: /],
      [{ columns: 10, from: 2.5, to: 10 }, /^getValue: bad arguments at 2\.envelope\.from: /],
      [{ columns: 10, from: -1 }, /^getValue: bad arguments at 2\.envelope\.from: /],
      [{ columns: 10, from: 5, to: 5 }, /^getValue: bad arguments at 2\.envelope: from must be below to/],
      [{ columns: 10, from: 9, to: 5 }, /^getValue: bad arguments at 2\.envelope: from must be below to/],
      [{ columns: 10, step: 2 }, /^getValue: bad arguments at 2\.envelope/],
      // A spectrum's peaks are asked the same way: columns are required, a range is whole bins.
      [{ from: 0, to: 1024 }, /^getValue: bad arguments at 2\.envelope\.columns: /],
      [{ columns: 1600, from: 0, to: 2 ** 53 }, /^getValue: bad arguments at 2\.envelope\.to: /],
    ];
    for (const [envelope, error] of refused) {
      const result = checkCall('getValue', ['a', 'out', { envelope }]);
      expect(result, JSON.stringify(envelope)).toEqual({ ok: false, error: expect.stringMatching(error) });
      expect((result as { error: string }).error).not.toContain('\n');
    }
  });

  it('crosses serve\'s binary frame as two double arrays, one when the columns are the samples', () => {
    const data = Float64Array.from({ length: 65_536 }, (_, i) => Math.sin(i / 100) + (i % 2) * 0.01);
    const envelope = envelopeOf(data, -5, 8000, { columns: 1600 });
    const frame = encodeMessage({ t: 'reply', id: 1, ok: true, value: envelope });
    expect(frame.length).toBeLessThan(2 * 1600 * 8 + 512);
    const back = (decodeMessage(frame) as { value: Envelope }).value;
    expect(back).toEqual(envelope);
    expect(back.min).toBeInstanceOf(Float64Array);
    const exact = envelopeOf(data, 0, 8000, { columns: 1600, from: 100, to: 1100 });
    const exactFrame = encodeMessage({ value: exact });
    expect(exactFrame.length).toBeLessThan(1000 * 8 + 512);
    const exactBack = (decodeMessage(exactFrame) as { value: Envelope }).value;
    expect([...exactBack.max]).toEqual([...data.subarray(100, 1100)]);
    expect(exactBack.min).toEqual(exactBack.max);
  });
});

describe('the host answers an envelope from its memo', () => {
  const hosts: EngineHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.dispose()));
  });

  /** A host of this test's that has run `doc` to its end. */
  async function ranOnHost(doc: GraphDocument): Promise<EngineHost> {
    const host = new EngineHost({ baseDir: process.cwd(), mode: 'browser', version: 'test' });
    hosts.push(host);
    const events: HostEvent[] = [];
    host.onEvent((event) => events.push(event));
    const { runId } = await host.run({ doc });
    for (let i = 0; i < 1500 && !events.some((e) => e.kind === 'runEnd' && e.runId === runId); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return host;
  }

  it('through its worker, for the whole signal and for a range', async () => {
    const doc: GraphDocument = {
      format: 'convolab.graph',
      version: 2,
      nodes: [{ id: 'seq', type: 'source.sequence', params: { values: [3, -1, 4, 1, -5, 9, 2, -6, 5, 3] } }],
      edges: [],
    };
    const host = await ranOnHost(doc);
    const whole = (await host.getValue('seq', 'out', { envelope: { columns: 5 } })) as Envelope;
    expect(whole).toMatchObject({ kind: 'envelope', length: 10, from: 0, to: 10 });
    expect([...whole.min]).toEqual([-1, 1, -5, -6, 3]);
    expect([...whole.max]).toEqual([3, 4, 9, 2, 5]);
    const range = (await host.getValue('seq', 'out', { envelope: { columns: 5, from: 4, to: 8 } })) as Envelope;
    expect([...range.max]).toEqual([-5, 9, 2, -6]);
  });

  it('through its worker, a spectrum\'s peaks', async () => {
    const doc: GraphDocument = {
      format: 'convolab.graph',
      version: 2,
      nodes: [
        { id: 'seq', type: 'source.sequence', params: { values: [3, -1, 4, 1, -5, 9, 2, -6, 5, 3] } },
        { id: 'fft', type: 'op.fft' },
      ],
      edges: [{ id: 'e', source: 'seq', sourceHandle: 'out', target: 'fft', targetHandle: 'in' }],
    };
    const host = await ranOnHost(doc);
    const all = await host.getValue('fft', 'out', { maxSamples: 1 << 16 });
    if (all?.kind !== 'spectrum') throw new Error(String(all?.kind));
    const peaks = (await host.getValue('fft', 'out', { envelope: { columns: 3, from: 1, to: 10 } })) as Peaks;
    expect(peaks).toMatchObject({ kind: 'peaks', length: 10, from: 1, to: 10 });
    const want = peaksOracle([...all.re], [...all.im], 1, 10, 3);
    expect([...peaks.bin]).toEqual(want.bin);
    expect([...peaks.re]).toEqual(want.re);
    expect([...peaks.im]).toEqual(want.im);
  });
});
