import { describe, expect, it } from 'vitest';
import type { Image, Signal } from '../../src-shared/data';
import { writePng } from '../../src-shared/io/image';
import { readNpy } from '../../src-shared/io/npy';
import { writeWav } from '../../src-shared/io/wav';
import { type ComputeContext, ResourceLimitError } from '../../src-shared/nodes/define';
import { img, runNode, sig, testContext, value } from './harness';

function withFiles(files: Record<string, Uint8Array>, written: Record<string, Uint8Array> = {}): ComputeContext {
  return {
    ...testContext,
    readFile: async (path) => {
      const bytes = files[path];
      if (!bytes) throw new Error(`cannot read ${path}: no such file`);
      return bytes;
    },
    writeFile: async (path, bytes) => {
      written[path] = bytes;
    },
  };
}

/** A 16-bit PCM stereo WAV written byte by byte, independent of the codec. */
function pcm16Stereo(left: number[], right: number[], rate: number): Uint8Array {
  const frames = left.length;
  const bytes = new Uint8Array(44 + frames * 4);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + frames * 4, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 2, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 4, true);
  view.setUint16(32, 4, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, frames * 4, true);
  for (let i = 0; i < frames; i++) {
    view.setInt16(44 + 4 * i, left[i], true);
    view.setInt16(46 + 4 * i, right[i], true);
  }
  return bytes;
}

describe('source.audio', () => {
  const wav = pcm16Stereo([16384, -32768], [0, 8192], 22050);
  it('scales 16-bit PCM by 1/32768 at the file\'s rate; mix averages, left and right pick', async () => {
    const context = withFiles({ 'a.wav': wav });
    const mix = await runNode('source.audio', {}, { path: 'a.wav' }, context);
    const left = await runNode('source.audio', {}, { path: 'a.wav', channel: 'left' }, context);
    const right = await runNode('source.audio', {}, { path: 'a.wav', channel: 'right' }, context);
    expect(mix.ok && [...(mix.out as Signal).data]).toEqual([0.25, -0.375]);
    expect(mix.ok && (mix.out as Signal).rate).toBe(22050);
    expect(left.ok && [...(left.out as Signal).data]).toEqual([0.5, -1]);
    expect(right.ok && [...(right.out as Signal).data]).toEqual([0, 0.25]);
  });

  it('says what is wrong with a missing path, a mono file\'s right channel, and a non-WAV file', async () => {
    const mono = writeWav([Float64Array.of(0.5)], 8000);
    if (!mono.ok) throw new Error(mono.error);
    const context = withFiles({ 'm.wav': mono.value, 'x.wav': Uint8Array.of(1, 2, 3) });
    expect(await runNode('source.audio', {}, {}, context)).toEqual({ ok: false, error: 'no file chosen: choose a WAV file (path)' });
    expect(await runNode('source.audio', {}, { path: 'm.wav', channel: 'right' }, context)).toEqual({ ok: false, error: 'm.wav is mono, so it has no right channel: use channel mix or left' });
    const bad = await runNode('source.audio', {}, { path: 'x.wav' }, context);
    expect(bad.ok === false && bad.error).toMatch(/^x\.wav: WAV: /);
  });
});

describe('source.audio against the budget', () => {
  it('a recording too long for the run says how long it is and what to do', async () => {
    const frames = 48000 * 90;
    const file = pcm16Stereo(new Array(frames).fill(0), new Array(frames).fill(0), 48000);
    const context: ComputeContext = {
      ...withFiles({ 'long.wav': file }),
      reserve: (bytes, what) => {
        if (bytes > 1024 ** 2) throw new ResourceLimitError(`${what} would need ${(bytes / 1024 ** 2).toFixed(1)} MiB, over the 1.0 MiB limit: use smaller inputs or sizes`);
      },
    };
    expect(await runNode('source.audio', {}, { path: 'long.wav' }, context)).toEqual({
      ok: false,
      error:
        '4320000 frames (1.5 min at 48000 Hz) of the mix of 2-channel audio would need 33.0 MiB, over the 1.0 MiB limit: use smaller inputs or sizes; ' +
        'a signal takes 8 bytes a sample: cut the recording into shorter parts, each a run of its own (convolab run --each)',
    });
  });
});

