/**
 * One headless run of a graph into a folder (FORMAT.md, "Headless results"): `S.npy` and
 * `S.json` for every sink, then `run.json`. `convolab run` does this once; a batch run
 * (`--each`, batch.ts) does it once per input in each of its pool's workers, with the same code,
 * so a batch's outputs are byte for byte those of a single run of the same file.
 */
import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { BufferPool } from '../../src-shared/dsp/buffer-pool';
import type { ParallelDsp } from '../../src-shared/dsp/parallel';
import { DEFAULT_MEMORY_LIMIT, Engine, type NodeOutcome, type NodeReport, type RunOptions } from '../../src-shared/engine/engine';
import type { GraphDocument } from '../../src-shared/graph/document';
import { printable, printableJson } from '../../src-shared/graph/printable';
import { writeGraph } from '../../src-shared/graph/write';
import { type NpyEncoder, valueToNpy, valueToNpyParts } from '../../src-shared/io/npy';
import { embedGraphInPng, hasPngSignature } from '../../src-shared/io/png-text';
import { valueMetadata } from '../../src-shared/io/text';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { AtomicFileSet, writeFileAtomic } from '../files/atomic';
import { describeReadError } from '../files/folder';
import { shippedModelReader } from '../files/models';
import { FileReadRefused, readRegularFile, readRegularFileSync } from '../files/regular';
import { machineMemory, moreMemoryAdvice } from './memory';

export interface RunEngineOptions {
  /** Where relative paths in params resolve: the graph file's folder. */
  readonly graphDir: string;
  readonly parallel?: ParallelDsp;
  readonly memoryLimit?: number;
  /**
   * For an engine in a worker thread (a batch run's), where a blocking call blocks nobody: files
   * are read with synchronous calls, and what a sink.file writes is staged into the set this
   * returns (the run in progress's, which writeRunResults commits with the sinks' results) rather
   * than saved on its own.
   */
  readonly staged?: () => AtomicFileSet;
  /**
   * Large outputs reuse the buffers of outputs the memo let go (dsp/buffer-pool.ts): a batch
   * worker's engine, which runs the same graph input after input. With a pool, a run's outcomes
   * are valid only until the next run on the engine starts (that run hands their buffers to its
   * own nodes), so they must be staged (stageRunResults, which keeps nothing of them) before it.
   * A single `convolab run` runs once and has none.
   */
  readonly bufferPool?: BufferPool;
}

