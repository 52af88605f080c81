/**
 * The large plot's envelope (getValue's `envelope`, full-value.ts): min/max columns over a range
 * of a signal, checked against a naive oracle, through the schema, the binary codec and the real
 * host's worker; and the aliasing case a strided copy gets wrong, for signals and for spectra.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/host/host';
import { makeSignal } from '../../src-shared/data';
import { envelopeOf, peakBins, strided, toFullValue } from '../../src-shared/engine/full-value';
import { previewSignal } from '../../src-shared/engine/preview';
import type { GraphDocument } from '../../src-shared/graph/document';
import { checkCall, type FullValue, type HostEvent } from '../../src-shared/protocol';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol-codec';

type Envelope = Extract<FullValue, { kind: 'envelope' }>;

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

  it('leaves a spectrum to maxSamples, which keeps the largest bin of each step', () => {
    const re = new Float64Array(1000).fill(1);
    const value = toFullValue({ kind: 'spectrum', re, im: new Float64Array(1000), rate: 1, start: 0, hermitian: false }, { maxSamples: 100, envelope: { columns: 10 } });
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

  it('through its worker, for the whole signal and for a range', async () => {
    const doc: GraphDocument = {
      format: 'convolab.graph',
      version: 2,
      nodes: [{ id: 'seq', type: 'source.sequence', params: { values: [3, -1, 4, 1, -5, 9, 2, -6, 5, 3] } }],
      edges: [],
    };
    const host = new EngineHost({ baseDir: process.cwd(), mode: 'browser', version: 'test' });
    hosts.push(host);
    const events: HostEvent[] = [];
    host.onEvent((event) => events.push(event));
    const { runId } = await host.run({ doc });
    for (let i = 0; i < 1500 && !events.some((e) => e.kind === 'runEnd' && e.runId === runId); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const whole = (await host.getValue('seq', 'out', { envelope: { columns: 5 } })) as Envelope;
    expect(whole).toMatchObject({ kind: 'envelope', length: 10, from: 0, to: 10 });
    expect([...whole.min]).toEqual([-1, 1, -5, -6, 3]);
    expect([...whole.max]).toEqual([3, 4, 9, 2, 5]);
    const range = (await host.getValue('seq', 'out', { envelope: { columns: 5, from: 4, to: 8 } })) as Envelope;
    expect([...range.max]).toEqual([-5, 9, 2, -6]);
  });
});
