/**
 * Loads the DSP core's WebAssembly SIMD kernels into this thread: the CLI, the engine worker and
 * the DSP band workers call loadSimd() once before computing. CONVOLAB_SIMD=0 keeps the plain
 * TypeScript path (the suite runs both ways); so does a runtime without WebAssembly SIMD, and a
 * checkout whose kernels were never built (`npm install` builds them), with a one-line note.
 * Of the two builds (src-main/dsp/build-wasm.ts) the one with relaxed SIMD loads where the
 * runtime validates it (Electron, Chromium; Node 20 only with --experimental-wasm-relaxed-simd),
 * unless CONVOLAB_SIMD=plain-simd; else the plain SIMD one.
 */
import { type SimdModuleKind, initSimd, relaxedSimdSupported, setSimdEnabled } from '../../src-shared/dsp/simd/runtime';

export interface SimdStatus {
  /** True when the DSP functions take the SIMD kernels. */
  readonly active: boolean;
  /** Why not, when not. */
  readonly reason?: string;
  /** Which build loaded: 'relaxed' (relaxed SIMD: fused multiply-add) where the runtime has it. */
  readonly module?: SimdModuleKind;
}

let loaded: Promise<SimdStatus> | undefined;

/** True when the environment switches the SIMD path off (CONVOLAB_SIMD=0, off or false). */
export function simdSwitchedOff(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.CONVOLAB_SIMD?.trim().toLowerCase();
  return value === '0' || value === 'off' || value === 'false';
}

/**
 * The build of the kernels to load: the relaxed SIMD one where the runtime has relaxed SIMD,
 * unless CONVOLAB_SIMD=plain-simd keeps the plain SIMD build (to compare the two).
 */
export function preferredSimdModule(env: Record<string, string | undefined>, relaxed = relaxedSimdSupported()): SimdModuleKind {
  return relaxed && env.CONVOLAB_SIMD?.trim().toLowerCase() !== 'plain-simd' ? 'relaxed' : 'simd';
}

/** Loads the kernels once per thread; later calls return the first answer. */
export function loadSimd(env: Record<string, string | undefined> = process.env): Promise<SimdStatus> {
  loaded ??= load(env);
  return loaded;
}

async function load(env: Record<string, string | undefined>): Promise<SimdStatus> {
  if (simdSwitchedOff(env)) {
    setSimdEnabled(false);
    return { active: false, reason: 'switched off by CONVOLAB_SIMD' };
  }
  let base64: string, relaxedBase64: string;
  try {
    ({ dspWasmBase64: base64, dspWasmRelaxedBase64: relaxedBase64 } = await import('./dsp-wasm.generated.js'));
  } catch {
    const reason = 'the WebAssembly kernels are not built (run `npm install` or `npm run build:wasm`)';
    process.stderr.write(`convolab: ${reason}; using the plain TypeScript DSP path\n`);
    return { active: false, reason };
  }
  // Node's own decoder: on a cold start (the CLI, each band worker) it is 2-5 ms quicker than
  // base64.ts's loop, which has not been compiled yet.
  // The build with relaxed SIMD (fused multiply-add in the 2-D kernels and the FFT kernels' complex
  // multiplies) where the runtime has it.
  if (preferredSimdModule(env) === 'relaxed' && initSimd(Buffer.from(relaxedBase64, 'base64'), 'relaxed')) {
    return { active: true, module: 'relaxed' };
  }
  if (!initSimd(Buffer.from(base64, 'base64'))) return { active: false, reason: 'this runtime has no WebAssembly SIMD' };
  return { active: true, module: 'simd' };
}
