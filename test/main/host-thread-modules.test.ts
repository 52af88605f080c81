/**
 * What a host's thread loads (PERF.md "memory", docs/buffer-pool.md "Host memory"): the engine
 * host (src-main/host/host.ts: the desktop app and `convolab serve`) and the web build's page host
 * (web-host/engine.ts) start a worker that runs the engine; they themselves need the protocol, the
 * graph document and its edits, not the engine, the nodes or the DSP core. When host-core.ts took
 * one small function from worker-core.ts, the host's thread loaded all 136 modules of them beside
 * its worker: ~20 MB more heap and ~70 MB more resident memory before the first run, which put
 * bench/memory-host.ts's graph over PERF.md's 300 MB. Checked on esbuild's account of each
 * entry's static imports (the sources' bytes, not the host's memory, which is noisy here).
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Source bytes a host's thread may load: ~58 KB today; the engine and its nodes were ~830 KB. */
const MAX_SOURCE_BYTES = 128 * 1024;
/** What only the worker runs. */
const WORKER_ONLY = /^src-shared\/(engine\/(engine|worker-core|analysis|preview|probe|profile)\.ts|nodes\/|dsp\/)/;

async function inputsOf(entry: string): Promise<Metafile['inputs']> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    packages: 'external',
    logLevel: 'silent',
  });
  return result.metafile.inputs;
}

/** How `to` is reached from `from` through static imports, for the failure's message. */
function importChain(inputs: Metafile['inputs'], from: string, to: string): string {
  const previous = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const { path } of inputs[file]?.imports ?? []) {
      if (!(path in inputs) || previous.has(path)) continue;
      previous.set(path, file);
      queue.push(path);
    }
  }
  const chain: string[] = [];
  for (let file: string | undefined = to; file !== undefined; file = previous.get(file)) chain.unshift(file);
  return chain.join(' -> ');
}

describe("a host's thread", () => {
  for (const entry of ['src-main/host/host.ts', 'src-renderer/bridge/web-host/engine.ts']) {
    it(`${entry} loads the messages and the document, not the engine, the nodes or the DSP core`, async () => {
      const inputs = await inputsOf(entry);
      const files = Object.keys(inputs);
      // The walk reached the host's core and the messages, so an empty list below means something.
      expect(files).toEqual(expect.arrayContaining([entry, 'src-shared/engine/host-core.ts', 'src-shared/engine/worker-messages.ts']));
      const workerOnly = files.filter((file) => WORKER_ONLY.test(file));
      expect(
        workerOnly,
        workerOnly.length > 0
          ? `${importChain(inputs, entry, workerOnly[0]!)}: import what the host needs from a module that does not load the engine (as worker-messages.ts)`
          : '',
      ).toEqual([]);
      const bytes = Object.values(inputs).reduce((sum, input) => sum + input.bytes, 0);
      expect(bytes, `${files.length} files`).toBeLessThan(MAX_SOURCE_BYTES);
    });
  }
});