/** The engine `convolab run` uses: reads and writes wherever the graph's paths say (it is the user's own shell). */
export function createRunEngine(options: RunEngineOptions): Engine {
  const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  const place = (path: string): string => (isAbsolute(path) ? path : resolve(options.graphDir, path));
  const { staged } = options;
  // A refusal says which --memory would have let it through, when the machine has that much.
  const moreMemory = moreMemoryAdvice(machineMemory());
  return new Engine({
    ...(options.parallel ? { parallel: options.parallel } : {}),
    ...(options.bufferPool ? { bufferPool: options.bufferPool } : {}),
    memoryLimit,
    moreMemory,
    // Only regular files, and only what fits the budget: a path to /dev/zero or a pipe is refused.
    readFile: async (path) => {
      try {
        return staged ? readRegularFileSync(place(path), memoryLimit) : await readRegularFile(place(path), memoryLimit);
      } catch (error) {
        // A relative path is read from the graph's folder, which need not be where the shell is
        // (the same path given to --each is read from there): say where it was looked for.
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' && !isAbsolute(path);
        const more = error instanceof FileReadRefused && error.needed !== undefined ? moreMemory(error.needed) : undefined;
        throw new Error(
          describeReadError(path, error) +
            (missing ? ` in ${options.graphDir} (a relative path is read from the graph's folder)` : '') +
            (more !== undefined ? `, or ${more}` : ''),
        );
      }
    },
    readModel: shippedModelReader(memoryLimit),
    // As saves are written: a run killed part-way leaves the previous file whole, never a torn one.
    writeFile: async (path, bytes, document) => {
      const target = place(path);
      try {
        if (staged) {
          mkdirSync(dirname(target), { recursive: true });
          staged().stage(target, withGraphIfPng(bytes, document));
          return;
        }
        await mkdir(dirname(target), { recursive: true });
        await writeFileAtomic(target, withGraphIfPng(bytes, document));
      } catch (error) {
        throw new Error(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    },
  });
}

/**
 * A PNG a `sink.file` writes carries the graph that made it (as the app's exports do), so dropping
 * the picture on Convolab opens that graph with the params this run used. A graph over the
 * chunk's cap leaves the picture as it was: the picture is what the graph asked for.
 */
export function withGraphIfPng(bytes: Uint8Array, document: GraphDocument): Uint8Array {
  if (!hasPngSignature(bytes)) return bytes;
  const embedded = embedGraphInPng(bytes, writeGraph(document));
  return embedded.ok ? embedded.value : bytes;
}

export interface GraphRunResult {
  /** run.json's text (also what --json prints). */
  readonly runJson: string;
  readonly nodeCount: number;
  readonly failed: readonly NodeReport[];
  readonly skipped: readonly NodeReport[];
  /** Nodes that ran with a note that is a warning (NodeReport.warning). */
  readonly warned: readonly NodeReport[];
  /** One line per op.compare that ran and found no match (what --check fails on). */
  readonly failedChecks: readonly string[];
  /** The fields of every value record a sink received, by sink id, in the graph's order. */
  readonly values: ReadonlyArray<readonly [string, Readonly<Record<string, number>>]>;
}

/** Runs `document` on `engine`: every node's outcome, in the order they ran. */
export async function runGraph(engine: Engine, document: GraphDocument, options: RunProgressOptions = {}): Promise<NodeOutcome[]> {
  const outcomes: NodeOutcome[] = [];
  await engine.run(document, {
    ...options,
    onNodeDone: (outcome) => {
      outcomes.push(outcome);
      options.onNodeDone?.(outcome);
    },
  });
  return outcomes;
}

/** What a run tells its caller as it goes (a terminal's progress line: progress.ts). */
export type RunProgressOptions = Pick<RunOptions, 'onProgress' | 'progressInterval' | 'onNodeDone'>;

/**
 * Writes a run's results into `outDir` (which must exist), each sink under the name `names`
 * gives it (outputs.ts), run.json last, as one AtomicFileSet: each file is written to a temporary
 * file as its sink's value is encoded (one large buffer at a time), then all are flushed side by
 * side and renamed, run.json last, so a run.json means the run's results are whole. `files` may
 * already hold what the run's sink.file nodes staged (createRunEngine's `staged`): those are
 * committed with the rest. Throws when a result cannot be written, leaving no temporary file.
 */
export async function writeRunResults(outcomes: readonly NodeOutcome[], names: ReadonlyMap<string, string>, outDir: string, files = new AtomicFileSet()): Promise<GraphRunResult> {
  const result = stageRunResults(outcomes, names, outDir, files);
  await files.commit();
  return result;
}

/**
 * The first half of writeRunResults: every result staged into `files`, run.json last, nothing
 * committed. What it returns holds none of the run's values (a batch worker keeps it while the
 * files are committed, and lets the outcomes go), and neither does `files`: each sink's value is
 * encoded into bytes (valueToNpy, JSON text) that AtomicFileSet.stage writes to the disk before
 * returning. So once this returns, the outcomes' buffers may be recycled (an engine's buffer
 * pool, RunEngineOptions.bufferPool), and with an `encoder` (a batch worker's) every `.npy` is
 * encoded into the encoder's one buffer, written out before the next is encoded. Throws when a
 * result cannot be staged, leaving no temporary file.
 */
export function stageRunResults(outcomes: readonly NodeOutcome[], names: ReadonlyMap<string, string>, outDir: string, files: AtomicFileSet, encoder?: NpyEncoder): GraphRunResult {
  const failedChecks: string[] = [];
  const values: [string, Record<string, number>][] = [];
  const run = {
    nodes: outcomes.map(({ report }) => ({
      id: report.id,
      type: report.type,
      status: report.status,
      ms: Math.round(report.ms * 1000) / 1000,
      ...(report.error !== undefined ? { error: report.error } : {}),
    })),
  };
  // JSON.stringify escapes C0 controls but leaves DEL, C1 and bidi controls raw; --json prints this.
  const runJson = printableJson(JSON.stringify(run, null, 2)) + '\n';
  try {
    for (const outcome of outcomes) {
      const { id, type } = outcome.report;
      const definition = getNodeDefinition(type);
      if (definition?.category === 'sink' && outcome.sink !== undefined) {
        const name = names.get(id)!; // sinkFileNames named every sink
        // A value record has no array form: FORMAT.md writes only its JSON.
        if (outcome.sink.kind !== 'value') {
          const npy = valueToNpyParts(outcome.sink, encoder ? (value) => encoder.encode(value) : valueToNpy);
          if (!npy.ok) throw new Error(`${printable(id)}: ${npy.error}`);
          files.stage(resolve(outDir, `${name}.npy`), npy.value);
        } else values.push([id, { ...outcome.sink.fields }]);
        files.stage(resolve(outDir, `${name}.json`), JSON.stringify(valueMetadata(outcome.sink), null, 2) + '\n');
      }
      const result = outcome.outputs.out;
      if (type === 'op.compare' && outcome.report.status === 'ok' && result?.kind === 'value' && result.fields.match === 0) {
        failedChecks.push(`${id}: compare found no match (relError ${result.fields.relError}, maxAbsError ${result.fields.maxAbsError})`);
      }
    }
    // Last, renamed once every sink's files are in place: a run.json means the run's results are whole.
    files.stage(resolve(outDir, 'run.json'), runJson);
  } catch (error) {
    files.discard();
    throw error;
  }
  return {
    runJson,
    nodeCount: outcomes.length,
    failed: outcomes.filter(({ report }) => report.status === 'error').map(({ report }) => report),
    warned: outcomes.filter(({ report }) => report.status === 'ok' && report.warning === true).map(({ report }) => report),
    skipped: outcomes.filter(({ report }) => report.status === 'skipped').map(({ report }) => report),
    failedChecks,
    values,
  };
}

/** Runs `document` on `engine` and writes its results into `outDir` (writeRunResults). */
export async function runGraphInto(engine: Engine, document: GraphDocument, names: ReadonlyMap<string, string>, outDir: string, progress: RunProgressOptions = {}): Promise<GraphRunResult> {
  return writeRunResults(await runGraph(engine, document, progress), names, outDir);
}
