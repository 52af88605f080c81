/**
 * `convolab run GRAPH --out DIR [--json] [--check] [--set NODE.PARAM=VALUE]…` (../shared/FORMAT.md,
 * "Headless results"). Runs the graph with the same engine the editor uses and writes, for every
 * sink node S, `DIR/S.npy` (float64, C order; not for value records) and `DIR/S.json`, plus
 * `DIR/run.json` (run-graph.ts). With `--each NODE.PARAM=GLOB` it runs once per matching file
 * instead (batch.ts). Exit status: 0 every node ran, 1 some node failed (or, with --check, some
 * op.compare reported match = 0; in a batch, some input did), 2 the command could not be used.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { GraphDocument } from '../../src-shared/graph/document';
import { printable } from '../../src-shared/graph/printable';
import { FileWriteError } from '../files/atomic';
import { loadSimd } from '../dsp/simd';
import { createParallelDsp } from '../host/parallel';
import { UsageError, type CliIo } from './main';
import { sinkFileNames } from './outputs';
import { applyAssignments, parseAssignment, type ParamAssignment } from './overrides';
import { NodeProgressLine } from './progress';
import { createRunEngine, runGraphInto, type RunProgressOptions } from './run-graph';
import { machineMemory, memoryOfFlagOrEnvironment, parseMemory } from './memory';
import { parseShard, type Shard } from './shard';
import { readGraphFile } from './validate';

export interface RunArguments {
  readonly graph: string;
  readonly out: string;
  readonly json: boolean;
  readonly check: boolean;
  /** --set, in the order given (a later one for the same param wins). */
  readonly sets: readonly ParamAssignment[];
  readonly each?: ParamAssignment;
  /** -j N: graphs at once in a batch. */
  readonly jobs?: number;
  readonly shard?: Shard;
  /** --memory: the run's budget in bytes (each engine's in a batch); the engine's default without it. */
  readonly memory?: number;
}

/** At most this many graphs at once: each holds its own engine, memo and memory budget. */
const MAX_JOBS = 256;

function parseJobs(text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_JOBS) {
    throw new UsageError(`-j ${printable(text ?? '')}: say how many graphs to run at once, 1 to ${MAX_JOBS} (default: one per core)`);
  }
  return Number(text);
}