describe('source.image', () => {
  it('reads a PNG as gray (Rec. 601) or RGB in [0, 1]', async () => {
    const rgb = img([1, 0, 0, 1, 0, 0], 2, 1, { channels: 3 });
    const png = writePng(rgb);
    if (!png.ok) throw new Error(png.error);
    const context = withFiles({ 'p.png': png.value });
    const gray = await runNode('source.image', {}, { path: 'p.png' }, context);
    expect(gray.ok && (gray.out as Image).channels).toBe(1);
    expect(gray.ok && [...(gray.out as Image).data].map((x) => +x.toFixed(4))).toEqual([0.299, 0.587]);
    const colour = await runNode('source.image', {}, { path: 'p.png', mode: 'rgb' }, context);
    expect(colour.ok && [...(colour.out as Image).data]).toEqual([1, 0, 0, 1, 0, 0]);
  });
});

describe('sink.file', () => {
  it('writes by the path\'s ending and passes the value on as its sink', async () => {
    const written: Record<string, Uint8Array> = {};
    const context = withFiles({}, written);
    const s = sig([0.5, -0.25], 0, 8000);
    const outcome = await runNode('sink.file', { in: s }, { path: 'out/x.npy' }, context);
    expect(outcome.ok && outcome.sink).toBe(s);
    const npy = readNpy(written['out/x.npy']);
    expect(npy.ok && [...npy.value.data]).toEqual([0.5, -0.25]);
    await runNode('sink.file', { in: s }, { path: 'x.wav' }, context);
    expect(String.fromCharCode(...written['x.wav'].subarray(0, 4))).toBe('RIFF');
    await runNode('sink.file', { in: s }, { path: 'x.dat', format: 'json' }, context);
    expect(JSON.parse(new TextDecoder().decode(written['x.dat']))).toMatchObject({ type: 'signal', data: [0.5, -0.25] });
  });

  it('reserves a WAV\'s own bytes (4 a sample and its header), not 8 a sample: a 30-minute stereo mix fits with its file', async () => {
    const written: Record<string, Uint8Array> = {};
    const reserved: number[] = [];
    const context: ComputeContext = { ...withFiles({}, written), reserve: (bytes) => void reserved.push(bytes) };
    const s = sig(Array.from({ length: 1001 }, (_, i) => Math.sin(i)), 0, 8000);
    await runNode('sink.file', { in: s }, { path: 'x.wav' }, context);
    expect(reserved).toEqual([written['x.wav'].byteLength]);
    expect(written['x.wav'].byteLength).toBe(58 + 4 * 1001);
  });

  it('refuses an unknown ending and a type the format cannot hold; in the editor, shows what convolab run would write', async () => {
    const context = withFiles({});
    expect(await runNode('sink.file', { in: sig([1]) }, { path: 'x.txt' }, context)).toEqual({ ok: false, error: 'cannot tell the format from x.txt: end it in .wav, .png, .csv, .json, .npy or set format' });
    expect(await runNode('sink.file', { in: sig([1]) }, { path: 'x.png' }, context)).toEqual({ ok: false, error: 'PNG holds an image, but a signal is connected: use wav, csv, json or npy' });
    // In the editor (no file writing): nothing failed; it shows the value and who writes the file.
    const signal = sig([1, 2]);
    const shown = await runNode('sink.file', { in: signal }, { path: 'x.npy' });
    expect(shown).toMatchObject({ ok: true, info: 'not written here: convolab run writes x.npy; Export saves it now' });
    expect(shown.ok && shown.sink).toBe(signal);
    // A format that cannot hold the value is an error there too, before convolab run meets it.
    expect(await runNode('sink.file', { in: signal }, { path: 'x.png' })).toEqual({ ok: false, error: 'PNG holds an image, but a signal is connected: use wav, csv, json or npy' });
    // So is a WAV of a signal whose rate is not a whole number, which only convolab run refused before.
    const odd = sig([0.5, 0.25], 0, 100.5);
    const oddError = "a WAV's sample rate is a whole number of samples a second, but this signal's is 100.5: set a whole rate where the signal is made, or use npy";
    expect(await runNode('sink.file', { in: odd }, { path: 'x.wav' })).toEqual({ ok: false, error: oddError });
    expect(await runNode('sink.file', { in: odd }, { path: 'x.wav' }, context)).toEqual({ ok: false, error: oddError });
  });

  it('warns, in the editor and on a run, when the file will not keep the value as it is: a WAV\'s start and peaks past ±1, PNG values outside [0, 1]', async () => {
    const written: Record<string, Uint8Array> = {};
    const context = withFiles({}, written);
    // A full convolution with a centred 49-tap kernel starts at k = −24: a WAV drops that, so the
    // file is 24 samples late against its input (0.544 ms at 44.1 kHz).
    const late = sig([0.1, 0.2, 0.3], -24, 44100);
    const lateRun = await runNode('sink.file', { in: late }, { path: 'wet.wav' }, context);
    expect(lateRun).toMatchObject({ ok: true, warning: true });
    expect(lateRun.ok && lateRun.info).toBe(
      "wrote wet.wav: a WAV keeps no start: this one begins at k = -24, so it plays 24 samples (0.544 ms) late against its input; Convolve's mode same keeps the input's timing",
    );
    expect(written['wet.wav']).toBeDefined();
    // A reverb whose sum grew past full scale: kept in the float file, clipped by players.
    const loud = sig([0.5, -1.4, 1.05], 0, 8000);
    const loudShown = await runNode('sink.file', { in: loud }, { path: 'mix.wav' });
    expect(loudShown).toMatchObject({ ok: true, warning: true });
    expect(loudShown.ok && loudShown.info).toBe(
      'samples reach ±1.4, past full scale (±1): the 32-bit float file keeps them, but players and 16-bit copies clip; Scale by 0.714 before it (not written here: convolab run writes mix.wav; Export saves it now)',
    );
    // An edge map: half its values are negative and a PNG writes them as black.
    const edges = img([-0.5, 0.25, 0.5, 2], 2, 2);
    const edgesRun = await runNode('sink.file', { in: edges }, { path: 'edges.png' }, context);
    expect(edgesRun).toMatchObject({ ok: true, warning: true });
    expect(edgesRun.ok && edgesRun.info).toBe('wrote edges.png: a PNG keeps [0, 1]: 50 % of the values clip (they span [-0.5, 2]); Normalise (to range) before it keeps them');
    // Just past half a byte's step is a loss: 1 + 0.6/255 would be byte 256.
    const over = await runNode('sink.file', { in: img([0, 0.5, 1 + 0.6 / 255, 0.25], 2, 2) }, { path: 'over.png' }, context);
    expect(over).toMatchObject({ ok: true, warning: true });
    // What a file keeps whole draws no warning: a WAV from k = 0 within ±1, a PNG within [0, 1], any
    // NPY; nor does rounding past them by less than the file's step (a blur's 1.0000001 and -3e-9
    // write the bytes 255 and 0 either way, a normalised 1.0000000000000002 the same 16-bit sample).
    const rounded = img([Math.fround(1 + 2 ** -23), -3e-9, 0.5, 1 + 0.4 / 255], 2, 2);
    for (const [input, path] of [[sig([0.5, -1, 1], 0, 8000), 'ok.wav'], [img([0, 0.5, 1, 0.25], 2, 2), 'ok.png'], [late, 'ok.npy'], [edges, 'edges.npy'], [rounded, 'blur.png'], [sig([0.5, 1 + 2 ** -52], 0, 8000), 'normal.wav']] as const) {
      const outcome = await runNode('sink.file', { in: input }, { path }, context);
      expect(outcome, path).toEqual({ ok: true, out: input, sink: input, info: `wrote ${path}` });
    }
  });

  it('names formats and an example file that hold what is connected: a volume is no WAV or PNG, an image no WAV', async () => {
    const volume = await value('source.phantom3d', {}, { size: 8 });
    const image = img([0, 1, 1, 0], 2, 2);
    expect(await runNode('sink.file', { in: volume }, { path: 'x.png' })).toEqual({ ok: false, error: 'PNG holds an image, but a volume is connected: use csv, json or npy' });
    expect(await runNode('sink.file', { in: image }, { path: 'x.wav' })).toEqual({ ok: false, error: 'WAV holds a signal, but an image is connected: use png, csv, json or npy' });
    // Dropped with no path: the example name fits what is connected.
    expect(await runNode('sink.file', { in: image }, {})).toEqual({ ok: false, error: 'no file chosen: name the file to write (path), e.g. out.png' });
    expect(await runNode('sink.file', { in: volume }, {})).toEqual({ ok: false, error: 'no file chosen: name the file to write (path), e.g. out.npy' });
    expect(await runNode('sink.file', { in: sig([1]) }, {})).toEqual({ ok: false, error: 'no file chosen: name the file to write (path), e.g. out.wav' });
  });
});
