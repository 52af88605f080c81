/**
 * Loads the DSP core's SIMD kernels into each test file's process the way the CLI and the host's
 * workers do; with CONVOLAB_SIMD=0 (the "plain" project) this keeps the plain TypeScript path.
 */
import { loadSimd } from '../src-main/dsp/simd';

await loadSimd();
