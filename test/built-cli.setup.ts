/**
 * Global setup of the "simd-apart" project (vitest.config.ts): builds the CLI and its workers
 * (scripts/build-cli.mjs, as shipped) once per test run, from the source being tested, into a folder of its own (scripts/build-cli.mjs
 * → out/cli-tests-PID/), and tells the test files where it is (`inject('builtCli')`).
 *
 * Why: started through tsx, the CLI compiles its TypeScript on every start (about 3 s of CPU for
 * a two-node run, against 0.4 s built). Tests about what the CLI does as a process, not about the
 * development path, start this build (test/cli/helpers.ts): the same source, bundled once. The
 * development path keeps tests of its own (test/main/cli-main.test.ts starts the bin script, the
 * crash tests in test/cli/cli.test.ts start src-main/cli/main.ts through tsx).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The absolute path of this run's build of the CLI (convolab.mjs and its workers). */
    builtCli: string;
  }
}

export function setup(project: TestProject): () => void {
  // Two folders below the repository, as out/cli is: the build finds package.json and models/ from its place.
  const folder = resolve(`out/cli-tests-${process.pid}`);
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs', '--outdir', folder], { encoding: 'utf8' });
  if (built.status !== 0 || built.stderr !== '') throw new Error(`building the CLI for the tests failed (${built.status}): ${built.stderr}`);
  project.provide('builtCli', folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
