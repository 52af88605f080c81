/**
 * `convolab run GRAPH --out DIR [--json] [--check]` (../shared/FORMAT.md, "Headless results").
 * Runs the graph with the same engine the editor uses and writes, for every sink node S,
 * `DIR/S.npy` (float64, C order; not for value records) and `DIR/S.json`, plus `DIR/run.json`.
 * Exit status: 0 every node ran, 1 some node failed (or, with --check, some op.compare reported
 * match = 0), 2 the file could not be used at all.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DEFAULT_MEMORY_LIMIT, Engine, type NodeOutcome } from '../../src-shared/engine/engine';
import { printable, printableJson } from '../../src-shared/graph/printable';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { UsageError, type CliIo } from './main';
import { valueToNpy } from '../../src-shared/io/npy';
import { valueMetadata } from '../../src-shared/io/text';
import { readGraphFile } from './validate';
import { loadSimd } from '../dsp/simd';
import { writeFileAtomic } from '../files/atomic';
import { describeReadError } from '../files/folder';
import { shippedModelReader } from '../files/models';
import { readRegularFile } from '../files/regular';
import { sinkFileNames } from './outputs';
import { createParallelDsp } from '../host/parallel';

export interface RunArguments {
  readonly graph: string;
  readonly out: string;
  readonly json: boolean;
  readonly check: boolean;
}

export function parseRunArguments(args: readonly string[], cwd: string): RunArguments {
  let graph: string | undefined;
  let out: string | undefined;
  let json = false;
  let check = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!; // i < args.length
    if (arg === '--out') {
      const next = args[++i];
      if (next === undefined) throw new UsageError('--out needs a folder');
      out = next;
    } else if (arg === '--json') json = true;
    else if (arg === '--check') check = true;
    else if (arg.startsWith('-')) throw new UsageError(`run: unknown option ${arg}: try convolab --help`);
    else if (graph === undefined) graph = arg;
    else throw new UsageError(`run: one graph file only (got ${graph} and ${arg})`);
  }
  if (graph === undefined) throw new UsageError('run: name a graph file: convolab run GRAPH --out DIR');
  if (out === undefined) throw new UsageError('run: say where to write the results: --out DIR');
  return { graph: resolve(cwd, graph), out: resolve(cwd, out), json, check };
}

export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseRunArguments(args, io.cwd);
  const document = await readGraphFile(options.graph, io);
  const outputs = sinkFileNames(document);
  if (!outputs.ok) throw new UsageError(`${printable(options.graph)}: ${outputs.error}`);
  const baseDir = dirname(options.graph);
  const place = (path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));

  try {
    await mkdir(options.out, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${options.out}: cannot make the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }

  await loadSimd();
  const parallel = createParallelDsp();
  const memoryLimit = DEFAULT_MEMORY_LIMIT;
  const engine = new Engine({
    parallel,
    memoryLimit,
    // Only regular files, and only what fits the budget: a path to /dev/zero or a pipe is refused.
    readFile: async (path) => {
      try {
        return await readRegularFile(place(path), memoryLimit);
      } catch (error) {
        throw new Error(describeReadError(path, error));
      }
    },
    readModel: shippedModelReader(memoryLimit),
    // As saves are written: a run killed part-way leaves the previous file whole, never a torn one.
    writeFile: async (path, bytes) => {
      const target = place(path);
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFileAtomic(target, bytes);
      } catch (error) {
        throw new Error(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    },
  });
  const outcomes: NodeOutcome[] = [];
  await engine.run(document, { onNodeDone: (outcome) => outcomes.push(outcome) }).finally(() => parallel.dispose());

  const failedChecks: string[] = [];
  for (const outcome of outcomes) {
    const { id, type } = outcome.report;
    const definition = getNodeDefinition(type);
    if (definition?.category === 'sink' && outcome.sink !== undefined) {
      const name = outputs.names.get(id)!;
      // A value record has no array form: FORMAT.md writes only its JSON.
      if (outcome.sink.kind !== 'value') {
        const npy = valueToNpy(outcome.sink);
        if (!npy.ok) throw new Error(`${printable(id)}: ${npy.error}`);
        await writeFileAtomic(resolve(options.out, `${name}.npy`), npy.value);
      }
      await writeFileAtomic(resolve(options.out, `${name}.json`), JSON.stringify(valueMetadata(outcome.sink), null, 2) + '\n');
    }
    const result = outcome.outputs.out;
    if (type === 'op.compare' && outcome.report.status === 'ok' && result?.kind === 'value' && result.fields.match === 0) {
      failedChecks.push(`${id}: compare found no match (relError ${result.fields.relError}, maxAbsError ${result.fields.maxAbsError})`);
    }
  }

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
  await writeFileAtomic(resolve(options.out, 'run.json'), runJson);

  const failed = outcomes.filter(({ report }) => report.status === 'error');
  const skipped = outcomes.filter(({ report }) => report.status === 'skipped');
  for (const { report } of failed) io.stderr(`convolab: node ${printable(`${report.id} (${report.type}): ${report.error ?? 'failed'}`)}\n`);
  if (options.check) for (const line of failedChecks) io.stderr(`convolab: check failed: node ${printable(line)}\n`);

  if (options.json) io.stdout(runJson);
  else {
    const ok = outcomes.length - failed.length - skipped.length;
    io.stdout(
      `ran ${outcomes.length} node${outcomes.length === 1 ? '' : 's'}: ${ok} ok, ${failed.length} failed, ${skipped.length} skipped; results in ${printable(options.out)}\n`,
    );
  }
  if (failed.length > 0 || skipped.length > 0) return 1;
  if (options.check && failedChecks.length > 0) return 1;
  return 0;
}
