/**
 * What the SIMD kernel tests share: the embedded module loaded whatever CONVOLAB_SIMD says, the
 * thresholds lowered so even tiny sizes take the kernels (put back afterwards), and `viaSimd`,
 * which proves by the call counters that a body ran on the SIMD path.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { dspWasmBase64 } from '../../../src-main/dsp/dsp-wasm.generated.js';
import {
  defaultSimdThresholds, initSimd, setSimdEnabled, simdCallCounts, simdThresholds,
} from '../../../src-shared/dsp/simd/runtime';

/** Registers the suite's hooks: load the kernels once, take them at every size in each test, restore after. */
export function onKernelsAtEverySize(after?: () => void): void {
  beforeAll(() => {
    expect(initSimd(new Uint8Array(Buffer.from(dspWasmBase64, 'base64')))).toBe(true);
  });
  beforeEach(() => {
    setSimdEnabled(true);
    for (const key of Object.keys(simdThresholds) as (keyof typeof simdThresholds)[]) simdThresholds[key] = 1;
  });
  afterAll(() => {
    Object.assign(simdThresholds, defaultSimdThresholds);
    after?.();
  });
}

/** `body`'s result, asserting that it made calls of the kernel family on the SIMD path. */
export function viaSimd<T>(family: string, body: () => T): T {
  const before = simdCallCounts()[family] ?? 0;
  const result = body();
  expect(simdCallCounts()[family] ?? 0, `${family} ran on the SIMD path`).toBeGreaterThan(before);
  return result;
}
