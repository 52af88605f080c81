/**
 * Loads the DSP core's SIMD kernels into each test file's process the way the CLI and the host's
 * workers do; with CONVOLAB_SIMD=0 (the "plain" project) this keeps the plain TypeScript path.
 *
 * Files of the projects that share one module cache per worker (vitest.config.ts) run one after
 * another in the same process, so a file that switches the path or lowers the SIMD thresholds
 * must put them back: each file ends by checking that it did, so a leak fails the file that made
 * it instead of silently running the next file's tests on the other path.
 */
import { afterAll } from 'vitest';
import { loadSimd } from '../src-main/dsp/simd';
import { defaultSimdThresholds, simdActive, simdThresholds } from '../src-shared/dsp/simd/runtime';

const expected = (await loadSimd()).active;

afterAll(() => {
  if (simdActive() !== expected) {
    throw new Error(`this file left the SIMD path ${simdActive() ? 'on' : 'off'} (its project runs it ${expected ? 'on' : 'off'}): restore setSimdEnabled as the file found it`);
  }
  const changed = (Object.keys(defaultSimdThresholds) as (keyof typeof defaultSimdThresholds)[]).filter((key) => simdThresholds[key] !== defaultSimdThresholds[key]);
  if (changed.length > 0) throw new Error(`this file left SIMD thresholds changed (${changed.join(', ')}): restore them from defaultSimdThresholds`);
});
