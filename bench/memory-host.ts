/**
 * PERF.md's memory case, in a process of its own so that nothing else lives in it: an engine host
 * (main thread + engine worker, as `convolab serve` runs it) computes a graph of ten nodes that
 * each hold 1,000,001 samples, keeps every output in its memo as the app does, and prints one
 * JSON line: the process's resident memory before the host starts and after the run, in MB.
 * Run by bench/run.ts (`npm run bench -- --filter memory`); CONVOLAB_WORKER=path runs a built
 * engine worker (out/main/chunks/worker-*.js, as Electron does) instead of the source one.
 */
import { EngineHost } from '../src-main/host/host';
import type { GraphDocument } from '../src-shared/graph/document';
import type { HostEvent } from '../src-shared/protocol';

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

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const before = process.memoryUsage().rss;
const host = new EngineHost({ ...(process.env.CONVOLAB_WORKER ? { workerUrl: process.env.CONVOLAB_WORKER } : {}), baseDir: process.cwd(), mode: 'browser', version: 'bench' });
const events: HostEvent[] = [];
let ended: ((event: Extract<HostEvent, { kind: 'runEnd' }>) => void) | undefined;
host.onEvent((event) => {
  events.push(event);
  if (event.kind === 'runEnd') ended?.(event);
});
async function runOnce(graph: GraphDocument): Promise<Extract<HostEvent, { kind: 'runEnd' }>> {
  const done = new Promise<Extract<HostEvent, { kind: 'runEnd' }>>((resolve) => (ended = resolve));
  await host.run({ doc: graph });
  return done;
}
// The host idle: worker started, code loaded, a trivial graph run.
const idle = await runOnce({ format: 'convolab.graph', version: 1, nodes: [node('s', 'source.sequence', { values: [1, 2, 3] }), node('p', 'sink.plot')], edges: [edge('e', 's', 'p', 'in')] } as unknown as GraphDocument);
await new Promise((resolve) => setTimeout(resolve, 500));
const idleRss = process.memoryUsage().rss;
events.length = 0;
const end = await runOnce(doc);
const sizes = events.filter((e) => e.kind === 'nodeDone' && e.report.status === 'ok').length;
const failed = events.filter((e) => e.kind === 'nodeDone' && e.report.status !== 'ok').map((e) => e.kind === 'nodeDone' && `${e.report.id}: ${e.report.error}`);
// Settle: let the worker's garbage of intermediate arrays go, as it would between runs.
await new Promise((resolve) => setTimeout(resolve, 500));
const after = process.memoryUsage().rss;
process.stdout.write(JSON.stringify({ status: end.status, nodesOk: sizes, failed, rssBeforeMB: mb(before), rssIdleMB: mb(idleRss), rssAfterMB: mb(after), idleStatus: idle.status, ms: end.ms }) + '\n');
await host.dispose();
