/**
 * Decoding of `getValue` answers (protocol.ts `FullValue`): base64 of little-endian floats, by the
 * one codec of every layer (src-shared/io/base64.ts).
 */
export { decodeFloat32, decodeFloat64 } from '../../src-shared/io/base64';
