/**
 * `convolab run GRAPH --out DIR --each NODE.PARAM=GLOB [-j N] [--shard K/N]`: the graph once per
 * file the glob matches (sorted by path, so every machine of a sharded run sees the same list),
 * each input's results in `DIR/<input name without extension>/` as a single run writes them, and
 * `DIR/summary.csv` with a row per input. Two inputs of one name (ignoring case, accents' encoding
 * and trailing dots, as macOS and Windows disks do: folderKey) would share a folder: the run is
 * refused before anything is written, naming both (a renamed folder would leave the user to guess
 * which is which).
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { formatBytes } from '../../src-shared/engine/engine';
import type { GraphDocument, GraphNode, ParamValue } from '../../src-shared/graph/document';
import { printable, printableJson } from '../../src-shared/graph/printable';
import { getNodeDefinition } from '../../src-shared/nodes/registry';
import { writeFileAtomic } from '../files/atomic';
import type { JobOutcome } from './batch-messages';
import { type JobList, runPool } from './batch-pool';
import { UsageError, type CliIo } from './main';
import { machineMemory } from './memory';
import { assignmentName, findTarget, type ParamAssignment, withParam } from './overrides';
import { ProgressDisplay } from './progress';
import { type Shard, shardOf } from './shard';
import { type SummaryRow, summaryCsv } from './summary';

export interface BatchOptions {
  readonly graph: string;
  readonly out: string;
  readonly json: boolean;
  readonly check: boolean;
  readonly each: ParamAssignment;
  /** Graphs at once (-j); default one per core. */
  readonly jobs?: number;
  readonly shard?: Shard;
  /** Each engine's memory budget in bytes (--memory). */
  readonly memory?: number;
}

export interface BatchInput {
  /** The file, absolute. */
  readonly path: string;
  /** As printed and in summary.csv: relative to the working folder when the glob was. */
  readonly shown: string;
  /** Its results' folder under --out. */
  readonly stem: string;
}

/** The summary's own name (and every shard's), which no input's folder may take. */
const SUMMARY_NAME = /^summary(-\d+-of-\d+)?\.csv$/i;

export function summaryName(shard: Shard | undefined): string {
  return shard ? `summary-${shard.index}-of-${shard.count}.csv` : 'summary.csv';
}

/**
 * The files `pattern` matches from `cwd`, sorted by the path shown (UTF-16 order: the same on
 * every machine and locale). Nothing inside `exclude` (the run's --out folder) is an input: a
 * second run of a `**` glob must not take the first one's results for its inputs.
 */
