import { defineConfig } from 'vitest/config';

/**
 * The unit suite runs in project "simd", with the DSP core's WebAssembly SIMD kernels loaded
 * (test/setup-simd.ts, as the CLI and the host's workers load them); project "plain" runs the
 * tests of what the switch changes again with CONVOLAB_SIMD=0, the plain TypeScript path. Both
 * count in the one JSON report.
 */
export default defineConfig({
  test: {
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // A hang guard, not a speed bound: generous, so a machine whose cores are busy with other
    // work (CI's may be) still passes; how fast things are is `npm run bench`'s business.
    testTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup-simd.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      // Each project names its own files: with `extends`, an include in the shared part would be
      // merged into (not replaced by) a project's own list.
      { extends: true, test: { name: 'simd', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] } },
      // Only what the SIMD switch changes runs twice: the DSP core, the engine, the nodes and the
      // examples that run through them. Renderer, Electron, files and protocol tests run once.
      {
        extends: true,
        test: {
          name: 'plain',
          env: { CONVOLAB_SIMD: '0' },
          include: ['test/dsp/**/*.test.ts', 'test/engine/**/*.test.ts', 'test/nodes/**/*.test.ts', 'test/examples/**/*.test.ts'],
          // These choose the path themselves (the SIMD kernels whatever CONVOLAB_SIMD says, or each
          // path in turn), so a second run would repeat the first.
          exclude: ['test/dsp/simd/**', 'test/dsp/plan-cache.test.ts'],
        },
      },
    ],
  },
});
