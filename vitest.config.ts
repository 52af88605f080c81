import { defineConfig } from 'vitest/config';

/**
 * Pure computation — the DSP core, nodes, engine, graph model, file decoders, examples, the
 * renderer's logic and the repository's own layout (test/repo) — shares one module cache per worker (`isolate: false`): loading the modules
 * afresh for every file cost as much time as the tests themselves. test/setup-simd.ts fails a
 * file that leaves the SIMD switch or its thresholds changed, so no file changes the path the
 * next one in its worker tests.
 */
const SHARED = ['dsp', 'nodes', 'engine', 'graph', 'io', 'examples', 'renderer', 'repo'].map((dir) => `test/${dir}/**/*.test.{ts,tsx}`);
/**
 * Files there that mock modules, stub globals or fake timers, or measure a module-wide cache
 * (plan-cache: the FFT plans every earlier file left behind would count): a fresh module graph each.
 */
const ISOLATED = [
  'test/renderer/files/controller.test.ts',
  'test/renderer/store/scheduler.test.ts',
  'test/renderer/bridge/socket.test.ts',
  'test/renderer/bridge/web-worker.test.ts',
  'test/renderer/framing-follow.test.ts',
  'test/dsp/plan-cache.test.ts',
];

/**
 * The unit suite runs in project "simd", with the DSP core's WebAssembly SIMD kernels loaded
 * (test/setup-simd.ts, as the CLI and the host's workers load them); project "plain" runs the
 * tests of what the switch changes again with CONVOLAB_SIMD=0, the plain TypeScript path.
 * "simd-apart" holds what needs a process of its own per file: the host, Electron, CLI and file
 * tests (workers, child processes, servers, module mocks). All count in the one JSON report.
 */
export default defineConfig({
  test: {
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // A hang guard, not a speed bound: generous, so a machine whose cores are busy with other
    // work (CI's may be) still passes; how fast things are is `npm run bench`'s business. With a
    // CPU hog on both cores and the end-to-end suite beside it, the 3-D CT example on the plain
    // path took 133 s.
    testTimeout: 300_000,
    pool: 'forks',
    // Every host and worker pool starts from bundles of the worker sources made once per run.
    globalSetup: ['test/source-workers.setup.ts'],
    setupFiles: ['test/setup-simd.ts', 'test/source-workers.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      // Each project names its own files: with `extends`, an include in the shared part would be
      // merged into (not replaced by) a project's own list.
      { extends: true, test: { name: 'simd', isolate: false, include: SHARED, exclude: ISOLATED } },
      // Its files start the CLI and the host's workers: test/built-cli.setup.ts builds them once
      // per run for all of them, rather than each start compiling the TypeScript again.
      {
        extends: true,
        test: { name: 'simd-apart', include: ['test/main/**/*.test.ts', 'test/cli/**/*.test.ts', ...ISOLATED], globalSetup: ['test/built-cli.setup.ts'] },
      },
      // Only what the SIMD switch changes runs twice: the DSP core, the engine, the nodes and the
      // examples that run through them. Renderer, Electron, files and protocol tests run once.
      {
        extends: true,
        test: {
          name: 'plain',
          isolate: false,
          env: { CONVOLAB_SIMD: '0' },
          include: ['test/dsp/**/*.test.ts', 'test/engine/**/*.test.ts', 'test/nodes/**/*.test.ts', 'test/examples/**/*.test.ts'],
          // These choose the path themselves (the SIMD kernels whatever CONVOLAB_SIMD says, or each
          // path in turn), so a second run would repeat the first. The thousand random graphs test
          // the engine's contract (every node ends ok or with its own one-line error, every value
          // well formed), which the DSP path does not change; on the plain path they took 5× as
          // long for nothing new (the path's numbers are the dsp and nodes tests' business).
          exclude: ['test/dsp/simd/**', 'test/dsp/plan-cache.test.ts', 'test/engine/random-graphs.test.ts'],
        },
      },
    ],
  },
});
