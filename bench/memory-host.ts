/**
 * PERF.md's memory case, in a process of its own so that nothing else lives in it: an engine host
 * (main thread + engine worker, as `convolab serve` runs it) computes a graph of ten nodes that
 * each hold a million samples or more, keeps every output in its memo as the app does, and then
 * takes 1,000 param changes (a shift of the last node's output, so every change recomputes a
 * 2,000,001-sample value). It prints one JSON line: the process's resident memory before the host
 * starts, idle, after the run and after 100 and 1,000 changes, in MB, and the worker's own heap
 * and buffers at those points, as the runs left them and after a full collection
 * (bench/measured-worker.mjs): what is still referenced must not grow with the changes.
 * Run by bench/run.ts (`npm run bench -- --filter memory`). CONVOLAB_WORKER=path runs a built
 * engine worker (out/cli/engine-worker.mjs from `node scripts/build-cli.mjs`) instead of the
 * source one; CONVOLAB_MEMORY_CHANGES sets the number of changes. CONVOLAB_MEMORY_MAPS=1 adds
 * where the resident memory is at each point (Linux: /proc/self/smaps, by kind of mapping; see
 * docs/buffer-pool.md, "Host memory").
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EngineHost } from '../src-main/host/host';
import type { GraphDocument } from '../src-shared/graph/document';
import type { HostEvent } from '../src-shared/protocol';

const CHANGES = Number(process.env.CONVOLAB_MEMORY_CHANGES ?? 1000);
/** Runs before the first change: the idle graph and the big graph. */
const FIRST = 2;

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, params });
const edge = (id: string, source: string, target: string, targetHandle: string) => ({ id, source, sourceHandle: 'out', target, targetHandle });
const doc = {
  format: 'convolab.graph', version: 1,
  nodes: [
    node('x', 'source.function', { shape: 'noise', t0: 0, t1: 10, rate: 100_000, seed: 1 }),
    node('scaled', 'op.scale', { factor: 0.5 }),
    node('rectified', 'op.abs'),
    node('flipped', 'op.flip'),
    node('sum', 'op.add'),
    node('relu', 'op.relu'),
    node('normal', 'op.normalize'),
    node('kernel', 'kernel.gaussian', { dims: 1, sigma: 4 }),
    node('blurred', 'op.convolve', { mode: 'same' }),
    node('detail', 'op.subtract'),
    node('moved', 'op.shift', { dx: 10 }),
    node('plot', 'sink.plot'),
  ],
  edges: [
    edge('e1', 'x', 'scaled', 'in'), edge('e2', 'scaled', 'rectified', 'in'), edge('e3', 'rectified', 'flipped', 'in'),
    edge('e4', 'scaled', 'sum', 'a'), edge('e5', 'flipped', 'sum', 'b'), edge('e6', 'sum', 'relu', 'in'),
    edge('e7', 'relu', 'normal', 'in'), edge('e8', 'normal', 'blurred', 'a'), edge('e9', 'kernel', 'blurred', 'b'),
    edge('e10', 'blurred', 'detail', 'a'), edge('e11', 'normal', 'detail', 'b'), edge('e12', 'detail', 'moved', 'in'),
    edge('e13', 'moved', 'plot', 'in'),
  ],
} as unknown as GraphDocument;
/** The graph with the shift changed: `moved` and the plot recompute, nothing else. */
const changed = (dx: number): GraphDocument => ({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'moved' ? { ...n, params: { dx } } : n)) });

interface Usage { heapUsed: number; heapTotal: number; arrayBuffers: number; external: number }
interface WorkerMemory { run: number; before: Usage; after: Usage }

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const rss = (): number => mb(process.memoryUsage().rss);
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

/**
 * This process's resident MB by kind of mapping: `code` (files: node's binary, libraries),
 * `brk` (the main thread's malloc heap), `small` (anonymous under 1 MiB: V8's heap pages, thread
 * stacks), `large` (anonymous from 1 MiB: typed arrays' own mappings, the threads' malloc arenas,
 * WebAssembly memories).
 */
