/** Decoding of `getValue` answers (protocol.ts `FullValue`): base64 of little-endian floats. */
function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function decodeFloat64(base64: string): Float64Array {
  const bytes = bytesOf(base64);
  return new Float64Array(bytes.buffer, 0, bytes.byteLength >> 3);
}

export function decodeFloat32(base64: string): Float32Array {
  const bytes = bytesOf(base64);
  return new Float32Array(bytes.buffer, 0, bytes.byteLength >> 2);
}
