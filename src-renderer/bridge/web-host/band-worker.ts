/**
 * A DSP band worker of the web build: computes the bands the engine worker's pool hands over
 * (src-shared/dsp/band-tasks.ts) into SharedArrayBuffers, as Node's band threads do. Started
 * only where the page is cross-origin isolated (SharedArrayBuffer exists).
 */
import { runBandTask, type BandReply, type BandTask } from '../../../src-shared/dsp/band-tasks';
import { loadKernels } from './kernels';

const scope = globalThis as unknown as {
  postMessage(reply: BandReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<BandTask>) => void): void;
};

const ready = loadKernels();
scope.addEventListener('message', ({ data: task }) => void ready.then(() => scope.postMessage(runBandTask(task))));