function residentByKind(): Record<string, number> {
  const kb: Record<string, number> = { code: 0, brk: 0, small: 0, large: 0 };
  let kind = 'code';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const [, start, end, name] = mapping;
      const bytes = parseInt(end!, 16) - parseInt(start!, 16);
      kind = name === '[heap]' ? 'brk' : name ? 'code' : bytes < 2 ** 20 ? 'small' : 'large';
      continue;
    }
    const resident = /^Rss:\s+(\d+) kB/.exec(line);
    if (resident) kb[kind]! += Number(resident[1]);
  }
  return Object.fromEntries(Object.entries(kb).map(([kind, value]) => [kind, Math.round((value / 1024) * 10) / 10]));
}
const maps: Record<string, Record<string, number>> = {};
const mapsAt = (label: string): void => {
  if (process.env.CONVOLAB_MEMORY_MAPS === '1' && existsSync('/proc/self/smaps')) maps[label] = residentByKind();
};

const built = process.env.CONVOLAB_WORKER ? resolve(process.env.CONVOLAB_WORKER) : undefined;
const builtBand = built ? join(dirname(built), 'band-worker.mjs') : undefined;
process.env.CONVOLAB_MEASURE_AT = [FIRST, FIRST + Math.min(100, CHANGES), FIRST + CHANGES].join(',');
const before = rss();
const host = new EngineHost({
  workerUrl: new URL('./measured-worker.mjs', import.meta.url),
  ...(builtBand && existsSync(builtBand) ? { bandWorkerUrl: builtBand } : {}),
  baseDir: process.cwd(), mode: 'browser', version: 'bench',
});
const worker = new Map<number, WorkerMemory>();
let nodesOk = 0;
const failed: string[] = [];
let ended: ((event: Extract<HostEvent, { kind: 'runEnd' }>) => void) | undefined;
host.onEvent((event) => {
  if (event.kind === 'runEnd') ended?.(event);
  else if (event.kind === 'nodesDone') {
    for (const { report } of event.nodes) {
      if (report.status === 'ok') nodesOk++;
      else failed.push(`${report.id}: ${report.error}`);
    }
  } else if (event.kind === 'notice' && event.message.startsWith('memory ')) {
    const sample = JSON.parse(event.message.slice(7)) as WorkerMemory;
    worker.set(sample.run, sample);
  }
});
async function runOnce(graph: GraphDocument): Promise<Extract<HostEvent, { kind: 'runEnd' }>> {
  const done = new Promise<Extract<HostEvent, { kind: 'runEnd' }>>((resolve) => (ended = resolve));
  await host.run({ doc: graph });
  const end = await done;
  if (end.status !== 'done') throw new Error(`memory bench: a run ended ${end.status}${end.error ? `: ${end.error}` : ''}`);
  return end;
}
// The host idle: worker started, code loaded, a trivial graph run.
await runOnce({ format: 'convolab.graph', version: 1, nodes: [node('s', 'source.sequence', { values: [1, 2, 3] }), node('p', 'sink.plot')], edges: [edge('e', 's', 'p', 'in')] } as unknown as GraphDocument);
await settle();
const idle = rss();
mapsAt('idle');
nodesOk = 0;
const end = await runOnce(doc);
const graphNodesOk = nodesOk;
// Settle: let the worker's garbage of intermediate arrays go, as it would between runs.
await settle();
const after = rss();
mapsAt('after');
const hostHeap = process.memoryUsage().heapUsed;
const changes: Record<number, number> = {};
for (let i = 1; i <= CHANGES; i++) {
  await runOnce(changed(10 + i));
  if (i === 100 || i === CHANGES) {
    await settle();
    changes[i] = rss();
    mapsAt(`after${i}Changes`);
  }
}
await settle();
const measured = (run: number) => {
  const sample = worker.get(run);
  return sample && { heapUsedMB: mb(sample.after.heapUsed), arrayBuffersMB: mb(sample.after.arrayBuffers), externalMB: mb(sample.after.external), heapTotalMB: mb(sample.before.heapTotal) };
};
process.stdout.write(JSON.stringify({
  status: end.status, nodesOk: graphNodesOk, failed, worker: built ?? 'source', ms: end.ms,
  rssBeforeMB: before, rssIdleMB: idle, rssAfterMB: after,
  rssAfter100ChangesMB: changes[100], [`rssAfter${CHANGES}ChangesMB`]: changes[CHANGES],
  hostHeapGrowthMB: mb(process.memoryUsage().heapUsed - hostHeap),
  workerAfterRun: measured(FIRST), workerAfter100: measured(FIRST + Math.min(100, CHANGES)), [`workerAfter${CHANGES}`]: measured(FIRST + CHANGES),
  ...(Object.keys(maps).length > 0 ? { residentByKindMB: maps } : {}),
}) + '\n');
await host.dispose();
