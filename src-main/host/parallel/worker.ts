/**
 * A DSP band worker: computes rows [y0, y1) of a 2-D convolution or a backprojection, planes
 * [z0, z1) of a 3-D convolution, or views / y planes of a cone-beam projection and FDK, reading
 * inputs from and writing outputs into SharedArrayBuffers the pool handed over.
 */
import { parentPort } from 'node:worker_threads';
import { conebeamViews } from '../../../src-shared/dsp/conebeam';
import { backprojectRows } from '../../../src-shared/dsp/ct';
import { backprojectFdkRows, filterConeBeamViews } from '../../../src-shared/dsp/fdk';
import { convolve2dRows } from '../../../src-shared/dsp/convolve2d';
import { convolve3dPlanes } from '../../../src-shared/dsp/convolve3d';
import { loadSimd } from '../../dsp/simd';
import type { BandTask } from './messages';

// Each band worker loads the SIMD kernels into its own thread (CONVOLAB_SIMD=0 keeps the plain path).
await loadSimd();

parentPort?.on('message', (task: BandTask) => {
  try {
    if (task.kind === 'convolve2d') {
      convolve2dRows(
        new Float32Array(task.image), task.width, task.height, new Float64Array(task.kernel),
        task.kernelWidth, task.kernelHeight, task.options, task.y0, task.y1, new Float32Array(task.out),
      );
    } else if (task.kind === 'convolve3d') {
      convolve3dPlanes(
        new Float32Array(task.volume), task.width, task.height, task.depth, new Float64Array(task.kernel),
        task.kernelWidth, task.kernelHeight, task.kernelDepth, task.options, task.z0, task.z1, new Float32Array(task.out),
      );
    } else if (task.kind === 'conebeam') {
      conebeamViews(new Float32Array(task.padded), task.grid, task.geometry, new Float64Array(task.angles), task.y0, task.y1, new Float32Array(task.out));
    } else if (task.kind === 'fdkFilter') {
      filterConeBeamViews(new Float32Array(task.projections), task.geometry, task.window, task.y0, task.y1, new Float32Array(task.out));
    } else if (task.kind === 'fdkBackproject') {
      backprojectFdkRows(new Float32Array(task.filtered), task.geometry, new Float64Array(task.angles), task.grid, task.y0, task.y1, new Float32Array(task.out));
    } else {
      backprojectRows(
        new Float32Array(task.sinogram), task.detectors, new Float64Array(task.angles), task.size,
        task.y0, task.y1, new Float32Array(task.out),
      );
    }
    parentPort?.postMessage({ id: task.id, ok: true });
  } catch (error) {
    parentPort?.postMessage({ id: task.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
