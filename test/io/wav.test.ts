import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readWav, writeWav } from '../../src-shared/io/wav';

const fixtures = new URL('../fixtures/io/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtures), 'utf8')) as Record<
  string,
  { rate: number; bits: number; encoding: string; channels: number[][] }
>;

/** A WAV file built byte by byte, independently of writeWav. */
function buildWav(options: {
  formatTag: number;
  channels: number;
  rate: number;
  bits: number;
  samples: Uint8Array;
  extraChunks?: Uint8Array[];
  dataSize?: number;
}): Uint8Array {
  const { formatTag, channels, rate, bits, samples } = options;
  const parts: number[] = [];
  const ascii = (text: string) => parts.push(...[...text].map((c) => c.charCodeAt(0)));
  const u32 = (v: number) => parts.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  const u16 = (v: number) => parts.push(v & 255, (v >>> 8) & 255);
  ascii('WAVE');
  ascii('fmt ');
  u32(16);
  u16(formatTag);
  u16(channels);
  u32(rate);
  u32((rate * channels * bits) / 8);
  u16((channels * bits) / 8);
  u16(bits);
  for (const chunk of options.extraChunks ?? []) parts.push(...chunk);
  ascii('data');
  u32(options.dataSize ?? samples.length);
  parts.push(...samples);
  if (samples.length & 1) parts.push(0);
  const body = Uint8Array.from(parts);
  const file = new Uint8Array(8 + body.length);
  file.set([0x52, 0x49, 0x46, 0x46]);
  new DataView(file.buffer).setUint32(4, body.length, true);
  file.set(body, 8);
  return file;
}

/** Little-endian two's complement integers of `bits`, interleaved as given. */
function pcmBytes(values: number[], bits: number): Uint8Array {
  const width = bits / 8;
  const bytes = new Uint8Array(values.length * width);
  values.forEach((value, i) => {
    let v = bits === 8 ? value + 128 : value < 0 ? value + 2 ** bits : value;
    for (let b = 0; b < width; b++) {
      bytes[i * width + b] = v % 256;
      v = Math.floor(v / 256);
    }
  });
  return bytes;
}

describe('readWav on files written by Python (wave, scipy.io.wavfile, hand-built extensible)', () => {
  for (const name of Object.keys(expected).filter((file) => file.endsWith('.wav'))) {
    it(`decodes ${name} to numpy's values`, () => {
      const result = readWav(readFileSync(new URL(name, fixtures)));
      if (!result.ok) throw new Error(result.error);
      const reference = expected[name];
      expect(result.value.rate).toBe(reference.rate);
      expect(result.value.bits).toBe(reference.bits);
      expect(result.value.encoding).toBe(reference.encoding);
      expect(result.value.channels.map((channel) => Array.from(channel))).toEqual(reference.channels);
    });
  }

  it('reaches the extremes exactly: −2^(bits−1) is −1, 8-bit 0 is −1 and 255 is 127/128', () => {
    const pcm8 = readWav(readFileSync(new URL('pcm8-stereo.wav', fixtures)));
    expect(pcm8.ok && [pcm8.value.channels[0][0], pcm8.value.channels[0][1]]).toEqual([-1, 127 / 128]);
    const pcm16 = readWav(readFileSync(new URL('pcm16-mono.wav', fixtures)));
    expect(pcm16.ok && [pcm16.value.channels[0][0], pcm16.value.channels[0][1]]).toEqual([-1, 32767 / 32768]);
  });
});

describe('readWav round trips of files built byte by byte', () => {
  for (const bits of [8, 16, 24, 32]) {
    it(`reads ${bits}-bit PCM with any channel count, scaled by 1/2^(bits−1)`, () => {
      const low = bits === 8 ? -128 : -(2 ** (bits - 1));
      const high = -low - 1;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: low, max: high }), { maxLength: 30 }), (channels, values) => {
          const frames = Math.floor(values.length / channels);
          const used = values.slice(0, frames * channels);
          const file = buildWav({ formatTag: 1, channels, rate: 16000, bits, samples: pcmBytes(used, bits) });
          const result = readWav(file);
          if (!result.ok) throw new Error(result.error);
          expect(result.value.channels).toHaveLength(channels);
          for (let c = 0; c < channels; c++) {
            expect(Array.from(result.value.channels[c])).toEqual(used.filter((_, i) => i % channels === c).map((v) => v / 2 ** (bits - 1)));
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it('decodes only the channel picked, or the channels\' mean as the plain read\'s channels added one by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.constantFrom(8, 16, 24, 32), fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 1, maxLength: 40 }), (channels, bits, small) => {
        const scale = 2 ** (bits - 8);
        const frames = Math.max(1, Math.floor(small.length / channels));
        const used = Array.from({ length: frames * channels }, (_, i) => (small[i % small.length]! * scale));
        const file = buildWav({ formatTag: 1, channels, rate: 8000, bits, samples: pcmBytes(used, bits) });
        const all = readWav(file);
        if (!all.ok) throw new Error(all.error);
        // The mean channel by channel, each sample divided by the count: the order the mix sums in.
        const mean = new Float64Array(frames);
        for (const channel of all.value.channels) for (let k = 0; k < frames; k++) mean[k] = mean[k]! + channel[k]! / channels;
        const mix = readWav(file, { pick: 'mix' });
        if (!mix.ok) throw new Error(mix.error);
        expect(mix.value.channels).toHaveLength(1);
        expect(mix.value.channels[0]).toEqual(mean);
        expect(mix.value.fileChannels).toBe(channels);
        for (let c = 0; c <= channels; c++) {
          const one = readWav(file, { pick: c });
          if (!one.ok) throw new Error(one.error);
          expect(one.value.channels, `channel ${c} of ${channels}`).toEqual(c < channels ? [all.value.channels[c]] : []);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('reads float 64 and skips an odd-sized unknown chunk and its pad byte', () => {
    const samples = new Uint8Array(16);
    new DataView(samples.buffer).setFloat64(0, 0.1, true);
    new DataView(samples.buffer).setFloat64(8, -2.5, true);
    const odd = Uint8Array.from([...'junk'].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 9, 9, 9, 0]));
    const result = readWav(buildWav({ formatTag: 3, channels: 1, rate: 8, bits: 64, samples, extraChunks: [odd] }));
    expect(result.ok && Array.from(result.value.channels[0])).toEqual([0.1, -2.5]);
  });

  it('reads a streamed file whose data size was never filled in (0xFFFFFFFF)', () => {
    const result = readWav(buildWav({ formatTag: 1, channels: 1, rate: 8, bits: 16, samples: pcmBytes([1, -2, 3], 16), dataSize: 0xffffffff }));
    expect(result.ok && Array.from(result.value.channels[0])).toEqual([1 / 32768, -2 / 32768, 3 / 32768]);
  });
});

describe('writeWav', () => {
  it('writes 32-bit float with fmt, fact and data chunks, read back exactly', () => {
    const left = Float64Array.from([0, 0.5, -1, 0.25]);
    const right = Float64Array.from([1, -0.5, 0.125, 0]);
    const written = writeWav([left, right], 48000);
    if (!written.ok) throw new Error(written.error);
    const bytes = written.value;
    const view = new DataView(bytes.buffer);
    const text = (at: number) => String.fromCharCode(...bytes.slice(at, at + 4));
    expect([text(0), text(8), text(12), text(38), text(50)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'fact', 'data']);
    expect(view.getUint32(4, true)).toBe(bytes.length - 8);
    expect([view.getUint16(20, true), view.getUint16(22, true), view.getUint32(24, true), view.getUint32(28, true)]).toEqual([3, 2, 48000, 384000]);
    expect([view.getUint16(32, true), view.getUint16(34, true), view.getUint32(46, true), view.getUint32(54, true)]).toEqual([8, 32, 4, 32]);
    expect(view.getFloat32(58 + 4, true)).toBe(1); // frame 0, right channel: interleaved
    const back = readWav(bytes);
    expect(back.ok && back.value.channels.map((c) => Array.from(c))).toEqual([Array.from(left), Array.from(right)]);
    expect(back.ok && [back.value.rate, back.value.encoding, back.value.bits]).toEqual([48000, 'float', 32]);
  });

  it('rounds samples to float 32 and keeps mono mono', () => {
    const written = writeWav([Float64Array.from([0.1])], 8000);
    const back = written.ok ? readWav(written.value) : undefined;
    expect(back?.ok && back.value.channels.map((c) => Array.from(c))).toEqual([[Math.fround(0.1)]]);
  });

  it('refuses a rate WAV cannot store and channels of different lengths', () => {
    expect(writeWav([new Float64Array(2)], 100.5)).toEqual({
      ok: false,
      error: 'WAV: the sample rate must be a whole number from 1 to 4294967295 (got 100.5): resample or set the rate',
    });
    expect(writeWav([new Float64Array(2), new Float64Array(3)], 8000)).toEqual({
      ok: false,
      error: 'WAV: channel 1 has 3 samples but channel 0 has 2',
    });
  });
});

describe('readWav refuses with one line', () => {
  const good = buildWav({ formatTag: 1, channels: 1, rate: 8, bits: 16, samples: pcmBytes([1, 2, 3, 4], 16) });
  const cases: [string, Uint8Array, string][] = [
    ['a short file', good.slice(0, 6), 'WAV: only 6 bytes, too short for a WAV file'],
    ['a file that is not WAV', new TextEncoder().encode('hello, this is text'), 'WAV: not a WAV file (it does not start with RIFF…WAVE)'],
    ['truncated audio data', good.slice(0, good.length - 3), 'WAV: the data chunk says 8 bytes but only 5 follow: the file is truncated'],
    ['a file cut inside fmt', good.slice(0, 24), 'WAV: the fmt chunk is truncated'],
    ['a file without data', good.slice(0, 36), 'WAV: no data chunk (the file is truncated or holds no audio)'],
    ['ADPCM', buildWav({ formatTag: 2, channels: 1, rate: 8, bits: 4, samples: new Uint8Array(4) }), 'WAV: encoding 2 (0x2) is not supported: save as PCM or float WAV'],
    ['12-bit PCM', buildWav({ formatTag: 1, channels: 1, rate: 8, bits: 12, samples: new Uint8Array(4) }), 'WAV: 12-bit integer PCM is not supported (8, 16, 24 or 32 are)'],
    ['16-bit float', buildWav({ formatTag: 3, channels: 1, rate: 8, bits: 16, samples: new Uint8Array(4) }), 'WAV: 16-bit float is not supported (32 or 64 are)'],
  ];
  for (const [what, bytes, error] of cases) {
    it(what, () => expect(readWav(bytes)).toEqual({ ok: false, error }));
  }

  it('a file over the sample limit', () => {
    expect(readWav(good, { maxSamples: 3 })).toEqual({ ok: false, error: 'WAV: 4 samples is over the limit of 3: use a shorter file' });
  });

  it('never throws on random or mangled bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(), (noise, at) => {
        const mangled = good.slice();
        mangled.set(noise.slice(0, Math.max(0, mangled.length - (at % mangled.length))), at % mangled.length);
        for (const bytes of [noise, mangled]) {
          const result = readWav(bytes);
          if (!result.ok) expect(result.error).toMatch(/^WAV: [^\n]+$/);
        }
      }),
    );
  });
});

