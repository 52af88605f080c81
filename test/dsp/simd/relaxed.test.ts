/**
 * The relaxed SIMD build of the kernels (fused multiply-add in the 2-D kernels, see
 * src-shared/dsp/simd/assembly/image2d.ts) against the f64 TypeScript path within the bound the
 * kernels' comment derives, and against the plain SIMD build (within twice it): random sizes, odd
 * widths, images narrower than the kernel, every boundary and mode, strips, blocks and bands.
 * Run in this process where the runtime has relaxed SIMD; under Node 20, which has it only behind
 * a flag, in a child `node --experimental-wasm-relaxed-simd` running relaxed-check.ts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relaxedSimdSupported } from '../../../src-shared/dsp/simd/runtime';
import { type RelaxedReport, relaxedReport } from './relaxed-check';

async function report(): Promise<RelaxedReport> {
  if (relaxedSimdSupported()) return relaxedReport();
  const script = fileURLToPath(new URL('./relaxed-check.ts', import.meta.url));
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CONVOLAB_SIMD: '1' },
  });
  return JSON.parse(out) as RelaxedReport;
}

describe('the relaxed SIMD build of the 2-D kernels', () => {
  it('loads where relaxed SIMD validates and stays within the f32 bound of the f64 path and twice it of the plain SIMD build', async () => {
    const r = await report();
    // This Node has relaxed SIMD natively or behind the flag: the check must really have run.
    expect(r.supported).toBe(true);
    expect(r.loaded).toBe('relaxed');
    expect(r.cases.filter((c) => c.pixels > 0).length).toBeGreaterThan(400);
    for (const c of r.cases) {
      if (c.pixels > 0) expect(c.calls, `${c.name} ran on the SIMD path`).toBeGreaterThan(0);
      expect(c.error, c.name).toBeLessThanOrEqual(c.bound);
      expect(c.apart, c.name).toBeLessThanOrEqual(2 * c.bound);
    }
    expect(r.tilingMismatches).toBe(0);
  });
});
