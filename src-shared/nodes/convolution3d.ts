/** Volume convolution for op.convolve and op.correlate, on the DSP core's convolve3d, channel by channel. */
import { makeVolume, type Volume } from '../data';
import {
  type Convolve3dMethod, type Convolve3dOptions, chooseFft3dBlocks, convolve3d,
  convolve3dGeometry, foldKernel3dForSame, resolveConvolve3dMethod,
} from '../dsp';
import { eachChannel, foldOnce, stackChannels } from './convolution2d';
import type { ConvolveParams } from './convolution';
import { fail, ok, type ComputeContext, type NodeResult } from './define';

/** The volume rotated by 180° on all three axes, its origin following (correlation = convolution with it). */
export function flipVolume(b: Volume): Volume {
  const size = b.width * b.height * b.depth;
  const data = new Float32Array(b.data.length);
  for (let c = 0; c < b.channels; c++) for (let i = 0; i < size; i++) data[c * size + size - 1 - i] = b.data[c * size + i]!;
  return makeVolume(data, b.width, b.height, b.depth, {
    channels: b.channels,
    origin: { x: b.width - 1 - b.origin.x, y: b.height - 1 - b.origin.y, z: b.depth - 1 - b.origin.z },
  });
}

/**
 * The kernel with its origin on a whole voxel: a volume made as data (centred, origin (n − 1)/2)
 * rounds half up, to floor(n/2), the centre scipy.ndimage gives an even kernel. Kernel nodes'
 * origins are whole already and stay as they are.
 */
export function voxelOrigin(b: Volume): Volume {
  const { x, y, z } = b.origin;
  if (Number.isInteger(x) && Number.isInteger(y) && Number.isInteger(z)) return b;
  return { ...b, origin: { x: Math.round(x), y: Math.round(y), z: Math.round(z) } };
}

/**
 * Bytes one band of convolve3dPlanes allocates beyond its output, by the method auto (or the
 * one asked for) would run: the ring of extended f64 planes (direct), the filtered planes
 * (separable), or the four f64 block spectra (FFT).
 */
export function convolve3dScratchBytes(
  width: number, height: number, depth: number, kernel: Float64Array, kw: number, kh: number, kd: number, options: Convolve3dOptions,
): number {
  const g = convolve3dGeometry(width, height, depth, kw, kh, kd, options);
  const s = g.stride;
  const padWidth = (g.width - 1) * s + kw, padHeight = (g.height - 1) * s + kh, outPlane = g.width * g.height;
  // The choice the bands make (the SIMD path's cost model where it runs), for the whole volume.
  const flipped = kernel.slice().reverse();
  const { method } = resolveConvolve3dMethod(options.method ?? 'auto', g.width, g.height, g.depth, flipped, kw, kh, kd, s);
  switch (method) {
    case 'direct': return 8 * kd * padWidth * padHeight;
    case 'separable': return 8 * (padWidth + padHeight * g.width + kd * outPlane);
    default: {
      const { nx, ny, nz } = chooseFft3dBlocks(padWidth, padHeight, (g.depth - 1) * s + 1, kd);
      return 4 * 8 * (nx / 2 + 1) * ny * nz;
    }
  }
}

/** The node's method names for volumes: overlap-add has no 3-D form here, so it runs as FFT blocks. */
function volumeMethod(method: ConvolveParams['method']): Convolve3dMethod {
  return method === 'overlap-add' ? 'fft' : method;
}

/**
 * Synchronous unless the engine lends threads (context.parallel). The output's origin follows the
 * input's: voxel i of the output sits at input position offset + i·stride, so in output voxels
 * the origin is (a.origin − offset) / stride.
 */
export function convolveVolumes(a: Volume, b: Volume, params: ConvolveParams, context: ComputeContext): NodeResult | Promise<NodeResult> {
  if (b.channels !== 1) return fail(`the kernel b has ${b.channels} channels: use a one-channel kernel`, { cause: { kind: 'channels', port: 'b', channels: b.channels } });
  const { stride } = params;
  // A kernel larger than the volume in 'same' mode is folded to the taps that read distinct voxels
  // (the output's size and place do not depend on the kernel's in 'same').
  const folded = params.mode === 'same'
    ? foldOnce(b.data, `${b.width}×${b.height}×${b.depth} at ${b.origin.x},${b.origin.y},${b.origin.z} on ${a.width}×${a.height}×${a.depth} ${params.boundary}`,
      () => foldKernel3dForSame(b.data, b.width, b.height, b.depth, b.origin.x, b.origin.y, b.origin.z, a.width, a.height, a.depth, params.boundary))
    : undefined;
  const kernel = folded ? folded.kernel : Float64Array.from(b.data);
  const width = folded ? folded.kernelWidth : b.width, height = folded ? folded.kernelHeight : b.height, depth = folded ? folded.kernelDepth : b.depth;
  const options: Convolve3dOptions = {
    method: volumeMethod(params.method),
    mode: params.mode,
    boundary: params.boundary,
    kernelOriginX: folded ? folded.kernelOriginX : b.origin.x,
    kernelOriginY: folded ? folded.kernelOriginY : b.origin.y,
    kernelOriginZ: folded ? folded.kernelOriginZ : b.origin.z,
    stride,
  };
  const g = convolve3dGeometry(a.width, a.height, a.depth, width, height, depth, options);
  if (g.width * g.height * g.depth === 0) {
    return fail(`the kernel (${b.width}×${b.height}×${b.depth}) is larger than the volume (${a.width}×${a.height}×${a.depth}), so valid keeps nothing: use full or same`);
  }
  const voxels = g.width * g.height * g.depth;
  const threads = context.parallel?.threads ?? 1;
  const scratch = convolve3dScratchBytes(a.width, a.height, a.depth, kernel, width, height, depth, options);
  // Output planes (and their copy into one array for several channels), the shared copy of the
  // input the band pool makes, and each thread's band scratch.
  context.reserve(
    voxels * a.channels * 4 * 2 + (context.parallel ? a.data.byteLength : 0) + threads * scratch,
    `a ${g.width}×${g.height}×${g.depth} convolution of a ${a.width}×${a.height}×${a.depth} volume`,
  );
  const size = a.width * a.height * a.depth;
  const channel = (c: number): Float32Array => a.data.subarray(c * size, (c + 1) * size);
  const finish = (channels: Float32Array[]): NodeResult => {
    return ok({
      out: makeVolume(stackChannels(channels, voxels), g.width, g.height, g.depth, {
        channels: a.channels,
        origin: { x: (a.origin.x - g.offsetX) / stride, y: (a.origin.y - g.offsetY) / stride, z: (a.origin.z - g.offsetZ) / stride },
      }),
    });
  };
  const parallel = context.parallel;
  return eachChannel(a.channels, context, finish,
    (c, onProgress) => convolve3d(channel(c), a.width, a.height, a.depth, kernel, width, height, depth, { ...options, onProgress }).data,
    parallel && (async (c, control) => (await parallel.convolve3d(channel(c), a.width, a.height, a.depth, kernel, width, height, depth, options, control)).data));
}
