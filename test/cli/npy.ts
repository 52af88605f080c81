/** A minimal reader of NPY v1 `<f8` files, independent of the writer under test. */
export function readNpy(bytes: Uint8Array): { shape: number[]; data: Float64Array; descr: string; fortran: boolean } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not an npy file');
  const headerLength = bytes[8] | (bytes[9] << 8);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  if ((10 + headerLength) % 64 !== 0) throw new Error('header not padded to 64 bytes');
  const descr = /'descr': '([^']+)'/.exec(header)![1];
  const fortran = /'fortran_order': (True|False)/.exec(header)![1] === 'True';
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const offset = 10 + headerLength;
  const count = shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat64(i * 8, true);
  if (bytes.length - offset !== count * 8) throw new Error(`data has ${bytes.length - offset} bytes, expected ${count * 8}`);
  return { shape, data, descr, fortran };
}
