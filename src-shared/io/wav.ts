/**
 * WAV (RIFF WAVE) reading and writing, bytes in and out: no OS access.
 *
 * Reads PCM 8/16/24/32-bit integer and IEEE float 32/64, any channel count, plain or
 * WAVE_FORMAT_EXTENSIBLE. Integer PCM is scaled by 1/2^(bits−1) (NODES.md, `source.audio`), so
 * 16-bit −32768 is exactly −1; 8-bit WAV is unsigned with 128 as zero. Chunks other than `fmt `
 * and `data` are skipped, including RIFF's pad byte after an odd-sized chunk. A `data` chunk
 * whose size says 0 or 0xFFFFFFFF while it is the last chunk (written by a stream that never
 * went back to fix the header) is read to the end of the file; any other size past the end is
 * a truncated file and refused. Nothing is allocated from a declared size: only from the bytes
 * present, and only once the memory budget (`reserve`) grants it.
 *
 * Writes IEEE float 32 (format 3, with the `fact` chunk the spec asks of non-PCM files),
 * any channel count, at a whole-number rate.
 */
import { claimDecode, type CodecResult, type DecodeBudget, failure, success } from './result';

export interface WavAudio {
  readonly rate: number;
  /**
   * One array per channel, samples in [−1, 1) for integer PCM; with `pick`, the one picked (none
   * when the file lacks that channel).
   */
  readonly channels: Float64Array[];
  /** How many channels the file holds. */
  readonly fileChannels: number;
  readonly encoding: 'pcm' | 'float';
  /** Bits per sample in the file (its container size, e.g. 24 for 20-bit audio in 24). */
  readonly bits: number;
}

