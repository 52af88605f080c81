/**
 * A DSP band worker thread: computes the bands its pool hands over (src-shared/dsp/band-tasks.ts)
 * into SharedArrayBuffers, with the SIMD kernels loaded into this thread.
 */
import { parentPort } from 'node:worker_threads';
import { runBandTask, type BandTask } from '../../../src-shared/dsp/band-tasks';
import { loadSimd } from '../../dsp/simd';

// Each band worker loads the SIMD kernels into its own thread (CONVOLAB_SIMD=0 keeps the plain path).
await loadSimd();

parentPort?.on('message', (task: BandTask) => parentPort?.postMessage(runBandTask(task)));
