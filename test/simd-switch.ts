/**
 * Runs `body` with the SIMD switch set as asked, then puts it back as it was: the unit projects
 * that share a module cache per worker run the next file with this switch, and test/setup-simd.ts
 * fails a file that leaves it changed.
 */
import { setSimdEnabled, simdEnabled } from '../src-shared/dsp/simd/runtime';

export function withSimdSwitch<T>(on: boolean, body: () => T): T {
  const was = simdEnabled();
  setSimdEnabled(on);
  try {
    return body();
  } finally {
    setSimdEnabled(was);
  }
}
