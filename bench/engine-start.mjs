// What an engine worker costs to start, as `convolab serve` starts one per page: the built
// engine worker (out/cli/engine-worker.mjs) started N times in a row, each until its first run
// (the empty graph a fresh page sends) ends, then an example's first run. Prints wall time and the
// process's CPU time (all threads) per phase.
//
//   node bench/engine-start.mjs [N=5] [EXAMPLE=examples/convolution-theorem.convolab.json]
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const count = Number(process.argv[2] ?? 5);
const example = JSON.parse(readFileSync(process.argv[3] ?? 'examples/convolution-theorem.convolab.json', 'utf8'));
const engineUrl = new URL('../out/cli/engine-worker.mjs', import.meta.url);
const bandUrl = new URL('../out/cli/band-worker.mjs', import.meta.url);
const empty = { format: example.format, version: example.version, nodes: [], edges: [] };

function runEnd(worker, runId, request) {
  // The worker runs a run while the shared cell names it (a newer id cancels it), as the host does.
  Atomics.store(new Int32Array(worker.cancelCell), 0, runId);
  return new Promise((resolve) => {
    const listen = (message) => {
      const events = message.kind === 'event' ? [message.event] : message.kind === 'events' ? message.events : [];
      for (const event of events) {
        if (event.kind === 'runEnd' && event.runId === runId) {
          worker.off('message', listen);
          resolve(event);
        }
      }
    };
    worker.on('message', listen);
    worker.postMessage({ kind: 'run', runId, request });
  });
}

const cpu = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const rows = [];
for (let i = 0; i < count; i++) {
  const w0 = performance.now();
  const c0 = cpu();
  const worker = new Worker(engineUrl, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  worker.cancelCell = new SharedArrayBuffer(4);
  worker.postMessage({ kind: 'init', cancelCell: worker.cancelCell, baseDir: process.cwd(), bandWorkerUrl: bandUrl.href });
  await new Promise((resolve) => worker.once('online', resolve));
  const w1 = performance.now();
  const empties = await runEnd(worker, 1, { doc: empty });
  const w2 = performance.now();
  const c2 = cpu();
  const first = await runEnd(worker, 2, { doc: example, resend: true });
  const w3 = performance.now();
  const c3 = cpu();
  await runEnd(worker, 3, { doc: { ...example, nodes: example.nodes.map((node) => ({ ...node, params: { ...node.params } })) }, resend: true });
  const w4 = performance.now();
  await worker.terminate();
  rows.push({ online: w1 - w0, 'empty run ends': w2 - w0, 'start CPU': c2 - c0, 'example run': w3 - w2, 'example run (engine ms)': first.ms, 'example CPU': c3 - c2, 'again (cached)': w4 - w3, status: empties.status, firstStatus: first.status, firstError: first.error });
}
console.log(rows.map((row) => `${row.status}/${row.firstStatus}${row.firstError ? ` (${row.firstError})` : ''}`).join(' '));
console.log(`${count} engine workers, one after another (ms)`);
for (const name of Object.keys(rows[0])) {
  if (typeof rows[0][name] !== 'number') continue;
  console.log(name.padEnd(26) + rows.map((row) => Math.round(row[name]).toString().padStart(7)).join(''));
}
