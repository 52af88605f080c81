import { describe, expect, it } from 'vitest';
import { makeImage, makeSignal, makeVolume } from '../../src-shared/data';
import { valueMetadata, valueToCsv, valueToJson } from '../../src-shared/io/text';

describe('CSV export', () => {
  it('writes a signal as index,time,value in its own coordinates', () => {
    expect(valueToCsv(makeSignal(Float64Array.from([0.5, 0.1 + 0.2, -1]), -1, 4))).toBe(
      'index,time,value\n-1,-0.25,0.5\n0,0,0.30000000000000004\n1,0.25,-1\n',
    );
  });

  it('writes a spectrum as bin,frequency,re,im', () => {
    const spectrum = { kind: 'spectrum', re: Float64Array.from([1, 2]), im: Float64Array.from([0, -1]), rate: 8, start: 0, hermitian: false } as const;
    expect(valueToCsv(spectrum)).toBe('bin,frequency,re,im\n0,0,1,0\n1,4,2,-1\n');
  });

  it('writes an image as x,y,value relative to its origin, and with a channel column when it has several', () => {
    expect(valueToCsv(makeImage(Float32Array.from([1, 2, 3, 4]), 2, 2, { origin: { x: 1, y: 0 } }))).toBe(
      'x,y,value\n-1,0,1\n0,0,2\n-1,1,3\n0,1,4\n',
    );
    expect(valueToCsv(makeImage(Float32Array.from([1, 2]), 1, 1, { channels: 2 }))).toBe('channel,x,y,value\n0,0,0,1\n1,0,0,2\n');
  });

  it('writes a volume as x,y,z,value relative to its origin, x fastest, with a channel column when it has several', () => {
    const volume = makeVolume(Float32Array.from([1, 2, 3, 4]), 2, 1, 2, { origin: { x: 1, y: 0, z: 0.5 } });
    expect(valueToCsv(volume)).toBe('x,y,z,value\n-1,0,-0.5,1\n0,0,-0.5,2\n-1,0,0.5,3\n0,0,0.5,4\n');
    const two = makeVolume(Float32Array.from([1, 2]), 1, 1, 1, { channels: 2 });
    expect(valueToCsv(two)).toBe('channel,x,y,z,value\n0,0,0,0,1\n1,0,0,0,2\n');
  });

  it('writes a value record as name,value, quoting names that need it', () => {
    expect(valueToCsv({ kind: 'value', fields: { maxAbsError: 1e-12, 'a,b': 1 } })).toBe('name,value\nmaxAbsError,1e-12\n"a,b",1\n');
  });
});

describe('JSON export', () => {
  it('describes a value as FORMAT.md’s S.json does', () => {
    expect(valueMetadata(makeSignal(new Float64Array(3), 2, 100))).toEqual({ type: 'signal', start: 2, rate: 100, length: 3 });
    expect(valueMetadata(makeImage(new Float32Array(6), 3, 1, { channels: 2, origin: { x: 1, y: 0 } }))).toEqual({
      type: 'image', width: 3, height: 1, channels: 2, origin: { x: 1, y: 0 },
    });
    expect(valueMetadata({ kind: 'value', fields: { match: 1 } })).toEqual({ type: 'value', fields: { match: 1 } });
  });

  it('adds the samples, with null where JSON has no number', () => {
    expect(JSON.parse(valueToJson(makeSignal(Float64Array.from([1, Number.NaN]), 0, 1)))).toEqual({
      type: 'signal', start: 0, rate: 1, length: 2, data: [1, null],
    });
  });
});
