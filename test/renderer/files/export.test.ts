import { describe, expect, it } from 'vitest';
import { readPng } from '../../../src-shared/io/image';
import { readNpy } from '../../../src-shared/io/npy';
import { readWav } from '../../../src-shared/io/wav';
import type { FullValue } from '../../../src-shared/protocol';
import { colourImage, exportBytes, exportFormats, exportName, withGraph } from '../../../src-renderer/files/export';
import { graphInPng, MAX_EMBEDDED_GRAPH_BYTES } from '../../../src-shared/io/png-text';
import { DEFAULT_DISPLAY } from '../../../src-renderer/panels/colormap';

const samples = Float64Array.from({ length: 200 }, (_, k) => Math.sin(k / 7) * 0.8 + (k % 3) * 0.01);
const signal: FullValue = { kind: 'signal', start: -3, rate: 8000, length: samples.length, step: 1, data: samples };

function bytes(full: FullValue, format: Parameters<typeof exportBytes>[1]): Uint8Array {
  const result = exportBytes(full, format, DEFAULT_DISPLAY);
  if (!result.ok) throw new Error(result.error);
  return result.bytes;
}

describe('export of a wire\'s value', () => {
  it('offers the formats that fit each kind of value', () => {
    expect(exportFormats('signal')).toEqual(['wav', 'csv', 'npy', 'json']);
    expect(exportFormats('spectrum')).toEqual(['csv', 'npy', 'json']);
    expect(exportFormats('image')).toEqual(['png', 'npy']);
    expect(exportFormats('value')).toEqual(['csv', 'json']);
  });

  it('writes a signal as a float WAV at its rate that reads back sample for sample', () => {
    const wav = readWav(bytes(signal, 'wav'));
    if (!wav.ok) throw new Error(wav.error);
    expect(wav.value.rate).toBe(8000);
    expect(wav.value.encoding).toBe('float');
    expect(wav.value.channels).toHaveLength(1);
    wav.value.channels[0].forEach((value, k) => expect(value).toBeCloseTo(samples[k], 6));
  });

  it('writes a signal as NPY (float64, exact) and as CSV with index and time', () => {
    const npy = readNpy(bytes(signal, 'npy'));
    if (!npy.ok) throw new Error(npy.error);
    expect(npy.value.shape).toEqual([200]);
    expect([...npy.value.data]).toEqual([...samples]);
    const lines = new TextDecoder().decode(bytes(signal, 'csv')).trim().split('\n');
    expect(lines[0]).toBe('index,time,value');
    expect(lines).toHaveLength(201);
    const [index, time, value] = lines[4].split(',').map(Number);
    expect(index).toBe(0);
    expect(time).toBe(0);
    expect(value).toBe(samples[3]);
  });

  it('writes a spectrum as (re, im) pairs', () => {
    const re = Float64Array.from([1, 0, -1, 0.5]);
    const im = Float64Array.from([0, 2, 0, -0.5]);
    const spectrum: FullValue = { kind: 'spectrum', start: 0, rate: 4, hermitian: false, length: 4, step: 1, re: re, im: im };
    const npy = readNpy(bytes(spectrum, 'npy'));
    if (!npy.ok) throw new Error(npy.error);
    expect(npy.value.shape).toEqual([4, 2]);
    expect([...npy.value.data]).toEqual([1, 0, 0, 2, -1, 0, 0.5, -0.5]);
  });

  it('writes a one-channel image as a PNG in its colour map over its range (gray: min black, max white)', () => {
    const width = 5;
    const height = 3;
    const data = Float32Array.from({ length: width * height }, (_, i) => i * 2 - 4);
    const image: FullValue = { kind: 'image', fromSpectrum: false, fullWidth: width, fullHeight: height, width, height, channels: 1, origin: { x: 0, y: 0 }, data: data };
    const png = readPng(bytes(image, 'png'));
    if (!png.ok) throw new Error(png.error);
    expect([png.value.width, png.value.height]).toEqual([width, height]);
    const plane = width * height;
    for (let i = 0; i < plane; i++) {
      const expected = Math.round(((data[i] - -4) / (24 - -4)) * 255) / 255;
      expect(png.value.data[i]).toBeCloseTo(expected, 5);
    }
    // The diverging map puts zero in the middle, light, and the ends blue and red.
    const rgb = colourImage(Float32Array.from([-1, 0, 1]), 3, 1, { colormap: 'diverging', range: 'symmetric', log: false });
    expect(rgb[0] < rgb[6]).toBe(true);
    expect(rgb[2] > rgb[8]).toBe(true);
    expect(rgb[1]).toBeGreaterThan(0.8);
  });

  it('writes an image as NPY of its values, whatever its range', () => {
    const data = Float32Array.from([0.5, -3, 100, 7.25]);
    const image: FullValue = { kind: 'image', fromSpectrum: false, fullWidth: 2, fullHeight: 2, width: 2, height: 2, channels: 1, origin: { x: 1, y: 1 }, data: data };
    const npy = readNpy(bytes(image, 'npy'));
    if (!npy.ok) throw new Error(npy.error);
    expect(npy.value.shape).toEqual([2, 2]);
    expect([...npy.value.data]).toEqual([0.5, -3, 100, 7.25]);
  });

  it('refuses a value the host had to reduce, and a PNG of many channels, saying what to do', () => {
    const strided: FullValue = { ...signal, length: 40_000_000, step: 3 } as FullValue;
    expect(exportBytes(strided, 'wav', DEFAULT_DISPLAY)).toEqual({
      ok: false,
      error: '40000000 samples are more than an export carries (16777216): add a File sink (sink.file) after it and run the graph with convolab run',
    });
    const scaled: FullValue = { kind: 'image', fromSpectrum: false, fullWidth: 9000, fullHeight: 10, width: 4500, height: 5, channels: 1, origin: { x: 0, y: 0 }, data: new Float32Array(0) };
    expect(exportBytes(scaled, 'png', DEFAULT_DISPLAY)).toEqual({ ok: false, error: expect.stringMatching(/9000×10 image is larger.*: add a File sink \(sink\.file\) after it and run the graph with convolab run$/) });
    const maps: FullValue = { kind: 'image', fromSpectrum: false, fullWidth: 1, fullHeight: 1, width: 1, height: 1, channels: 4, origin: { x: 0, y: 0 }, data: new Float32Array(4) };
    expect(exportBytes(maps, 'png', DEFAULT_DISPLAY)).toEqual({ ok: false, error: expect.stringMatching(/this image has 4: export NPY/) });
  });

  it('writes the graph into every PNG, RGB and colour-mapped, and the picture reads the same', () => {
    const graph = '{"format":"convolab.graph","version":2,"nodes":[],"edges":[]}';
    const gray: FullValue = { kind: 'image', fromSpectrum: false, fullWidth: 3, fullHeight: 2, width: 3, height: 2, channels: 1, origin: { x: 0, y: 0 }, data: Float32Array.from([0, 1, 2, 3, 4, 5]) };
    const rgb: FullValue = { ...gray, channels: 3, data: Float32Array.from({ length: 18 }, (_, i) => (i % 5) / 4) };
    for (const full of [gray, rgb]) {
      const carrying = exportBytes(full, 'png', DEFAULT_DISPLAY, graph);
      if (!carrying.ok) throw new Error(carrying.error);
      expect(carrying.warning).toBeUndefined();
      expect(graphInPng(carrying.bytes)).toEqual({ ok: true, value: graph });
      const plain = readPng(bytes(full, 'png'), { mode: 'rgb' });
      const read = readPng(carrying.bytes, { mode: 'rgb' });
      if (!plain.ok || !read.ok) throw new Error('unreadable PNG');
      expect([...read.value.data]).toEqual([...plain.value.data]);
    }
    // Without a graph nothing is added; other formats never carry one.
    expect(graphInPng(bytes(gray, 'png'))).toEqual({ ok: true, value: undefined });
    const npy = exportBytes(gray, 'npy', DEFAULT_DISPLAY, graph);
    expect(npy.ok && readNpy(npy.bytes).ok).toBe(true);
  });

  it('still gives the picture when the graph is over the cap, and says the graph stayed out', () => {
    const png = bytes({ kind: 'image', fromSpectrum: false, fullWidth: 1, fullHeight: 1, width: 1, height: 1, channels: 1, origin: { x: 0, y: 0 }, data: new Float32Array(1) }, 'png');
    const result = withGraph(png, 'x'.repeat(MAX_EMBEDDED_GRAPH_BYTES + 1));
    expect(result).toEqual({ ok: true, bytes: png, warning: expect.stringMatching(/does not carry its graph: .*over the 1024 KB a PNG carries/) });
  });

  it('names the file after the node, safely', () => {
    expect(exportName('wet', 'wav')).toBe('wet.wav');
    expect(exportName('../etc/passwd', 'csv')).toBe('__etc_passwd.csv');
    expect(exportName('plot', 'png', '-preview')).toBe('plot-preview.png');
  });
});
