/**
 * One worker of a batch run's pool (batch-pool.ts): owns one engine, kept warm from input to
 * input, and computes the jobs it is sent one at a time, each written into its input's folder
 * with the code a single `convolab run` uses (run-graph.ts). The engine's memo carries over between inputs, so
 * what does not depend on the input (an impulse response, a kernel) is computed once per worker.
 *
 * Files are read and written with synchronous calls on this thread (it blocks nobody), so that an
 * input costs this thread's time and little else: no round trip through the thread pool for each
 * open, write and close. Only the flushes to disk go through the pool: an input's files are staged
 * as soon as it is computed and committed in a group with every other input staged meanwhile
 * (GroupCommitter), while the next inputs compute (docs/batch-io.md).
 *
 * The engine has a buffer pool (docs/batch-io.md, "A buffer pool per worker"): an input's large
 * outputs are written into the buffers of an earlier input's, which its memo let go, instead of
 * new arrays whose pages fault in. The next input's run hands the buffers of this one's outcomes
 * to its own nodes, so this input's results are staged before the next input computes: the next
 * compute waits on `computeAndStage`, the one function that holds the outcomes (below).
 */
import { mkdirSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { type BufferPool, bufferPoolFor } from '../../src-shared/dsp/buffer-pool';
import { DEFAULT_MEMORY_LIMIT, type Engine, type NodeOutcome } from '../../src-shared/engine/engine';
import { NpyEncoder } from '../../src-shared/io/npy';
import { loadSimd } from '../dsp/simd';
import { AtomicFileSet, GroupCommitter, type StagingWitness } from '../files/atomic';
import { createParallelDsp } from '../host/parallel';
import { type FromBatchWorker, type JobReport, TempLedger, type ToBatchWorker } from './batch-messages';
import { type InputTrace, recordTrace, traceClock, tracing } from './batch-trace';
import { createRunEngine, runGraph, stageRunResults } from './run-graph';

if (!parentPort) throw new Error('the batch worker must run in a worker thread');
const port = parentPort;

let engine: Promise<Engine> | undefined;
/** The engine's buffer pool (startEngine). */
let pool: BufferPool | undefined;
/**
 * The input computing or staging now: inputs compute one at a time, each once the one before is
 * staged (its outcomes' buffers are then free to recycle), while earlier ones' files are still
 * being committed.
 */
let computing: Promise<unknown> = Promise.resolve();
/** The last input's answer: each input is answered after the one before it. */
let answered: Promise<void> = Promise.resolve();
/** The files of the input computing now: what its sink.file nodes write is staged here, and committed with its results. */
let staging: AtomicFileSet | undefined;
/** This worker's inputs' files, committed in groups: those staged while a group is on the disk go together in the next. */
const committer = new GroupCommitter();

/**
 * Encodes every `.npy` this worker stages into one buffer, reused file after file: staging writes
 * a file's bytes before it returns (AtomicFileSet.stage), so the next file's encoding cannot reach
 * them (docs/batch-io.md, "Beside the graph").
 */
const encoder = new NpyEncoder();

/** Where this worker writes the names of its inputs' temporary files for the pool (given at init). */
let ledger: TempLedger | undefined;

/**
 * Tells the pool the name of each temporary file input `id` makes, before it is made, in the input's
 * slot of the ledger (by message once the slot is full): if this thread dies, the pool removes them.
 */
function witnessFor(id: number, slot: number): StagingWitness {
  let full = false;
  const tell = (temp: string, takenBack: boolean): void => {
    full ||= !ledger?.write(slot, temp, takenBack);
    if (full) port.postMessage({ kind: takenBack ? 'not-temp' : 'temp', id, temp } satisfies FromBatchWorker);
  };
  return { making: (temp) => tell(temp, false), notMade: (temp) => tell(temp, true) };
}

async function startEngine(message: Extract<ToBatchWorker, { kind: 'init' }>): Promise<Engine> {
  // The DSP core's SIMD kernels (or, with CONVOLAB_SIMD=0, the plain path), as in every engine.
  await loadSimd();
  const url = message.bandWorkerUrl;
  const parallel = message.bandThreads > 1
    ? createParallelDsp({ threads: message.bandThreads, immutableInputs: true, workerUrl: url.startsWith('file:') ? new URL(url) : url })
    : undefined;
  const staged = (): AtomicFileSet => {
    if (!staging) throw new Error('a file written outside an input’s run');
    return staging;
  };
  const memoryLimit = message.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  pool = bufferPoolFor(memoryLimit, BATCH_POOL_MIN_BYTES);
  return createRunEngine({ graphDir: message.graphDir, staged, bufferPool: pool, memoryLimit, ...(parallel ? { parallel } : {}) });
}

/**
 * The smallest output a batch worker's pool recycles. An engine worker's pool starts at 256 KiB
 * (ENGINE_POOL_MIN_BYTES), past which a fresh array's page faults cost more than computing it;
 * a batch worker runs the same graph on input after input, so nearly every output finds an idle
 * buffer of its exact size, and smaller ones are worth keeping too: the reverb example's outputs
 * are 31,999 samples, 8 bytes under 256 KiB (docs/batch-io.md, "A buffer pool per worker").
 */
const BATCH_POOL_MIN_BYTES = 64 * 1024;

/**
 * Computes one input's graph. Its outcomes are valid until the next input's run starts: that run
 * recycles their buffers (the engine's pool), so they are staged first (computeAndStage).
 */
async function compute(message: Extract<ToBatchWorker, { kind: 'job' }>, trace: InputTrace): Promise<{ started: number; outcomes: NodeOutcome[]; files: AtomicFileSet }> {
  const started = performance.now();
  if (tracing) trace.computeStart = traceClock();
  if (!engine) throw new Error('batch worker used before init');
  const ready = await engine;
  try {
    mkdirSync(message.outDir, { recursive: true });
  } catch (error) {
    throw new Error(`cannot make the folder ${message.outDir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const files = new AtomicFileSet({ committer, witness: witnessFor(message.id, message.slot) });
  staging = files;
  // Idle buffers no size of the last input wanted go (inputs of differing lengths).
  pool?.nextRun();
  try {
    const outcomes = await runGraph(ready, message.document);
    if (tracing) trace.computeEnd = traceClock();
    return { started, outcomes, files };
  } catch (error) {
    files.discard();
    throw error;
  } finally {
    staging = undefined;
  }
}

/**
 * Computes one input and stages its results; the outcomes never leave this function, so nothing
 * reads them once it has returned, and the next input's compute waits for it to return.
 */
async function computeAndStage(message: Extract<ToBatchWorker, { kind: 'job' }>, trace: InputTrace): Promise<{ started: number; files: AtomicFileSet; report: JobReport }> {
  const { started, outcomes, files } = await compute(message, trace);
  const report = stage(message, outcomes, files);
  if (tracing && pool) trace.pool = { ...pool.stats };
  return { started, files, report };
}

/** Stages an input's results at once (stageRunResults: what it stages are copies, written before it returns), for `commit`. */
function stage(message: Extract<ToBatchWorker, { kind: 'job' }>, outcomes: readonly NodeOutcome[], files: AtomicFileSet): JobReport {
  const result = stageRunResults(outcomes, new Map(message.names), message.outDir, files, encoder);
  return {
    nodeCount: result.nodeCount,
    failed: result.failed.map((node) => `${node.id} (${node.type}): ${node.error ?? 'failed'}`),
    skipped: result.skipped.length,
    failedChecks: result.failedChecks,
    warned: result.warned.map((node) => [`${node.id} (${node.type})`, node.info ?? ''] as const),
    values: result.values,
  };
}

/** Commits an input's staged files with the group they join; its report stands once they are durable. */
async function commit(files: AtomicFileSet, trace: InputTrace): Promise<void> {
  if (!tracing) return files.commit();
  trace.commitStart = traceClock();
  trace.fileFlushes = files.size;
  try {
    trace.group = await committer.commit(files);
  } finally {
    trace.commitEnd = traceClock();
  }
}

port.on('message', (message: ToBatchWorker) => {
  if (message.kind === 'init') {
    ledger = new TempLedger(message.ledger);
    engine = startEngine(message);
    // A failure to start shows on the first job; keep it from being an unhandled rejection meanwhile.
    engine.catch(() => undefined);
    return;
  }
  // The pool sends more inputs before the first is done: they compute while earlier ones' files
  // go to disk, so the disk's flushes do not add to every input's time.
  const { id } = message;
  const trace: InputTrace = { id, arrived: tracing ? traceClock() : 0 };
  // The next input computes once this one is staged, not merely computed: its run hands this
  // one's buffers to its own nodes (the engine's pool).
  const staged = computing.then(() => computeAndStage(message, trace));
  computing = staged.catch(() => undefined);
  const arrived = performance.now();
  const reply = staged
    .then(async ({ started, files, report }): Promise<FromBatchWorker> => {
      await commit(files, trace);
      return { kind: 'done', id, report, ms: performance.now() - started };
    })
    .catch((error: unknown): FromBatchWorker => ({ kind: 'done', id, ms: performance.now() - arrived, error: error instanceof Error ? error.message : String(error) }));
  // Answers in the order the inputs came, though a later input's group may end first:
  // with -j 1 the progress lines and the rows come in the inputs' order.
  const before = answered;
  answered = Promise.all([reply, before]).then(([done]) => {
    recordTrace(trace);
    port.postMessage(done);
  });
});