describe('WAV memory budget', () => {
  it('claims the float64 samples (8 bytes each, 8 times an 8-bit file) before allocating them', () => {
    // 8-bit mono, 1 MiB of samples: the decode holds 8 MiB of float64.
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'latin1');
    header.writeUInt32LE(36 + 1024 ** 2, 4);
    header.write('WAVEfmt ', 8, 'latin1');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(8000, 28);
    header.writeUInt16LE(1, 32);
    header.writeUInt16LE(8, 34);
    header.write('data', 36, 'latin1');
    header.writeUInt32LE(1024 ** 2, 40);
    const file = new Uint8Array(Buffer.concat([header, Buffer.alloc(1024 ** 2, 128)]));
    const claims: [number, string][] = [];
    expect(() =>
      readWav(file, {
        reserve: (bytes, what) => {
          claims.push([bytes, what]);
          throw new Error('over budget');
        },
      }),
    ).toThrow('over budget');
    expect(claims).toEqual([[8 * 1024 ** 2, '1048576 frames (2.2 min at 8000 Hz) of 1-channel audio']]);
    expect(readWav(file, { maxBytes: 4 * 1024 ** 2 })).toEqual({
      ok: false,
      error: 'WAV: 1048576 frames (2.2 min at 8000 Hz) of 1-channel audio would need 8 MiB, over the 4 MiB limit: use a smaller file',
    });
    const decoded = readWav(file, { maxBytes: 8 * 1024 ** 2 });
    expect(decoded.ok && decoded.value.channels[0].length).toBe(1024 ** 2);
  });

  it('claims one channel\'s samples when one channel or the mix is picked from a stereo file', () => {
    const frames = 1000;
    const file = buildWav({ formatTag: 1, channels: 2, rate: 8000, bits: 16, samples: pcmBytes(Array.from({ length: 2 * frames }, (_, i) => i - frames), 16) });
    for (const [pick, what] of [['mix', 'the mix of '], [1, 'one channel of ']] as const) {
      const claims: [number, string][] = [];
      expect(readWav(file, { pick, reserve: (bytes, label) => void claims.push([bytes, label]) }).ok).toBe(true);
      expect(claims).toEqual([[8 * frames, `${frames} frames (0.1 s at 8000 Hz) of ${what}2-channel audio`]]);
    }
    // A budget that holds one channel but not two: the mix is read, the whole file is refused.
    expect(readWav(file, { pick: 'mix', maxBytes: 8 * frames }).ok).toBe(true);
    expect(readWav(file, { maxBytes: 8 * frames }).ok).toBe(false);
  });
});