export interface WavReadOptions extends DecodeBudget {
  /** Refuse files holding more samples (frames × channels) than this; 2^28 by default (2 GiB of float64). */
  readonly maxSamples?: number;
  /**
   * Decode only channel `pick` (0 is the left), or only their mean ('mix', summed channel by
   * channel, each sample divided by the count): a long stereo file's mix then costs one array, not
   * one per channel and the mix besides.
   */
  readonly pick?: number | 'mix';
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

function tag(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

export function readWav(bytes: Uint8Array, options: WavReadOptions = {}): CodecResult<WavAudio> {
  const maxSamples = options.maxSamples ?? 2 ** 28;
  if (bytes.length < 12) return failure(`WAV: only ${bytes.length} bytes, too short for a WAV file`);
  const riff = tag(bytes, 0);
  if (riff === 'RF64' || riff === 'RIFX') return failure(`WAV: ${riff} files are not supported (save as a plain RIFF WAV)`);
  if (riff !== 'RIFF' || tag(bytes, 8) !== 'WAVE') return failure('WAV: not a WAV file (it does not start with RIFF…WAVE)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  let format: { tag: number; channels: number; rate: number; blockAlign: number; bits: number } | undefined;
  let data: { offset: number; size: number } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(bytes, at);
    const declared = view.getUint32(at + 4, true);
    const body = at + 8;
    const remaining = bytes.length - body;
    if (id === 'data') {
      let size = declared;
      if (size > remaining) {
        if (declared === 0xffffffff) size = remaining;
        else return failure(`WAV: the data chunk says ${declared} bytes but only ${remaining} follow: the file is truncated`);
      } else if (size === 0 && format !== undefined) size = remaining; // a stream that never wrote its size
      data = { offset: body, size };
      if (format) break;
    } else if (id === 'fmt ') {
      if (declared < 16 || declared > remaining) return failure(`WAV: the fmt chunk is ${declared > remaining ? 'truncated' : `only ${declared} bytes`}`);
      let formatTag = view.getUint16(body, true);
      const bits = view.getUint16(body + 14, true);
      if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
        if (declared < 40) return failure(`WAV: an extensible fmt chunk needs 40 bytes (got ${declared})`);
        formatTag = view.getUint16(body + 24, true); // the first two bytes of the SubFormat GUID
      }
      format = {
        tag: formatTag,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits,
      };
      if (data) break;
    }
    if (declared > remaining) break;
    at = body + declared + (declared & 1);
  }
  if (!format) return failure('WAV: no fmt chunk (the file is truncated or not audio)');
  if (!data) return failure('WAV: no data chunk (the file is truncated or holds no audio)');

  const { channels, rate, bits } = format;
  if (channels === 0) return failure('WAV: the file says it has 0 channels');
  if (rate === 0) return failure('WAV: the file says its sample rate is 0');
  let encoding: 'pcm' | 'float';
  if (format.tag === WAVE_FORMAT_PCM) {
    if (bits !== 8 && bits !== 16 && bits !== 24 && bits !== 32) return failure(`WAV: ${bits}-bit integer PCM is not supported (8, 16, 24 or 32 are)`);
    encoding = 'pcm';
  } else if (format.tag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits !== 32 && bits !== 64) return failure(`WAV: ${bits}-bit float is not supported (32 or 64 are)`);
    encoding = 'float';
  } else {
    return failure(`WAV: encoding ${format.tag} (0x${format.tag.toString(16)}) is not supported: save as PCM or float WAV`);
  }
  const bytesPerSample = bits / 8;
  const frameSize = bytesPerSample * channels;
  if (format.blockAlign !== frameSize) {
    return failure(`WAV: block align ${format.blockAlign} does not match ${channels} channels of ${bits} bits`);
  }
  const frames = Math.floor(data.size / frameSize);
  if (frames * channels > maxSamples) {
    return failure(`WAV: ${frames * channels} samples is over the limit of ${maxSamples}: use a shorter file`);
  }
  const { pick } = options;
  const decoded = pick === undefined ? channels : pick === 'mix' || pick < channels ? 1 : 0;
  // The samples become float64: up to 8 times the bytes an 8-bit file holds.
  // The length in time too: a refusal of a long recording says how long it is, not only its count.
  const seconds = frames / rate;
  const duration = seconds >= 60 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(1)} s`;
  const refused = claimDecode(options, frames * decoded * 8, `${frames} frames (${duration} at ${rate} Hz) of ${decoded === channels ? '' : pick === 'mix' ? 'the mix of ' : 'one channel of '}${channels}-channel audio`);
  if (refused) return failure(`WAV: ${refused}`);

  const output = Array.from({ length: decoded }, () => new Float64Array(frames));
  const read = sampleReader(encoding, bits, bytes, view);
  // File channel c into `out`: written as it is, or (mixing `count` channels) added divided by count.
  const decode = (c: number, out: Float64Array, count?: number): void => {
    let p = data.offset + c * bytesPerSample;
    if (count === undefined) for (let k = 0; k < frames; k++, p += frameSize) out[k] = read(p);
    else for (let k = 0; k < frames; k++, p += frameSize) out[k] = out[k]! + read(p) / count;
  };
  if (pick === undefined) for (let c = 0; c < channels; c++) decode(c, output[c]!);
  else if (pick === 'mix') for (let c = 0; c < channels; c++) decode(c, output[0]!, channels);
  else if (decoded === 1) decode(pick, output[0]!);
  return success({ rate, channels: output, fileChannels: channels, encoding, bits });
}

/** The sample at byte p of a file of this encoding, as a number (integer PCM scaled to [−1, 1)). */
function sampleReader(encoding: 'pcm' | 'float', bits: number, bytes: Uint8Array, view: DataView): (p: number) => number {
  switch (encoding === 'float' ? -bits : bits) {
    case 8: return (p) => (bytes[p]! - 128) / 128;
    case 16: return (p) => view.getInt16(p, true) / 32768;
    // Sign-extends 24 bits.
    case 24: return (p) => (((bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16)) << 8) >> 8) / 8388608;
    case 32: return (p) => view.getInt32(p, true) / 2147483648;
    case -32: return (p) => view.getFloat32(p, true);
    default: return (p) => view.getFloat64(p, true);
  }
}

/** The bytes writeWav returns for `frames` frames of `channels` channels: a 58-byte header, then 4 a sample. */
export function wavFileBytes(frames: number, channels: number): number {
  const dataSize = frames * channels * 4;
  return 58 + dataSize + (dataSize & 1);
}

/** Mono or multi-channel 32-bit float WAV; every channel must be equally long. */
export function writeWav(channels: readonly ArrayLike<number>[], rate: number): CodecResult<Uint8Array> {
  if (channels.length === 0 || channels.length > 65535) return failure(`WAV: needs 1 to 65535 channels (got ${channels.length})`);
  if (!Number.isInteger(rate) || rate < 1 || rate > 0xffffffff) {
    return failure(`WAV: the sample rate must be a whole number from 1 to 4294967295 (got ${rate}): resample or set the rate`);
  }
  const frames = channels[0]!.length;
  const uneven = channels.findIndex((channel) => channel.length !== frames);
  if (uneven >= 0) return failure(`WAV: channel ${uneven} has ${channels[uneven]!.length} samples but channel 0 has ${frames}`);
  const count = channels.length;
  const dataSize = frames * count * 4;
  if (dataSize > 0xffffffff - 58) return failure(`WAV: ${dataSize} bytes of audio is over the 4 GiB a WAV file can hold`);
  const bytes = new Uint8Array(wavFileBytes(frames, count));
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string): void => {
    for (let i = 0; i < 4; i++) bytes[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 18, true);
  view.setUint16(20, WAVE_FORMAT_IEEE_FLOAT, true);
  view.setUint16(22, count, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * count * 4, true);
  view.setUint16(32, count * 4, true);
  view.setUint16(34, 32, true);
  view.setUint16(36, 0, true); // cbSize
  ascii(38, 'fact');
  view.setUint32(42, 4, true);
  view.setUint32(46, frames, true);
  ascii(50, 'data');
  view.setUint32(54, dataSize, true);
  let p = 58;
  for (let k = 0; k < frames; k++) {
    for (let c = 0; c < count; c++, p += 4) view.setFloat32(p, channels[c]![k]!, true);
  }
  return success(bytes);
}