export async function listInputs(pattern: string, cwd: string, exclude?: string): Promise<BatchInput[]> {
  const found = await glob(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
  const outside = exclude === undefined ? found : found.filter((path) => !resolve(path).startsWith(resolve(exclude) + sep));
  const inputs = outside.map((path) => {
    const absolute = resolve(path);
    const shown = isAbsolute(pattern) ? absolute : relative(cwd, absolute);
    return { path: absolute, shown, stem: basename(absolute, extname(absolute)) };
  });
  return inputs.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
}

/**
 * The folder a stem names on the disks a batch may write to: macOS's ignores case and how an
 * accent is encoded (é as one code point or as e and a combining accent, which a Linux disk
 * keeps apart, so files from one may carry both), Windows's ignores case and drops trailing dots
 * and spaces (`a.` is `a`).
 */
function folderKey(stem: string): string {
  return stem.normalize('NFC').toLowerCase().replace(/[. ]+$/, '');
}

/** Refuses inputs that would share a folder, or take the summary's name, before anything runs. */
export function checkStems(inputs: readonly BatchInput[]): void {
  const owner = new Map<string, BatchInput>();
  for (const input of inputs) {
    if (input.stem === '' || input.stem === '.' || input.stem === '..' || SUMMARY_NAME.test(input.stem)) {
      throw new UsageError(`--each: ${printable(input.shown)} would write its results to a folder named ${printable(JSON.stringify(input.stem))}, which a batch cannot use: rename the file or leave it out of the glob`);
    }
    const key = folderKey(input.stem);
    const other = owner.get(key);
    if (other !== undefined) {
      throw new UsageError(`--each: ${printable(other.shown)} and ${printable(input.shown)} would both write their results to ${printable(input.stem)}/ (inputs are named by their file name without extension, and macOS and Windows disks ignore case, accents' encoding and trailing dots): narrow the glob or rename one`);
    }
    owner.set(key, input);
  }
}

/**
 * Every path a sink writes to (sink.file's), with its node and param; a sink inside a block is
 * named by its block's key in `block` (its definition serves every instance).
 */
function sinkPaths(document: GraphDocument): { node: string; param: string; path: string; block?: string }[] {
  const found: { node: string; param: string; path: string; block?: string }[] = [];
  const visit = (nodes: readonly GraphNode[], block?: string): void => {
    for (const node of nodes) {
      const definition = getNodeDefinition(node.type);
      if (definition?.category !== 'sink') continue;
      for (const param of definition.params) {
        const path = node.params?.[param.name];
        if (param.kind === 'path' && typeof path === 'string' && path !== '') found.push({ node: node.id, param: param.name, path, ...(block !== undefined ? { block } : {}) });
      }
    }
  };
  visit(document.nodes);
  for (const [key, definition] of Object.entries(document.blocks ?? {})) visit(definition.nodes, key);
  return found;
}

/** A copy of `document` with one param of an inner node of block `key` set to `value` (every instance of it). */
function withInnerParam(document: GraphDocument, key: string, nodeId: string, param: string, value: ParamValue): GraphDocument {
  const definition = document.blocks![key]!; // sinkPaths found it there
  const nodes = definition.nodes.map((node) => (node.id === nodeId ? { ...node, params: { ...node.params, [param]: value } } : node));
  return { ...document, blocks: { ...document.blocks, [key]: { ...definition, nodes } } };
}

/**
 * The document for one input: the --each param set to its file, and every path a sink writes
 * (sink.file, inside blocks too) that is relative made relative to the input's own folder, so
 * each input keeps its own file rather than overwriting one beside the graph.
 */
export function documentForInput(document: GraphDocument, each: ParamAssignment, input: BatchInput, outDir: string): GraphDocument {
  let result = withParam(document, each.node, each.param, input.path);
  for (const { node, param, path, block } of sinkPaths(document)) {
    if (isAbsolute(path)) continue;
    result = block === undefined ? withParam(result, node, param, resolve(outDir, path)) : withInnerParam(result, block, node, param, resolve(outDir, path));
  }
  return result;
}

/** The one line that tells an input's outcome apart, and its status. */
function rowOf(input: BatchInput, result: JobOutcome, check: boolean): SummaryRow {
  const base = { input: input.shown, output: input.stem, ms: result.ms };
  if ('error' in result) return { ...base, status: 'failed', error: result.error, values: [] };
  const { report } = result;
  if (report.failed.length > 0 || report.skipped > 0) {
    return { ...base, status: 'failed', error: report.failed.join('; ') || `${report.skipped} node(s) skipped`, values: report.values };
  }
  if (check && report.failedChecks.length > 0) return { ...base, status: 'check failed', error: report.failedChecks.join('; '), values: report.values };
  return { ...base, status: 'ok', error: '', values: report.values };
}

export async function runBatch(document: GraphDocument, names: ReadonlyMap<string, string>, options: BatchOptions, io: CliIo): Promise<number> {
  const { param } = findTarget(document, options.each);
  if (param.kind !== 'path') {
    throw new UsageError(`${assignmentName(options.each)}: ${param.name} is a ${param.kind}, not a file path: --each takes a param that names a file (use --set for one value)`);
  }
  const all = await listInputs(options.each.text, io.cwd, options.out);
  if (all.length === 0) {
    throw new UsageError(`${assignmentName(options.each)}: no file matches ${printable(options.each.text)} (from ${printable(io.cwd)}); quote the glob so the shell passes it on`);
  }
  checkStems(all);
  const inputs = options.shard ? shardOf(all, options.shard) : all;
  for (const { node, path, block } of sinkPaths(document)) {
    const where = block === undefined ? node : `${node} (inside block ${block})`;
    if (isAbsolute(path)) io.stderr(`convolab: warning: node ${printable(where)} writes ${printable(path)} for every input: each overwrites the last (a relative path goes in each input's folder)\n`);
  }

  try {
    await mkdir(options.out, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${printable(options.out)}: cannot make the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const sinkNames = [...names];
  const jobs: JobList = {
    length: inputs.length,
    at(index) {
      const input = inputs[index]!; // the pool asks for indices < length
      const outDir = resolve(options.out, input.stem);
      return { document: documentForInput(document, options.each, input, outDir), names: sinkNames, outDir };
    },
  };
  const size = Math.max(1, Math.min(options.jobs ?? availableParallelism(), jobs.length));
  // Each engine has its own budget: said, not refused, as they seldom all hold it at once.
  const machine = machineMemory();
  if (options.memory !== undefined && size > 1 && size * options.memory > machine) {
    io.stderr(
      `convolab: warning: ${size} engines at once (-j) may each hold --memory ${formatBytes(options.memory)}, ${formatBytes(size * options.memory)} in all, ` +
        `over this machine's ${formatBytes(machine)}: lower -j or --memory if the batch is killed for memory\n`,
    );
  }
  const rows: (SummaryRow | undefined)[] = new Array(inputs.length);
  const progress = new ProgressDisplay({ total: inputs.length, terminal: io.stderrIsTerminal === true, write: io.stderr });
  // Ctrl-C, or a scheduler's SIGTERM (Slurm at its time limit, Kubernetes evicting a pod): the
  // inputs running finish, the summary says which ran; a second signal ends the process at once.
  const stop = new AbortController();
  const now = (): never => process.exit(1);
  const onSignal = (signal: NodeJS.Signals): void => {
    io.stderr(`${io.stderrIsTerminal ? '\n' : ''}convolab: ${signal}: finishing the inputs running, then writing the summary (${signal} again to stop now)\n`);
    stop.abort(`interrupted (${signal})`);
    for (const other of signals) process.removeListener(other, onSignal).once(other, now);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const signal of signals) process.once(signal, onSignal);
  // A node's warning (a File sink clipping, say), once per node after the run rather than once per
  // input: how many inputs it came on, and the first of them (in input order) with its note.
  const warnings = new Map<string, { count: number; first: number; note: string }>();
  try {
    await runPool(jobs, { size, graphDir: dirname(options.graph), bandThreads: Math.max(1, Math.floor(availableParallelism() / size)), ...(options.memory !== undefined ? { memoryLimit: options.memory } : {}), stop: stop.signal }, (index, result) => {
      const row = rowOf(inputs[index]!, result, options.check); // index < inputs.length
      rows[index] = row;
      progress.add(row);
      if ('report' in result) {
        for (const [node, note] of result.report.warned) {
          const seen = warnings.get(node);
          if (!seen) warnings.set(node, { count: 1, first: index, note });
          else warnings.set(node, { count: seen.count + 1, ...(index < seen.first ? { first: index, note } : { first: seen.first, note: seen.note }) });
        }
      }
    });
  } finally {
    for (const signal of signals) process.removeListener(signal, onSignal).removeListener(signal, now);
  }
  progress.finish();
  for (const [node, { count, first, note }] of [...warnings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const on = `on ${count} of ${inputs.length} input${inputs.length === 1 ? '' : 's'}`;
    io.stderr(`convolab: warning: node ${printable(`${node} ${on}, first ${inputs[first]!.shown}: ${note}`)}\n`);
  }

  const finished = rows.filter((row): row is SummaryRow => row !== undefined);
  const summaryPath = resolve(options.out, summaryName(options.shard));
  await writeFileAtomic(summaryPath, summaryCsv(finished));
  const failed = finished.filter((row) => row.status !== 'ok').length;
  if (options.json) {
    const inputsJson = finished.map((row) => ({ ...row, ms: Math.round(row.ms * 1000) / 1000, values: Object.fromEntries(row.values) }));
    io.stdout(printableJson(JSON.stringify({ inputs: inputsJson }, null, 2)) + '\n');
  } else {
    const shard = options.shard ? ` (shard ${options.shard.index}/${options.shard.count} of ${all.length})` : '';
    io.stdout(`ran ${finished.length} input${finished.length === 1 ? '' : 's'}${shard}: ${finished.length - failed} ok, ${failed} failed; results in ${printable(options.out)}, summary in ${printable(summaryPath)}\n`);
  }
  return failed > 0 ? 1 : 0;
}
