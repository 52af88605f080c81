/** Image convolution for op.convolve and op.correlate, on the DSP core's convolve2d, channel by channel. */
import { makeImage, type Image } from '../data';
import { type BoundaryMode, type Convolve2dMethod, type Convolve2dMode, convolve2d, convolve2dGeometry } from '../dsp';
import { fail, ok, stringParam, type ComputeContext, type NodeResult, type ResolvedParams } from './define';

/** The node's method names for images: overlap-add has no 2-D form here, so it runs as one FFT. */
function imageMethod(method: string): Convolve2dMethod {
  return method === 'overlap-add' ? 'fft' : (method as Convolve2dMethod);
}

/**
 * Synchronous unless the engine lends threads (context.parallel), so callers that time a compute
 * directly (the profiler) get a plain result.
 */
export function convolveImages(a: Image, b: Image, params: ResolvedParams, context: ComputeContext): NodeResult | Promise<NodeResult> {
  if (b.channels !== 1) return fail(`the kernel b has ${b.channels} channels: use a one-channel kernel (op.channel or op.gray)`, { cause: { kind: 'channels', port: 'b', channels: b.channels } });
  const mode = stringParam(params, 'mode') as Convolve2dMode;
  const options = {
    method: imageMethod(stringParam(params, 'method')),
    mode,
    boundary: stringParam(params, 'boundary') as BoundaryMode,
    kernelOriginX: b.origin.x,
    kernelOriginY: b.origin.y,
  };
  const geometry = convolve2dGeometry(a.width, a.height, b.width, b.height, options);
  if (geometry.width === 0 || geometry.height === 0) {
    return fail(`the kernel (${b.width}×${b.height}) is larger than the image (${a.width}×${a.height}), so valid keeps nothing: use full or same`);
  }
  const plane = geometry.width * geometry.height;
  context.reserve(plane * a.channels * 4 * 3, `a ${geometry.width}×${geometry.height} convolution`);
  const kernel = Float64Array.from(b.data);
  const inPlane = a.width * a.height;
  const channel = (c: number): Float32Array => a.data.subarray(c * inPlane, (c + 1) * inPlane);
  const progress = (c: number) => (f: number): void => context.progress((c + f) / a.channels);
  const finish = (planes: Float32Array[]): NodeResult => {
    // One image (16 MB at 2048²) is enough for a single channel: its plane is the output.
    let data = planes[0]!;
    if (planes.length > 1) {
      data = new Float32Array(plane * planes.length);
      planes.forEach((p, c) => data.set(p, c * plane));
    }
    // Output pixel (0, 0) sits at input pixel (offsetX, offsetY): the origin moves by the offset.
    return ok({
      out: makeImage(data, geometry.width, geometry.height, {
        channels: a.channels,
        origin: { x: a.origin.x - geometry.offsetX, y: a.origin.y - geometry.offsetY },
      }),
    });
  };
  const parallel = context.parallel;
  if (parallel) {
    return (async () => {
      const planes: Float32Array[] = [];
      for (let c = 0; c < a.channels; c++) {
        const control = { progress: progress(c), checkCancelled: () => context.checkCancelled() };
        planes.push((await parallel.convolve2d(channel(c), a.width, a.height, kernel, b.width, b.height, options, control)).data);
      }
      return finish(planes);
    })();
  }
  const planes: Float32Array[] = [];
  for (let c = 0; c < a.channels; c++) {
    planes.push(convolve2d(channel(c), a.width, a.height, kernel, b.width, b.height, { ...options, onProgress: progress(c) }).data);
  }
  return finish(planes);
}
