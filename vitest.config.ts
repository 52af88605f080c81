import { defineConfig } from 'vitest/config';

/**
 * The unit suite runs twice: project "simd" with the DSP core's WebAssembly SIMD kernels loaded
 * (test/setup-simd.ts, as the CLI and the host's workers load them), project "plain" with
 * CONVOLAB_SIMD=0, the plain TypeScript path. Both count in the one JSON report.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    setupFiles: ['test/setup-simd.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      { extends: true, test: { name: 'simd' } },
      { extends: true, test: { name: 'plain', env: { CONVOLAB_SIMD: '0' } } },
    ],
  },
});