export function parseRunArguments(args: readonly string[], cwd: string, machine = machineMemory(), env: NodeJS.ProcessEnv = process.env): RunArguments {
  let graph: string | undefined;
  let out: string | undefined;
  let json = false;
  let check = false;
  const sets: ParamAssignment[] = [];
  let each: ParamAssignment | undefined;
  let jobs: number | undefined;
  let shard: Shard | undefined;
  let memory: number | undefined;
  // A glob the shell expanded arrives as several words: say so rather than "one graph file only".
  const quoteHint = (): string => (each !== undefined ? ': quote the --each glob so the shell passes it on' : '');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!; // i < args.length
    if (arg === '--out') {
      const next = args[++i];
      if (next === undefined) throw new UsageError('--out needs a folder');
      out = next;
    } else if (arg === '--json') json = true;
    else if (arg === '--check') check = true;
    else if (arg === '--set' || arg === '--each') {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs NODE.PARAM=${arg === '--set' ? 'VALUE' : 'GLOB'}`);
      const assignment = parseAssignment(arg, next);
      if (arg === '--set') sets.push(assignment);
      else if (each !== undefined) throw new UsageError('run: one --each only (a batch runs over one list of files)');
      else each = assignment;
    } else if (arg === '-j' || arg === '--jobs') jobs = parseJobs(args[++i]);
    else if (/^-j\d+$/.test(arg)) jobs = parseJobs(arg.slice(2));
    else if (arg === '--shard') {
      const next = args[++i];
      if (next === undefined) throw new UsageError('--shard needs K/N, e.g. --shard 0/4');
      shard = parseShard(next);
    } else if (arg === '--memory') memory = parseMemory(args[++i], machine);
    else if (arg.startsWith('-')) throw new UsageError(`run: unknown option ${printable(arg)}: try convolab --help`);
    else if (graph === undefined) graph = arg;
    else throw new UsageError(`run: one graph file only (got ${printable(graph)} and ${printable(arg)})${quoteHint()}`);
  }
  if (graph === undefined) throw new UsageError('run: name a graph file: convolab run GRAPH --out DIR');
  if (out === undefined) throw new UsageError('run: say where to write the results: --out DIR');
  if (each === undefined && (jobs !== undefined || shard !== undefined)) {
    throw new UsageError(`run: ${jobs !== undefined ? '-j' : '--shard'} applies to a batch: add --each NODE.PARAM=GLOB`);
  }
  // As serve and the desktop app: CONVOLAB_MEMORY when --memory is not given.
  memory = memoryOfFlagOrEnvironment(memory, env, machine);
  return {
    graph: resolve(cwd, graph),
    out: resolve(cwd, out),
    json,
    check,
    sets,
    ...(each !== undefined ? { each } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(shard !== undefined ? { shard } : {}),
    ...(memory !== undefined ? { memory } : {}),
  };
}

/**
 * On a terminal, a line saying which node runs and how far it is, once a node has run half a
 * second (the engine's first report comes then) and redrawn as it reports; nothing elsewhere.
 */
export function progressOnTerminal(document: GraphDocument, io: CliIo, interval = 500): RunProgressOptions {
  if (io.stderrIsTerminal !== true) return {};
  const line = new NodeProgressLine(io.stderr);
  const types = new Map(document.nodes.map((node) => [node.id, node.type] as const));
  return {
    progressInterval: interval,
    onProgress: (id, fraction) => line.show(`${id} (${types.get(id) ?? 'node'})`, fraction),
    onNodeDone: () => line.clear(),
  };
}

export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseRunArguments(args, io.cwd);
  const document = applyAssignments(await readGraphFile(options.graph, io), options.sets);
  const outputs = sinkFileNames(document);
  if (!outputs.ok) throw new UsageError(`${printable(options.graph)}: ${outputs.error}`);
  if (options.each !== undefined) {
    const { runBatch } = await import('./batch');
    return runBatch(document, outputs.names, { ...options, each: options.each }, io);
  }

  try {
    await mkdir(options.out, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${options.out}: cannot make the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }

  await loadSimd();
  const parallel = createParallelDsp();
  const engine = createRunEngine({ graphDir: dirname(options.graph), parallel, ...(options.memory !== undefined ? { memoryLimit: options.memory } : {}) });
  let result;
  try {
    result = await runGraphInto(engine, document, outputs.names, options.out, progressOnTerminal(document, io)).finally(() => parallel.dispose());
  } catch (error) {
    // The disk's answer, not a bug: one line, and no run.json claims results it does not hold.
    if (!(error instanceof FileWriteError)) throw error;
    io.stderr(`convolab: ${printable(error.message)}: this run's results are incomplete and its run.json was not written; check the folder (free space, permissions, a folder in a result's place) or pick another --out\n`);
    return 1;
  }

  for (const report of result.failed) io.stderr(`convolab: node ${printable(`${report.id} (${report.type}): ${report.error ?? 'failed'}`)}\n`);
  // Notes that are warnings: run.json carries no notes, so this is where a headless run says them.
  for (const report of result.warned) io.stderr(`convolab: warning: node ${printable(`${report.id} (${report.type}): ${report.info}`)}\n`);
  if (options.check) for (const line of result.failedChecks) io.stderr(`convolab: check failed: node ${printable(line)}\n`);

  if (options.json) io.stdout(result.runJson);
  else {
    const { nodeCount, failed, skipped } = result;
    const ok = nodeCount - failed.length - skipped.length;
    io.stdout(
      `ran ${nodeCount} node${nodeCount === 1 ? '' : 's'}: ${ok} ok, ${failed.length} failed, ${skipped.length} skipped; results in ${printable(options.out)}\n`,
    );
  }
  if (result.failed.length > 0 || result.skipped.length > 0) return 1;
  if (options.check && result.failedChecks.length > 0) return 1;
  return 0;
}
